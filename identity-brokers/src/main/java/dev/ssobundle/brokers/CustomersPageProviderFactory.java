package dev.ssobundle.brokers;

import static dev.ssobundle.compat.PageForm.choices;
import static dev.ssobundle.compat.PageForm.defaultValue;
import static dev.ssobundle.compat.PageForm.required;
import static dev.ssobundle.compat.PageForm.secret;

import dev.ssobundle.compat.AdminConsolePage;
import dev.ssobundle.compat.FeatureBinding;
import dev.ssobundle.compat.FeatureBindingAware;
import dev.ssobundle.compat.PageForm;
import dev.ssobundle.compat.RealmStartupJob;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;

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
public final class CustomersPageProviderFactory extends AdminConsolePage<ComponentModel> implements FeatureBindingAware {

    private static final Logger LOG = Logger.getLogger(CustomersPageProviderFactory.class);

    /** The page's id: its menu entry, its URL ({@code /admin/<realm>/console/#/<realm>/page-section/Customers}; capitalized because the console shows the id as the page title) and its title. */
    public static final String PROVIDER_ID = "Customers";
    private static final Page PAGE = new Page(PROVIDER_ID, "Customers of this realm who sign in through their own company's identity"
            + " provider or directory. Saving onboards or changes the customer exactly as the customers API does; the customer's IT needs"
            + " the redirect URI (and, for ADFS/SAML, the SP entity id and SP metadata URL) shown when the customer is opened again.",
            List.of("slug", "displayName", "domains", "protocol", "enabled"), CustomersPageProviderFactory::form);

    private FeatureBinding<BrokersKeycloakAdapter> binding;

    public CustomersPageProviderFactory() {
        super(PAGE);
    }

    /** The customers feature's binding, shared by its factories (one ERROR at start-up if it is refused). */
    @Override
    public void init(Config.Scope config) {
        binding = BrokersKeycloakAdapter.sharedBinding();
    }

    @Override
    public FeatureBinding<BrokersKeycloakAdapter> featureBinding() {
        return binding;
    }

    /** The onboarding API writing its own copy of a customer it just onboarded or changed. */
    @Override
    protected boolean ownWrite(KeycloakSession session) {
        return CustomerPageMirror.isMirrorWrite(session);
    }

    @Override
    protected void created(KeycloakSession session, RealmModel realm, ComponentModel row) {
        if (row.getId() != null) {
            return; // a realm import bringing its rows along with its organizations and identity providers
        }
        onboardOrChange(session, realm, row, onboarding -> onboarding.create(CustomerPageMirror.fromConfig(row.getConfig())));
    }

    @Override
    protected void saved(KeycloakSession session, RealmModel realm, ComponentModel stored, ComponentModel row) {
        onboardOrChange(session, realm, row, onboarding -> onboarding.update(stored.get("slug"), CustomerPageMirror.fromConfig(row.getConfig())));
    }

    private void onboardOrChange(KeycloakSession session, RealmModel realm, ComponentModel row,
            Function<CustomerOnboarding, CustomerRepresentation> change) {
        CustomerPageCaller caller = CustomerPageCaller.requireManage(session, realm);
        CustomerOnboarding onboarding = onboarding(session, realm, caller);
        CustomerRepresentation customer = refusalsAsValidationErrors(session, () -> change.apply(onboarding));
        row.setName(customer.slug);
        row.setConfig(CustomerPageMirror.toConfig(customer));
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

    private static PageForm form() {
        String text = ProviderConfigProperty.STRING_TYPE;
        String password = ProviderConfigProperty.PASSWORD;
        return PageForm.create()
                .field("slug", "Slug", text, "Short lowercase name (a-z, 0-9, -): the identity provider's alias, part of the redirect URI."
                        + " Cannot change later.", required())
                .field("displayName", "Name", text, "The customer's name (the Organization's name). Defaults to the slug.")
                .field("domains", "Email domains", ProviderConfigProperty.MULTIVALUED_STRING_TYPE,
                        "Users whose email is in one of these domains are sent to the customer's sign-in service.")
                .field("protocol", "Protocol", ProviderConfigProperty.LIST_TYPE, "adfs, saml: metadata URL. entra: tenant id, client id,"
                        + " secret. oidc: discovery URL, client id, secret. google: client id, secret. ldap: connection URL, users DN (bind DN"
                        + " and credential if needed). Cannot change later.",
                        choices(CustomerProtocol.allWireNames().split(", ")), defaultValue("oidc"), required())
                .field("enabled", "Enabled", ProviderConfigProperty.BOOLEAN_TYPE, "A disabled customer's users are not sent to its sign-in service.",
                        defaultValue("true"))
                .field("metadataUrl", "Metadata URL (ADFS, SAML)", text, "The FederationMetadata.xml / SAML metadata URL the customer sent (https).")
                .field("tenantId", "Tenant id (Entra ID)", text, "The customer's Entra ID directory (tenant) id, a GUID.")
                .field("authorityUrl", "Authority URL (Entra ID, optional)", text, "Only for a national cloud; default https://login.microsoftonline.com")
                .field("discoveryUrl", "Discovery URL (OIDC; Google optional)", text, "The customer's .well-known/openid-configuration URL (https).")
                .field("clientId", "Client id (Entra ID, OIDC, Google)", text, "The client (application) id the customer registered for this realm.")
                .field("clientSecret", "Client secret (Entra ID, OIDC, Google)", password, "Write-only. Leave empty on a change to keep the stored"
                        + " one; send it again when the discovery URL, tenant id or authority URL changes.", secret())
                .field("connectionUrl", "Connection URL (LDAP)", text, "ldap:// or ldaps:// URL of the customer's directory.")
                .field("usersDn", "Users DN (LDAP)", text, "Where the customer's users are, e.g. ou=people,dc=acme,dc=com")
                .field("bindDn", "Bind DN (LDAP, optional)", text, null)
                .field("bindCredential", "Bind credential (LDAP, optional)", password, "Write-only. Leave empty on a change to keep the stored one.",
                        secret())
                // written by the onboarding, shown to be copied
                .serverSet("redirectUri", "Redirect URI / ACS URL (for the customer's IT)",
                        "Filled in when the customer is saved: the customer's IT registers it.")
                .serverSet("spEntityId", "SP entity id (ADFS, SAML; for the customer's IT)",
                        "Filled in when the customer is saved: the relying party identifier.")
                .serverSet("spMetadataUrl", "SP metadata URL (ADFS, SAML; for the customer's IT)",
                        "Filled in when the customer is saved: ADFS imports the relying party trust from it.")
                .serverSet("warnings", "Warnings", "What is weaker than it should be, e.g. metadata read over plain http.");
    }

    /**
     * Once the realms are imported and migrated: a row for every customer that has none, realm by realm
     * (a concurrent start-up of another node that wrote the same row first only costs this node's
     * transaction for that realm).
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent && featureBinding().isBound()) {
                RealmStartupJob.run(factory, RealmModel::isOrganizationsEnabled, (session, realm) -> {
                    CustomerOnboarding onboarding = new CustomerOnboarding(session, realm, featureBinding().adapter(),
                            new CustomerAudit(session, null), CustomerOnboarding.Mirror.NONE);
                    new CustomerPageMirror(session, realm).addMissingRows(onboarding.list());
                }, (realmName, cause) -> LOG.debugf(cause, "customer rows of realm %s not added at start-up (another node may have added them)",
                        realmName));
            }
        });
    }
}
