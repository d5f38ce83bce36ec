package dev.ssobundle.oidc;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Mounts the Encvoy-compatible OIDC API under {@code /realms/{realm}/api}.
 * Each request gets a fresh provider bound to its session; the factory only remembers which
 * realms were already warned about a user-editable legacy subject.
 */
public final class OidcApiResourceProviderFactory implements RealmResourceProviderFactory {

    /** Path segment under {@code /realms/{realm}/}; Encvoy mounts its provider at {@code /api/oidc}. */
    public static final String PROVIDER_ID = "api";

    /** Realms already warned (on this node) that their legacy-subject attribute is user-editable: one ERROR each, not one per request. */
    private final Set<String> userEditableLegacySubjectWarned = ConcurrentHashMap.newKeySet();

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new OidcApiResourceProvider(session, userEditableLegacySubjectWarned);
    }

    @Override
    public void init(Config.Scope config) {
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
