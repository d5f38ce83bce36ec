package dev.ssobundle.mtls;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Mounts the certificate site's handler under {@code /realms/{realm}/mtls}; nginx's mTLS server maps
 * {@code /api/mtls/<realm>/} there, and the regular HTTPS site refuses that path.
 */
public final class MtlsCertificateResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "mtls";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new MtlsCertificateResource(session);
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
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
