package dev.ssobundle.oidc;

import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

final class OidcApiResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;
    private final Set<String> userEditableLegacySubjectWarned;

    OidcApiResourceProvider(KeycloakSession session, Set<String> userEditableLegacySubjectWarned) {
        this.session = session;
        this.userEditableLegacySubjectWarned = userEditableLegacySubjectWarned;
    }

    @Override
    public Object getResource() {
        return new OidcApiResource(session, userEditableLegacySubjectWarned);
    }

    @Override
    public void close() {
    }
}
