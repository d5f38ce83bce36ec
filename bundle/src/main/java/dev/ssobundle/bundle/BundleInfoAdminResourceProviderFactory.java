package dev.ssobundle.bundle;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import dev.ssobundle.compat.FeatureBindingAware;
import dev.ssobundle.compat.SupportedKeycloak;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.provider.Provider;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Reports which bundle build is installed: in the admin console (Realm settings → Provider info →
 * admin-realm-restapi-extension → sso-bundle) and at {@code GET /admin/realms/{realm}/sso-bundle}:
 * bundle version, the Keycloak version it was built against, the supported Keycloak range, the
 * running Keycloak, and per feature whether its adapter bound at start-up.
 */
public final class BundleInfoAdminResourceProviderFactory implements AdminRealmResourceProviderFactory,
        ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "sso-bundle";

    private Map<String, String> info = Map.of();

    @Override
    public void init(Config.Scope config) {
        Properties properties = new Properties();
        try (InputStream in = BundleInfoAdminResourceProviderFactory.class.getResourceAsStream("/sso-bundle.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bundle's build information", e);
        }
        Map<String, String> read = new LinkedHashMap<>();
        for (String key : new String[] {"name", "version", "keycloak.version"}) {
            read.put(key, properties.getProperty(key, "unknown"));
        }
        read.put("keycloak.supported", SupportedKeycloak.RANGE);
        read.put("keycloak.running", SupportedKeycloak.runningVersion());
        info = Map.copyOf(read);
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return info;
    }

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                                      AdminEventBuilder adminEvent) {
                return new BundleInfoResource(info, auth);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Every factory's init() has run by now: collect each feature's adapter state. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        Map<String, String> withFeatures = new java.util.TreeMap<>(info);
        for (Class<? extends Provider> spi : List.of(RealmResourceProvider.class, AdminRealmResourceProvider.class)) {
            factory.getProviderFactoriesStream(spi)
                    .filter(FeatureBindingAware.class::isInstance)
                    .map(f -> ((FeatureBindingAware) f).featureBinding())
                    .filter(java.util.Objects::nonNull)
                    .forEach(binding -> withFeatures.put("feature." + binding.feature(), binding.status()));
        }
        info = Map.copyOf(withFeatures);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    public static final class BundleInfoResource {

        private final Map<String, String> info;
        private final AdminPermissionEvaluator auth;

        BundleInfoResource(Map<String, String> info, AdminPermissionEvaluator auth) {
            this.info = info;
            this.auth = auth;
        }

        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, String> get() {
            auth.realm().requireViewRealm();
            return info;
        }
    }
}
