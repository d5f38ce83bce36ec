package dev.ssobundle.oidc;

import dev.ssobundle.compat.FeatureBindingFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Mounts the Encvoy-compatible OIDC API under {@code /realms/{realm}/api}.
 * The factory holds the Keycloak adapter bound at start-up and remembers which realms were
 * already warned about a user-editable legacy subject; each request gets a fresh provider bound to its session.
 */
public final class OidcApiResourceProviderFactory extends FeatureBindingFactory<OidcKeycloakAdapter> implements RealmResourceProviderFactory {

    /** Path segment under {@code /realms/{realm}/}; Encvoy mounts its provider at {@code /api/oidc}. */
    public static final String PROVIDER_ID = "api";

    /** Realms already warned (on this node) that their legacy-subject attribute is user-editable: one ERROR each, not one per request. */
    private final Set<String> userEditableLegacySubjectWarned = ConcurrentHashMap.newKeySet();

    public OidcApiResourceProviderFactory() {
        super(OidcKeycloakAdapter.FEATURE, OidcKeycloakAdapter::bind);
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new OidcApiResourceProvider(session, featureBinding(), userEditableLegacySubjectWarned);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
