package dev.ssobundle.brokers;

import java.util.Map;
import org.keycloak.models.IdentityProviderModel;

/**
 * Any OpenID Connect provider (PingFederate, Okta, …) named by its discovery document, with the
 * customer's client id and secret. The customer's IT registers the redirect URI.
 */
class OidcCustomerStrategy extends IdentityProviderCustomerStrategy {

    static final OidcCustomerStrategy INSTANCE = new OidcCustomerStrategy();

    OidcCustomerStrategy() {
    }

    @Override
    public void validate(CustomerRequest request, boolean allowInsecureMetadata) {
        CustomerProtocolStrategy.requireMetadataUrl("discoveryUrl", request.discoveryUrl(), allowInsecureMetadata);
        requireClientCredentials(request);
    }

    @Override
    public void validateChange(CustomerRepresentation current, CustomerRepresentation change) {
        CustomerProtocolStrategy.secretFollows("discoveryUrl", current.discoveryUrl, change.discoveryUrl, "clientSecret", change.clientSecret, false);
    }

    @Override
    void configure(CustomerContext context, IdentityProviderModel idp, Map<String, String> config, CustomerRequest request,
                   Map<String, String> previousConfig) {
        oidcFromDiscovery(context, idp, config, request.discoveryUrl());
        config.put("defaultScope", "openid profile email");
        clientCredentials(config, request, previousConfig);
    }

    @Override
    void describeProtocol(CustomerContext context, String slug, Map<String, String> config, CustomerRepresentation customer) {
        customer.discoveryUrl = config.get(IdentityProviderModel.METADATA_DESCRIPTOR_URL);
        customer.clientId = config.get("clientId");
    }
}
