package dev.ssobundle.brokers;

import dev.ssobundle.compat.FeatureBinding;
import dev.ssobundle.compat.FeatureBindingFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * The admin console's <b>Customers</b> page (Keycloak's declarative UI, feature
 * {@code declarative-ui}): one row per customer, a form per customer. It is a view over the
 * onboarding API's own implementation: saving a new row onboards the customer through
 * {@link CustomerOnboarding} (same validation, same conflicts, same messages, nothing written when
 * it refuses), saving a row changes it, deleting a row removes the customer. What the customer's
 * IT needs (redirect URI, SP entity id and metadata URL) is written back into the row when it is
 * saved, so it shows when the row is opened again.
 *
 * <p>Keycloak calls {@link #validateConfiguration} before it stores the row, with the row's
 * config still writable: that is where the customer is onboarded or changed, and where the row's
 * config is replaced by the customer as onboarded (secrets left out: they live in the identity
 * provider or LDAP federation only). A refusal becomes a {@link ComponentValidationException},
 * which the console shows in its error alert; the request's transaction is rolled back so neither
 * the row nor any half of the customer is stored.
 */
public final class CustomersPageProviderFactory extends FeatureBindingFactory<BrokersKeycloakAdapter>
        implements UiPageProviderFactory<ComponentModel> {

    private static final Logger LOG = Logger.getLogger(CustomersPageProviderFactory.class);

    /** The page's id: its menu entry, its URL ({@code /admin/<realm>/console/#/<realm>/page-section/Customers}; capitalized because the console shows the id as the page title) and its title. */
    public static final String PROVIDER_ID = "Customers";

    /** Written by the onboarding, shown to be copied; what an admin types there is ignored. */
    private static final List<String> OUTPUT_ONLY = List.of("redirectUri", "spEntityId", "spMetadataUrl", "warnings");

    public CustomersPageProviderFactory() {
        super(BrokersKeycloakAdapter::sharedBinding);
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) throws ComponentValidationException {
        if (CustomerPageMirror.isMirrorWrite(session)) {
            return; // the onboarding API writing its own copy of a customer it just onboarded or changed
        }
        ComponentModel stored = model.getId() == null ? null : realm.getComponent(model.getId());
        if (model.getId() != null && stored == null) {
            return; // a realm import bringing its rows along with its organizations and identity providers
        }
        CustomerPageCaller caller = CustomerPageCaller.requireManage(session, realm);
        CustomerOnboarding onboarding = onboarding(session, realm, caller);
        CustomerRepresentation customer = refusalsAsValidationErrors(session, () -> {
            CustomerRepresentation body = CustomerPageMirror.fromConfig(model.getConfig());
            return stored == null ? onboarding.create(body) : onboarding.update(stored.get("slug"), body);
        });
        model.setName(customer.slug);
        model.setConfig(CustomerPageMirror.toConfig(customer));
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (CustomerPageMirror.isMirrorWrite(session) || !realm.isOrganizationsEnabled()) {
            return;
        }
        CustomerPageCaller caller = CustomerPageCaller.requireManage(session, realm);
        refusalsAsValidationErrors(session, () -> onboarding(session, realm, caller).delete(model.get("slug")));
    }

    private CustomerOnboarding onboarding(KeycloakSession session, RealmModel realm, CustomerPageCaller caller) {
        FeatureBinding<BrokersKeycloakAdapter> binding = featureBinding();
        if (!binding.isBound()) {
            throw new ComponentValidationException("{0}", binding.unavailableMessage());
        }
        // the page's row is the component being written: the onboarding must not write a second copy of it
        return new CustomerOnboarding(session, realm, binding.adapter(), caller.audit(), CustomerOnboarding.Mirror.NONE);
    }

    private static <T> T refusalsAsValidationErrors(KeycloakSession session, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (CustomerInputException e) {
            session.getTransactionManager().setRollbackOnly();
            LOG.debugf("customer refused on the admin console's page (%s): %s", e.status(), e.getMessage());
            // "{0}": the console formats the message with java.text.MessageFormat, which would eat the quotes around a slug
            throw new ComponentValidationException("{0}", e.getMessage());
        }
    }

    @Override
    public ComponentModel create(KeycloakSession session, ComponentModel model) {
        return model;
    }

    @Override
    public String getHelpText() {
        return "Customers of this realm who sign in through their own company's identity provider or directory. Saving onboards or"
                + " changes the customer exactly as the customers API does; the customer's IT needs the redirect URI (and, for"
                + " ADFS/SAML, the SP entity id and SP metadata URL) shown when the customer is opened again.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = ProviderConfigurationBuilder.create()
                .property().name("slug").label("Slug").type(ProviderConfigProperty.STRING_TYPE).required(true)
                .helpText("Short lowercase name (a-z, 0-9, -): the identity provider's alias, part of the redirect URI. Cannot change later.").add()
                .property().name("displayName").label("Name").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The customer's name (the Organization's name). Defaults to the slug.").add()
                .property().name("domains").label("Email domains").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Users whose email is in one of these domains are sent to the customer's sign-in service.").add()
                .property().name("protocol").label("Protocol").type(ProviderConfigProperty.LIST_TYPE)
                .options(CustomerProtocol.allWireNames().split(", ")).defaultValue("oidc").required(true)
                .helpText("adfs, saml: metadata URL. entra: tenant id, client id, secret. oidc: discovery URL, client id, secret."
                        + " google: client id, secret. ldap: connection URL, users DN (bind DN and credential if needed). Cannot change later.").add()
                .property().name("enabled").label("Enabled").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true")
                .helpText("A disabled customer's users are not sent to its sign-in service.").add()
                .property().name("metadataUrl").label("Metadata URL (ADFS, SAML)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The FederationMetadata.xml / SAML metadata URL the customer sent (https).").add()
                .property().name("tenantId").label("Tenant id (Entra ID)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The customer's Entra ID directory (tenant) id, a GUID.").add()
                .property().name("authorityUrl").label("Authority URL (Entra ID, optional)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Only for a national cloud; default https://login.microsoftonline.com").add()
                .property().name("discoveryUrl").label("Discovery URL (OIDC; Google optional)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The customer's .well-known/openid-configuration URL (https).").add()
                .property().name("clientId").label("Client id (Entra ID, OIDC, Google)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The client (application) id the customer registered for this realm.").add()
                .property().name("clientSecret").label("Client secret (Entra ID, OIDC, Google)").type(ProviderConfigProperty.PASSWORD)
                .secret(true).helpText("Write-only. Leave empty on a change to keep the stored one; send it again when the"
                        + " discovery URL, tenant id or authority URL changes.").add()
                .property().name("connectionUrl").label("Connection URL (LDAP)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("ldap:// or ldaps:// URL of the customer's directory.").add()
                .property().name("usersDn").label("Users DN (LDAP)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Where the customer's users are, e.g. ou=people,dc=acme,dc=com").add()
                .property().name("bindDn").label("Bind DN (LDAP, optional)").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name("bindCredential").label("Bind credential (LDAP, optional)").type(ProviderConfigProperty.PASSWORD)
                .secret(true).helpText("Write-only. Leave empty on a change to keep the stored one.").add()
                .property().name("redirectUri").label("Redirect URI / ACS URL (for the customer's IT)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Filled in when the customer is saved: the customer's IT registers it.").add()
                .property().name("spEntityId").label("SP entity id (ADFS, SAML; for the customer's IT)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Filled in when the customer is saved: the relying party identifier.").add()
                .property().name("spMetadataUrl").label("SP metadata URL (ADFS, SAML; for the customer's IT)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Filled in when the customer is saved: ADFS imports the relying party trust from it.").add()
                .property().name("warnings").label("Warnings").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("What is weaker than it should be, e.g. metadata read over plain http.").add()
                .build();
        // set on the property, not through the builder: the builder's readOnly() is newer than Keycloak 26.4
        properties.stream().filter(p -> OUTPUT_ONLY.contains(p.getName())).forEach(p -> p.setReadOnly(true));
        return properties;
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of("slug", "displayName", "domains", "protocol", "enabled"));
    }

    /**
     * Once the realms are imported and migrated: a row for every customer that has none, realm by realm
     * in its own transaction (a concurrent start-up of another node that wrote the same row first only
     * costs this node's transaction for that realm).
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent && featureBinding().isBound()) {
                List<String> realmIds = new ArrayList<>();
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream()
                        .filter(RealmModel::isOrganizationsEnabled).map(RealmModel::getId).forEach(realmIds::add));
                realmIds.forEach(realmId -> addMissingRows(factory, realmId));
            }
        });
    }

    private void addMissingRows(KeycloakSessionFactory factory, String realmId) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                session.getContext().setRealm(realm);
                CustomerOnboarding onboarding = new CustomerOnboarding(session, realm, featureBinding().adapter(),
                        new CustomerAudit(session, null), CustomerOnboarding.Mirror.NONE);
                new CustomerPageMirror(session, realm).addMissingRows(onboarding.list());
            });
        } catch (RuntimeException e) {
            LOG.debugf(e, "customer rows of realm %s not added at start-up (another node may have added them)", realmId);
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
