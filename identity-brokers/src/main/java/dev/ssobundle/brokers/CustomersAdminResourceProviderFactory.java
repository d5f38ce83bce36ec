package dev.ssobundle.brokers;

import dev.ssobundle.compat.FeatureBinding;
import dev.ssobundle.compat.FeatureBindingFactory;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Mounts the customer onboarding API under {@code /admin/realms/{realm}/customers}. */
public final class CustomersAdminResourceProviderFactory extends FeatureBindingFactory<BrokersKeycloakAdapter>
        implements AdminRealmResourceProviderFactory {

    public static final String PROVIDER_ID = "customers";

    public CustomersAdminResourceProviderFactory() {
        super(BrokersKeycloakAdapter::sharedBinding);
    }

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        FeatureBinding<BrokersKeycloakAdapter> binding = featureBinding();
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                                      AdminEventBuilder adminEvent) {
                return binding.resource(adapter -> new CustomersResource(session, realm, auth, adminEvent, adapter),
                        message -> Map.of("error", "feature_unavailable", "errorMessage", message), MediaType.APPLICATION_JSON);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
