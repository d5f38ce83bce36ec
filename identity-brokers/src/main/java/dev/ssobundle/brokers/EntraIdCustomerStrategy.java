package dev.ssobundle.brokers;

import dev.ssobundle.brokers.entra.EntraIdIdentityProviderConfig;
import dev.ssobundle.brokers.entra.EntraIdIdentityProviderFactory;
import dev.ssobundle.compat.BundleSettings;
import java.util.Locale;
import java.util.Map;
import org.keycloak.models.IdentityProviderModel;

/**
 * Microsoft Entra ID, one tenant per customer, through the bundle's nOAuth-safe provider: the
 * tenant's endpoints are derived from its GUID and the issuer its discovery document announces is
 * checked. The customer's IT registers the redirect URI on its app registration.
 */
final class EntraIdCustomerStrategy extends IdentityProviderCustomerStrategy {

    static final EntraIdCustomerStrategy INSTANCE = new EntraIdCustomerStrategy();

    private EntraIdCustomerStrategy() {
    }

    @Override
    public void validate(CustomerRequest request, boolean allowInsecureMetadata) {
        if (!EntraIdIdentityProviderConfig.isTenantGuid(request.tenantId())) {
            throw CustomerInputException.badRequest("tenantId must be the customer's directory (tenant) id, a GUID; "
                    + "'common', 'organizations' and 'consumers' are refused");
        }
        CustomerProtocolStrategy.requireMetadataUrl("authorityUrl", authority(request), allowInsecureMetadata);
        requireClientCredentials(request);
    }

    @Override
    public void validateChange(CustomerRepresentation current, CustomerRepresentation change) {
        CustomerProtocolStrategy.secretFollows("tenantId", current.tenantId, change.tenantId, "clientSecret", change.clientSecret, true);
        CustomerProtocolStrategy.secretFollows("authorityUrl", current.authorityUrl, change.authorityUrl, "clientSecret", change.clientSecret, false);
    }

    @Override
    void configure(CustomerContext context, IdentityProviderModel idp, Map<String, String> config, CustomerRequest request,
                   Map<String, String> previousConfig) {
        idp.setProviderId(EntraIdIdentityProviderFactory.PROVIDER_ID);
        EntraIdIdentityProviderConfig entra = new EntraIdIdentityProviderConfig(idp);
        entra.setTenantId(request.tenantId().toLowerCase(Locale.ROOT));
        entra.setAuthorityUrl(authority(request));
        entra.setEmailDomains(request.domains());
        entra.applyTenantEndpoints();
        String discovery = entra.expectedIssuer() + "/.well-known/openid-configuration";
        String issuer = context.upstream().issuerOf("tenantId", discovery);
        if (!entra.expectedIssuer().equals(issuer)) {
            throw CustomerInputException.badRequest("tenant " + request.tenantId() + " announces issuer " + issuer
                    + ", expected " + entra.expectedIssuer());
        }
        config.putAll(entra.getConfig());
        clientCredentials(config, request, previousConfig);
    }

    @Override
    void describeProtocol(CustomerContext context, String slug, Map<String, String> config, CustomerRepresentation customer) {
        BundleSettings settings = BundleSettings.identityProvider(slug, config);
        customer.tenantId = settings.string(EntraIdIdentityProviderConfig.TENANT_ID);
        customer.authorityUrl = settings.string(EntraIdIdentityProviderConfig.AUTHORITY_URL);
        customer.clientId = config.get("clientId");
    }

    private static String authority(CustomerRequest request) {
        return request.authorityUrl() == null ? EntraIdIdentityProviderConfig.DEFAULT_AUTHORITY : request.authorityUrl();
    }
}
