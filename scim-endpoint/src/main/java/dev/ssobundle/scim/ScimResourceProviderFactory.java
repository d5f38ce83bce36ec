package dev.ssobundle.scim;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts the SCIM 2.0 service provider under {@code /realms/{realm}/scim}. */
public final class ScimResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "scim";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new ScimRootResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(new MembershipChangeListener());
    }

    @Override
    public void close() {
    }

    /**
     * Keycloak 26.7's preview SCIM API ({@code --features=scim-api}) registers the same realm
     * resource id "scim". Keycloak keeps one factory per id, the one with the higher order, so this
     * endpoint answers /realms/{realm}/scim whether or not the preview feature is enabled.
     */
    @Override
    public int order() {
        return 100;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
