package dev.ssobundle.oidc;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

final class OidcApiResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;

    OidcApiResourceProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        return new OidcApiResource(session);
    }

    @Override
    public void close() {
    }
}
