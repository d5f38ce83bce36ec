package dev.ssobundle.oidc;

import dev.ssobundle.compat.FeatureBinding;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

final class OidcApiResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;
    private final FeatureBinding<OidcKeycloakAdapter> keycloak;
    private final Set<String> userEditableLegacySubjectWarned;

    OidcApiResourceProvider(KeycloakSession session, FeatureBinding<OidcKeycloakAdapter> keycloak,
            Set<String> userEditableLegacySubjectWarned) {
        this.session = session;
        this.keycloak = keycloak;
        this.userEditableLegacySubjectWarned = userEditableLegacySubjectWarned;
    }

    @Override
    public Object getResource() {
        // refused: OAuth's own code for a server that cannot handle the request (RFC 6749 4.1.2.1)
        return keycloak.resource(adapter -> new OidcApiResource(session, adapter, userEditableLegacySubjectWarned),
                message -> Map.of("error", "temporarily_unavailable", "error_description", message), MediaType.APPLICATION_JSON);
    }

    @Override
    public void close() {
    }
}
