package dev.ssobundle.brokers;

import dev.ssobundle.compat.FeatureBinding;
import dev.ssobundle.compat.FeatureBindingAware;
import dev.ssobundle.compat.UnavailableFeatureResource;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Mounts the customer onboarding API under {@code /admin/realms/{realm}/customers}. */
public final class CustomersAdminResourceProviderFactory implements AdminRealmResourceProviderFactory, FeatureBindingAware {

    public static final String PROVIDER_ID = "customers";

    private FeatureBinding<BrokersKeycloakAdapter> keycloak;

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        FeatureBinding<BrokersKeycloakAdapter> binding = keycloak;
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                                      AdminEventBuilder adminEvent) {
                if (!binding.isBound()) {
                    return new UnavailableFeatureResource(Map.of("error", "feature_unavailable",
                            "errorMessage", binding.unavailableMessage()), MediaType.APPLICATION_JSON);
                }
                return new CustomersResource(session, realm, auth, adminEvent, binding.adapter());
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        keycloak = FeatureBinding.bind(BrokersKeycloakAdapter.FEATURE, BrokersKeycloakAdapter::bind);
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
