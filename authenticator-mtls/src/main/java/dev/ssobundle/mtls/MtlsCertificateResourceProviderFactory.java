package dev.ssobundle.mtls;

import dev.ssobundle.compat.FeatureBinding;
import dev.ssobundle.compat.FeatureBindingAware;
import dev.ssobundle.compat.UnavailableFeatureResource;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import dev.ssobundle.devsecrets.DevSecrets;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Mounts the certificate site's handler under {@code /realms/{realm}/mtls}; nginx's mTLS server maps
 * {@code /api/mtls/<realm>/} there, and the regular HTTPS site refuses that path.
 */
public final class MtlsCertificateResourceProviderFactory implements RealmResourceProviderFactory, FeatureBindingAware {

    public static final String PROVIDER_ID = "mtls";

    private FeatureBinding<MtlsKeycloakAdapter> keycloak;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        FeatureBinding<MtlsKeycloakAdapter> binding = keycloak;
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                if (!binding.isBound()) {
                    return new UnavailableFeatureResource(Map.of("error", "feature_unavailable",
                            "error_description", binding.unavailableMessage()), MediaType.APPLICATION_JSON);
                }
                return new MtlsCertificateResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        keycloak = MtlsKeycloakAdapter.binding();
    }

    @Override
    public FeatureBinding<?> featureBinding() {
        return keycloak;
    }

    /** Once the realms are imported and migrated: one ERROR per mTLS provider whose secret is a published one. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (!DevSecrets.productionMode()) {
            return;
        }
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream().forEach(realm -> {
                    session.getContext().setRealm(realm);
                    session.identityProviders().getAllStream()
                            .filter(model -> MtlsIdentityProviderFactory.PROVIDER_ID.equals(model.getProviderId()))
                            .map(model -> CertificateTrust.devSecretRefusal(realm.getName(), new MtlsIdentityProviderConfig(model)))
                            .flatMap(java.util.Optional::stream)
                            .forEach(DevSecrets::logAtStartUp);
                }));
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
