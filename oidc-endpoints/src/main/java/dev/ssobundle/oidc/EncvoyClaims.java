package dev.ssobundle.oidc;

import dev.ssobundle.compat.BundleSetting;
import dev.ssobundle.compat.BundleSettings;
import java.util.List;
import java.util.Map;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.TokenUtil;

/** Claims Encvoy's {@code /me} returns on top of the standard ones, where Keycloak has the data. */
final class EncvoyClaims {

    /** Client attribute: {@code true} adds a top-level {@code roles} array to {@code /me}. */
    static final String CLIENT_USERINFO_ROLES = "ssoBundle.oidcApi.userinfoRoles";
    /** Client attribute: {@code true} adds a top-level {@code groups} array to {@code /me}. */
    static final String CLIENT_USERINFO_GROUPS = "ssoBundle.oidcApi.userinfoGroups";

    private EncvoyClaims() {
    }

    static void addTo(KeycloakSession session, Map<String, Object> claims, UserModel user, ClientModel client, String scope, OidcAliasRealmConfig config) {
        String legacySubject = LegacySubject.of(session, user, config.legacySubjectAttribute());
        if (legacySubject != null) {
            claims.put("sub", legacySubject);
        }
        claims.putIfAbsent("login", user.getUsername());
        claims.putIfAbsent("nickname", user.getUsername());
        String picture = user.getFirstAttribute("picture");
        if (picture != null) {
            claims.putIfAbsent("picture", picture);
        }
        // Rocket.Chat reads roles and groups only as top-level arrays.
        if (asked(client, scope, "roles", CLIENT_USERINFO_ROLES)) {
            List<String> roles = user.getRoleMappingsStream()
                    .filter(role -> !role.isClientRole())
                    .map(RoleModel::getName)
                    .filter(name -> !name.startsWith("default-roles-") && !name.equals("offline_access") && !name.equals("uma_authorization"))
                    .sorted().toList();
            claims.put("roles", roles);
        }
        if (asked(client, scope, "groups", CLIENT_USERINFO_GROUPS)) {
            claims.put("groups", user.getGroupsStream().map(GroupModel::getName).sorted().toList());
        }
    }

    private static boolean asked(ClientModel client, String scope, String scopeName, String clientAttribute) {
        return TokenUtil.hasScope(scope, scopeName) || BundleSettings.client(client.getClientId(), client::getAttribute).flag(BundleSetting.named(clientAttribute));
    }
}
