package dev.ssobundle.mtls;

import dev.ssobundle.compat.FeatureBinding;
import dev.ssobundle.compat.FeatureBindingFactory;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import dev.ssobundle.devsecrets.DevSecrets;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Mounts the certificate site's handler under {@code /realms/{realm}/mtls}; nginx's mTLS server maps
 * {@code /api/mtls/<realm>/} there, and the regular HTTPS site refuses that path.
 */
public final class MtlsCertificateResourceProviderFactory extends FeatureBindingFactory<MtlsKeycloakAdapter>
        implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "mtls";

    public MtlsCertificateResourceProviderFactory() {
        super(MtlsKeycloakAdapter::binding);
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        FeatureBinding<MtlsKeycloakAdapter> binding = featureBinding();
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return binding.resource(adapter -> new MtlsCertificateResource(session),
                        message -> Map.of("error", "feature_unavailable", "error_description", message), MediaType.APPLICATION_JSON);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Once the realms are imported and migrated: one ERROR per mTLS provider whose secret is a published one. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        DevSecrets.logAtStartUp(factory, (session, realm) -> session.identityProviders().getAllStream()
                .filter(model -> MtlsIdentityProviderFactory.PROVIDER_ID.equals(model.getProviderId()))
                .map(model -> CertificateTrust.devSecretRefusal(realm.getName(), new MtlsIdentityProviderConfig(model)))
                .flatMap(java.util.Optional::stream));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
