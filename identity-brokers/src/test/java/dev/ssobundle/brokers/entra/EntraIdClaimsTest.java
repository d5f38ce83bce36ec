package dev.ssobundle.brokers.entra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.JsonWebToken;

class EntraIdClaimsTest {

    private static final String TENANT = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    @Test
    void federatedIdIsTenantAndObjectIdNeverTheEmail() {
        EntraIdClaims claims = EntraIdClaims.of(token("OID-1", "Jane@Contoso.com", true));
        assertThat(claims.federatedUserId()).isEqualTo(TENANT + ".oid-1").doesNotContain("contoso");
    }

    @Test
    void emailIsTrustedOnlyWhenVerifiedAndInsideTheCustomerDomains() {
        assertThat(EntraIdClaims.of(token("o", "Jane@Contoso.com", true)).trustedEmail(List.of("contoso.com"))).isEqualTo("jane@contoso.com");
        assertThat(EntraIdClaims.of(token("o", "jane@contoso.com", false)).trustedEmail(List.of("contoso.com"))).isNull();
        assertThat(EntraIdClaims.of(token("o", "jane@fabrikam.com", true)).trustedEmail(List.of("contoso.com"))).isNull();
        assertThat(EntraIdClaims.of(token("o", "jane@evilcontoso.com", true)).trustedEmail(List.of("contoso.com"))).isNull();
        assertThat(EntraIdClaims.of(token("o", null, true)).trustedEmail(List.of("contoso.com"))).isNull();
    }

    @Test
    void onlyTenantGuidsAreTenants() {
        assertThat(EntraIdIdentityProviderConfig.isTenantGuid(TENANT)).isTrue();
        for (String notATenant : List.of("common", "organizations", "consumers", "contoso.onmicrosoft.com", "")) {
            assertThat(EntraIdIdentityProviderConfig.isTenantGuid(notATenant)).as(notATenant).isFalse();
        }
    }

    @Test
    void endpointsAndIssuerAreDerivedFromTheTenant() {
        EntraIdIdentityProviderConfig config = new EntraIdIdentityProviderConfig();
        config.setTenantId(TENANT);
        config.setAuthorizationUrl("https://login.microsoftonline.com/common/oauth2/v2.0/authorize");
        config.applyTenantEndpoints();
        assertThat(config.getAuthorizationUrl()).isEqualTo("https://login.microsoftonline.com/" + TENANT + "/oauth2/v2.0/authorize");
        assertThat(config.getIssuer()).isEqualTo("https://login.microsoftonline.com/" + TENANT + "/v2.0");
        assertThat(config.getJwksUrl()).isEqualTo("https://login.microsoftonline.com/" + TENANT + "/discovery/v2.0/keys");

        config.setAuthorityUrl("http://127.0.0.1:4000/");
        config.applyTenantEndpoints();
        assertThat(config.getIssuer()).isEqualTo("http://127.0.0.1:4000/" + TENANT + "/v2.0");
    }

    private static JsonWebToken token(String oid, String email, boolean edov) {
        JsonWebToken token = new JsonWebToken();
        token.setOtherClaims("tid", TENANT);
        token.setOtherClaims("oid", oid);
        if (email != null) {
            token.setOtherClaims("email", email);
        }
        token.setOtherClaims("xms_edov", edov);
        return token;
    }
}
