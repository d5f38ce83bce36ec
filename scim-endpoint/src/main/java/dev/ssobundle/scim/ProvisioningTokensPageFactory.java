package dev.ssobundle.scim;

import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
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
public final class ProvisioningTokensPageFactory implements UiPageProviderFactory<UiPageProvider> {

    public static final String PROVIDER_ID = "scim-provisioning-tokens";
    private static final Logger LOG = Logger.getLogger(ProvisioningTokensPageFactory.class);

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "SCIM provisioning tokens: long-lived bearer tokens for Entra ID's \"Secret Token\" or Okta's header "
                + "authentication. Create item: copy the token before leaving the form (it is shown once, only its hash is "
                + "kept). Entra's \"Tenant URL\" is https://<host>/realms/<realm>/scim/v2. Delete a row to revoke its token.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        // Built on every call on purpose: server info asks on each request, so each admin's form gets its own token.
        List<ProviderConfigProperty> properties = ProviderConfigurationBuilder.create()
                .property().name(ProvisioningTokens.NAME).label("Name").type(ProviderConfigProperty.STRING_TYPE).required(true)
                .helpText("What this token is for, e.g. \"Entra ID\".").add()
                .property().name(ProvisioningTokens.CLIENT_ID).label("Client").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("scim-provisioner").required(true)
                .helpText("Client id whose service account (holding the realm role scim-provisioning) the token acts as.").add()
                .property().name(ProvisioningTokens.TOKEN_FIELD).label("Token (copy it now: shown once)")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(ProvisioningTokens.newToken()).secret(true)
                .helpText("Entra ID's \"Secret Token\". Proposed for this form only; after Save only its hash is kept.").add()
                .property().name(ProvisioningTokens.TENANT_URL).label("SCIM base URL (Entra's Tenant URL)")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(tenantUrlTemplate())
                .helpText("Where the provisioning client sends SCIM requests.").add()
                .property().name(ProvisioningTokens.TOKEN_PREFIX).label("Token prefix").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Set by the server: the token's public part, to recognise it.").add()
                .property().name(ProvisioningTokens.CREATED).label("Created").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Set by the server.").add()
                .property().name(ProvisioningTokens.LAST_USED).label("Last used").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Set by the server, to within 10 minutes.").add()
                .build();
        List<String> serverSet = List.of(ProvisioningTokens.TENANT_URL, ProvisioningTokens.TOKEN_PREFIX, ProvisioningTokens.CREATED,
                ProvisioningTokens.LAST_USED);
        properties.stream().filter(p -> serverSet.contains(p.getName())).forEach(p -> p.setReadOnly(true));
        return properties;
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(ProvisioningTokens.NAME, ProvisioningTokens.TOKEN_PREFIX, ProvisioningTokens.CLIENT_ID,
                ProvisioningTokens.CREATED, ProvisioningTokens.LAST_USED));
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) throws ComponentValidationException {
        if (Boolean.TRUE.equals(session.getAttribute(ProvisioningTokens.MOVING_LEGACY))) {
            return;
        }
        ProvisioningTokens tokens = new ProvisioningTokens(session, realm);
        ComponentModel stored = model.getId() == null ? null : realm.getComponent(model.getId());
        if (stored == null) {
            tokens.admit(model);
        } else {
            tokens.keepStored(stored, model);
        }
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
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream().forEach(realm -> {
                    try {
                        new ProvisioningTokens(session, realm).moveLegacyTokens();
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "Could not move the provisioning tokens of realm %s to the admin console page", realm.getName());
                    }
                }));
            }
        });
    }

    @Override
    public void close() {
    }
}
