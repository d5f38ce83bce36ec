package dev.ssobundle.brokers.entra;

import java.util.List;
import org.keycloak.broker.provider.AbstractIdentityProviderFactory;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Identity provider type {@value #PROVIDER_ID}: one Entra ID tenant, nOAuth-safe. */
public final class EntraIdIdentityProviderFactory extends AbstractIdentityProviderFactory<EntraIdIdentityProvider> {

    public static final String PROVIDER_ID = "entra-id-tenant";

    @Override
    public String getName() {
        return "Microsoft Entra ID (single tenant)";
    }

    @Override
    public EntraIdIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new EntraIdIdentityProvider(session, new EntraIdIdentityProviderConfig(model));
    }

    @Override
    public EntraIdIdentityProviderConfig createConfig() {
        return new EntraIdIdentityProviderConfig();
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(EntraIdIdentityProviderConfig.TENANT_ID.name()).label("Tenant ID")
                .helpText("Directory (tenant) id, a GUID. The multi-tenant 'common' authority is never used.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(EntraIdIdentityProviderConfig.AUTHORITY_URL.name()).label("Authority base URL")
                .helpText("Defaults to " + EntraIdIdentityProviderConfig.DEFAULT_AUTHORITY + "; sovereign clouds use their own.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(EntraIdIdentityProviderConfig.DEFAULT_AUTHORITY).add()
                .property().name(EntraIdIdentityProviderConfig.EMAIL_DOMAINS.name()).label("Customer email domains")
                .helpText("Comma-separated. An email is imported only when Entra marks it verified (xms_edov) and it is in one of these domains.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .build();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
