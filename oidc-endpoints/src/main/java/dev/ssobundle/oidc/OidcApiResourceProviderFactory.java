package dev.ssobundle.oidc;

import dev.ssobundle.compat.FeatureBinding;
import dev.ssobundle.compat.FeatureBindingAware;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Mounts the Encvoy-compatible OIDC API under {@code /realms/{realm}/api}.
 * The factory holds only the Keycloak adapter bound at start-up; each request gets a fresh provider
 * bound to its session.
 */
public final class OidcApiResourceProviderFactory implements RealmResourceProviderFactory, FeatureBindingAware {

    /** Path segment under {@code /realms/{realm}/}; Encvoy mounts its provider at {@code /api/oidc}. */
    public static final String PROVIDER_ID = "api";

    private FeatureBinding<OidcKeycloakAdapter> keycloak;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new OidcApiResourceProvider(session, keycloak);
    }

    @Override
    public void init(Config.Scope config) {
        keycloak = FeatureBinding.bind(OidcKeycloakAdapter.FEATURE, OidcKeycloakAdapter::bind);
    }

    @Override
    public FeatureBinding<?> featureBinding() {
        return keycloak;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
