package dev.ssobundle.brokers;

import java.util.Map;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;

/**
 * Google Workspace: Keycloak's Google provider (Google's endpoints and keys built in), or a
 * Google-compatible issuer named by a discovery URL (a proxy in front of Google, a stand-in). The
 * domain guard checks the ID token's {@code hd} claim. The customer's IT registers the redirect URI;
 * a change of the discovery URL needs the secret again, as for OIDC.
 */
final class GoogleWorkspaceCustomerStrategy extends OidcCustomerStrategy {

    static final GoogleWorkspaceCustomerStrategy INSTANCE = new GoogleWorkspaceCustomerStrategy();

    private static final String HOSTED_DOMAIN_CLAIM = "hd";

    private GoogleWorkspaceCustomerStrategy() {
    }

    @Override
    public void validate(CustomerRequest request, boolean allowInsecureMetadata) {
        if (request.discoveryUrl() != null) {
            CustomerProtocolStrategy.requireMetadataUrl("discoveryUrl", request.discoveryUrl(), allowInsecureMetadata);
        }
        requireClientCredentials(request);
    }

    @Override
    void configure(CustomerContext context, IdentityProviderModel idp, Map<String, String> config, CustomerRequest request,
                   Map<String, String> previousConfig) {
        if (request.discoveryUrl() == null) {
            // Keycloak's own hosted-domain check is left off (it ends on a generic error page): the domain guard checks hd,
            // with a message the user understands
            idp.setProviderId("google");
        } else {
            oidcFromDiscovery(context, idp, config, request.discoveryUrl());
        }
        config.put("defaultScope", "openid profile email");
        clientCredentials(config, request, previousConfig);
    }

    /** Google says which Workspace an account belongs to only through the hd claim of its ID token. */
    @Override
    IdentityProviderMapperModel domainGuard(String alias) {
        return CustomerDomainGuardMapper.model(alias, null, null, HOSTED_DOMAIN_CLAIM);
    }
}
