package dev.ssobundle.scim;

import dev.ssobundle.compat.FeatureBinding;
import dev.ssobundle.compat.FeatureBindingFactory;
import dev.ssobundle.devsecrets.DevSecrets;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import java.util.stream.Stream;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts the SCIM 2.0 service provider under {@code /realms/{realm}/scim}. */
public final class ScimResourceProviderFactory extends FeatureBindingFactory<ScimKeycloakAdapter> implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "scim";

    public ScimResourceProviderFactory() {
        super(ScimKeycloakAdapter.FEATURE, ScimKeycloakAdapter::bind);
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        FeatureBinding<ScimKeycloakAdapter> binding = featureBinding();
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return binding.resource(adapter -> new ScimRootResource(session, adapter), ScimResourceProviderFactory::unavailableBody,
                        ScimRootResource.SCIM_JSON);
            }

            @Override
            public void close() {
            }
        };
    }

    /** SCIM's error schema, serialized here as ScimErrors does (no JSON writer for application/scim+json). */
    private static String unavailableBody(String message) {
        try {
            return ScimContext.JSON.writeValueAsString(ScimErrors.body(503, null, message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Once the realms are imported and migrated: one ERROR per provisioning client whose secret is a published one. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // membership changes by any path bump the group's version (ETags)
        factory.register(new MembershipChangeListener());
        DevSecrets.logAtStartUp(factory, (session, realm) -> {
            RoleModel role = realm.getRole(ScimAuthenticator.PROVISIONING_ROLE);
            if (role == null) {
                return Stream.empty();
            }
            return realm.getClientsStream().filter(client -> client.isServiceAccountsEnabled()).filter(client -> {
                UserModel serviceAccount = session.users().getServiceAccount(client);
                return serviceAccount != null && serviceAccount.hasRole(role);
            }).flatMap(client -> ScimRootResource.devSecretRefusal(realm.getName(), client).stream());
        });
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
