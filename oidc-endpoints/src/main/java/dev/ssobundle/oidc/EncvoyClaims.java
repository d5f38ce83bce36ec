package dev.ssobundle.oidc;

import java.util.Map;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;

/** Claims Encvoy's {@code /me} returns on top of the standard ones, where Keycloak has the data. */
final class EncvoyClaims {

    private EncvoyClaims() {
    }

    static void addTo(Map<String, Object> claims, UserModel user, ClientModel client, OidcAliasRealmConfig config) {
        claims.putIfAbsent("login", user.getUsername());
        claims.putIfAbsent("nickname", user.getUsername());
        String picture = user.getFirstAttribute("picture");
        if (picture != null) {
            claims.putIfAbsent("picture", picture);
        }
    }
}
