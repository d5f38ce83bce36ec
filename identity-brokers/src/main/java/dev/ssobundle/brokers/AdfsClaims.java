package dev.ssobundle.brokers;

import java.util.List;
import java.util.Map;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderMapperSyncMode;

/** The claim types ADFS sends by default and the Keycloak mappers that read them. */
final class AdfsClaims {

    /** The namespace of the standard identity claim types (ADFS's "Claim Types" list). */
    private static final String IDENTITY_CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/";
    static final String UPN = IDENTITY_CLAIMS + "upn";
    static final String EMAIL = IDENTITY_CLAIMS + "emailaddress";

    private static final String SAML_ATTRIBUTE_MAPPER = "saml-user-attribute-idp-mapper";

    private AdfsClaims() {
    }

    /**
     * Names and groups from their claims. The UPN (username) and email claims are mapped by the
     * customer's {@link CustomerDomainGuardMapper}, which checks their domains.
     */
    static List<IdentityProviderMapperModel> mappers(String idpAlias) {
        return List.of(
                attribute(idpAlias, "adfs-givenname", IDENTITY_CLAIMS + "givenname", "firstName"),
                attribute(idpAlias, "adfs-surname", IDENTITY_CLAIMS + "surname", "lastName"),
                attribute(idpAlias, "adfs-groups", "http://schemas.xmlsoap.org/claims/Group", "groups"));
    }

    private static IdentityProviderMapperModel attribute(String idpAlias, String name, String claim, String userAttribute) {
        return mapper(idpAlias, name, SAML_ATTRIBUTE_MAPPER, Map.of("attribute.name", claim, "user.attribute", userAttribute));
    }

    private static IdentityProviderMapperModel mapper(String idpAlias, String name, String type, Map<String, String> config) {
        IdentityProviderMapperModel model = new IdentityProviderMapperModel();
        model.setName(name);
        model.setIdentityProviderAlias(idpAlias);
        model.setIdentityProviderMapper(type);
        model.setConfig(new java.util.HashMap<>(config));
        model.setSyncMode(IdentityProviderMapperSyncMode.INHERIT);
        return model;
    }
}
