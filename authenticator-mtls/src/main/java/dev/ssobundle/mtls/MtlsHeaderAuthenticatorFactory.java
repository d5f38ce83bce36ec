package dev.ssobundle.mtls;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class MtlsHeaderAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "mtls-proxy-header";

    private static final MtlsHeaderAuthenticator SINGLETON = new MtlsHeaderAuthenticator();

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(MtlsHeaderAuthenticatorConfig.IDENTITY_PROVIDER_ALIAS.name()).label("mTLS identity provider alias")
            .helpText("Alias of the mTLS identity provider through which users link their certificates. The step applies "
                    + "that provider's settings: enabled, proxy secret, trusted proxy addresses, allowed issuers, identifier.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(MtlsHeaderAuthenticatorConfig.DEFAULT_IDENTITY_PROVIDER_ALIAS).add()
            .build();

    private static final Requirement[] REQUIREMENTS = {Requirement.ALTERNATIVE, Requirement.REQUIRED, Requirement.DISABLED};

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "mTLS certificate from trusted proxy headers";
    }

    @Override
    public String getReferenceCategory() {
        return "mtls";
    }

    @Override
    public String getHelpText() {
        return "Logs in the user who linked the client certificate that nginx verified and forwarded as X-SSL-Client-* headers.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENTS;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
