package dev.ssobundle.brokers;

import java.util.List;
import java.util.Map;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;

/**
 * ADFS and other SAML 2.0 identity providers, read from the customer's federation metadata URL
 * (re-read for key rollover). ADFS customers get persistent NameIDs and the ADFS claim mappers'
 * defaults. The customer's IT registers the SP entity id and the ACS (redirect) URL, or imports
 * the SP metadata URL.
 */
final class SamlCustomerStrategy extends IdentityProviderCustomerStrategy {

    static final SamlCustomerStrategy ADFS = new SamlCustomerStrategy(true);
    static final SamlCustomerStrategy SAML = new SamlCustomerStrategy(false);

    private static final String SAML_PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
    private static final String SP_ENTITY_ID = "entityId";

    private final boolean adfs;

    private SamlCustomerStrategy(boolean adfs) {
        this.adfs = adfs;
    }

    @Override
    public void validate(CustomerRequest request, boolean allowInsecureMetadata) {
        CustomerProtocolStrategy.requireMetadataUrl("metadataUrl", request.metadataUrl(), allowInsecureMetadata);
    }

    @Override
    void configure(CustomerContext context, IdentityProviderModel idp, Map<String, String> config, CustomerRequest request,
                   Map<String, String> previousConfig) {
        idp.setProviderId("saml");
        config.putAll(context.upstream().samlIdentityProvider(request.metadataUrl()));
        config.put(IdentityProviderModel.METADATA_DESCRIPTOR_URL, request.metadataUrl());
        // the signing keys are re-read from the metadata URL, so the customer's certificate rollover needs no call
        config.put("useMetadataDescriptorUrl", "true");
        config.put(SP_ENTITY_ID, BrokerUris.spEntityId(context.publicBase(), context.realm().getName()));
        config.put("principalType", "SUBJECT");
        config.put("allowCreate", "true");
        if (adfs) {
            config.put("nameIDPolicyFormat", SAML_PERSISTENT);
        }
    }

    @Override
    void describeProtocol(CustomerContext context, String slug, Map<String, String> config, CustomerRepresentation customer) {
        String realm = context.realm().getName();
        customer.metadataUrl = config.get(IdentityProviderModel.METADATA_DESCRIPTOR_URL);
        customer.spEntityId = config.getOrDefault(SP_ENTITY_ID, BrokerUris.spEntityId(context.publicBase(), realm));
        customer.spMetadataUrl = BrokerUris.spMetadataUrl(context.publicBase(), realm, slug);
    }

    @Override
    IdentityProviderMapperModel domainGuard(String alias) {
        return CustomerDomainGuardMapper.model(alias, AdfsClaims.UPN, AdfsClaims.EMAIL);
    }

    @Override
    List<IdentityProviderMapperModel> mappers(String alias) {
        return AdfsClaims.mappers(alias);
    }
}
