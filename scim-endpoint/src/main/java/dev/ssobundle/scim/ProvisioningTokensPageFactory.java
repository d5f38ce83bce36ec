package dev.ssobundle.scim;

import static dev.ssobundle.compat.PageForm.defaultValue;
import static dev.ssobundle.compat.PageForm.required;
import static dev.ssobundle.compat.PageForm.secret;

import dev.ssobundle.compat.AdminConsolePage;
import dev.ssobundle.compat.PageForm;
import dev.ssobundle.compat.RealmStartupJob;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.urls.UrlType;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * The admin console page "scim-provisioning-tokens" (Keycloak's declarative UI, feature
 * {@code declarative-ui}): each row is one provisioning token of {@link ProvisioningTokens}, the
 * store the REST API uses too. The console builds the page's form from {@link #getConfigProperties()},
 * which server info serves afresh on every request: the "Token" field's default is a new random
 * token for that request only, so the admin who saves the form is the only one who ever saw the value
 * that becomes active; {@link #validateConfiguration} keeps only its hash. Deleting a row revokes it.
 */
public final class ProvisioningTokensPageFactory extends AdminConsolePage<UiPageProvider> {

    public static final String PROVIDER_ID = "scim-provisioning-tokens";
    private static final Logger LOG = Logger.getLogger(ProvisioningTokensPageFactory.class);

    private static final Page PAGE = new Page(PROVIDER_ID, "SCIM provisioning tokens: long-lived bearer tokens for Entra ID's"
            + " \"Secret Token\" or Okta's header authentication. Create item: copy the token before leaving the form (it is shown"
            + " once, only its hash is kept). Entra's \"Tenant URL\" is https://<host>/realms/<realm>/scim/v2. Delete a row to revoke"
            + " its token.", List.of("name", "prefix", "clientId", "created", "lastUsed"), ProvisioningTokensPageFactory::form);

    public ProvisioningTokensPageFactory() {
        super(PAGE);
    }

    /** Its fields are {@link ProvisioningTokens.Row}'s; each form proposes its own new token (server info builds it on every request). */
    private static PageForm form() {
        String text = ProviderConfigProperty.STRING_TYPE;
        return PageForm.create()
                .field("name", "Name", text, "What this token is for, e.g. \"Entra ID\".", required())
                .field("clientId", "Client", text,
                        "Client id whose service account (holding the realm role scim-provisioning) the token acts as.",
                        defaultValue("scim-provisioner"), required())
                .field("token", "Token (copy it now: shown once)", text,
                        "Entra ID's \"Secret Token\". Proposed for this form only; after Save only its hash is kept.",
                        defaultValue(ProvisioningTokens.newToken()), secret())
                .serverSet("tenantUrl", "SCIM base URL (Entra's Tenant URL)", "Where the provisioning client sends SCIM requests.",
                        defaultValue(tenantUrlTemplate()))
                .serverSet("prefix", "Token prefix", "Set by the server: the token's public part, to recognise it.")
                .serverSet("created", "Created", "Set by the server.")
                .serverSet("lastUsed", "Last used", "Set by the server, to within 10 minutes.");
    }

    /** Tokens moved from the former realm attributes at start-up are stored as they are. */
    @Override
    protected boolean ownWrite(KeycloakSession session) {
        return Boolean.TRUE.equals(session.getAttribute(ProvisioningTokens.MOVING_LEGACY));
    }

    @Override
    protected void created(KeycloakSession session, RealmModel realm, ComponentModel row) {
        new ProvisioningTokens(session, realm).admit(row);
    }

    @Override
    protected void saved(KeycloakSession session, RealmModel realm, ComponentModel stored, ComponentModel row) {
        new ProvisioningTokens(session, realm).keepStored(stored, row);
    }

    /** The base URL a provisioning client is given, on the host the admin reached Keycloak through. */
    static String tenantUrl(KeycloakSession session, RealmModel realm) {
        return session.getContext().getUri(UrlType.FRONTEND).getBaseUriBuilder().path("realms").path(realm.getName())
                .path("scim").path("v2").build().toString();
    }

    /** Server info is not about one realm: the form shows the URL with the realm left to fill; the stored row has it. */
    private static String tenantUrlTemplate() {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (session == null || session.getContext().getUri() == null) {
            return "https://<host>/realms/<realm>/scim/v2";
        }
        return session.getContext().getUri(UrlType.FRONTEND).getBaseUri().toString().replaceAll("/+$", "") + "/realms/<realm>/scim/v2";
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                RealmStartupJob.run(factory, realm -> true, (session, realm) -> new ProvisioningTokens(session, realm).moveLegacyTokens(),
                        (realmName, cause) -> LOG.errorf(cause, "Could not move the provisioning tokens of realm %s to the admin console page",
                                realmName));
            }
        });
    }
}
