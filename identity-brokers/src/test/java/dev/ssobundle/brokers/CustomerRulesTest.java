package dev.ssobundle.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CustomerRulesTest {

    @Nested
    class Slug {
        @Test
        void acceptsLowercaseDnsLabels() {
            assertThat(CustomerRules.slugProblem("acme")).isEmpty();
            assertThat(CustomerRules.slugProblem("acme-corp-2")).isEmpty();
            assertThat(CustomerRules.slugProblem("a".repeat(63))).isEmpty();
        }

        @Test
        void refusesEverythingElse() {
            for (String slug : List.of("", "Acme", "acme_corp", "-acme", "acme-", "acme.io", "a".repeat(64), "acmé")) {
                assertThat(CustomerRules.slugProblem(slug)).as(slug).isPresent();
            }
            assertThat(CustomerRules.slugProblem(null)).contains("slug is required");
        }
    }

    @Nested
    class Domains {
        @Test
        void lowercasesAndDeduplicates() {
            assertThat(CustomerRules.normalizedDomains(List.of("Acme.COM", "acme.com ", "mail.acme.com")))
                    .containsExactly("acme.com", "mail.acme.com");
        }

        @Test
        void refusesNonDomains() {
            assertThatThrownBy(() -> CustomerRules.normalizedDomains(List.of())).hasMessageContaining("at least one");
            assertThatThrownBy(() -> CustomerRules.normalizedDomains(List.of("localhost"))).hasMessageContaining("'localhost' is not an email domain");
            assertThatThrownBy(() -> CustomerRules.normalizedDomains(List.of("user@acme.com"))).hasMessageContaining("not an email domain");
        }
    }

    @Test
    void metadataUrlsMustBeHttpsUnlessTheRealmAllowsHttp() {
        assertThat(CustomerRules.metadataUrlProblem("metadataUrl", "https://adfs.acme.com/FederationMetadata/2007-06/FederationMetadata.xml", false)).isEmpty();
        assertThat(CustomerRules.metadataUrlProblem("discoveryUrl", "http://idp.acme.com/.well-known/openid-configuration", false)).get().asString()
                .contains("discoveryUrl must be an https URL").contains("ssoBundle.customers.allowInsecureMetadata=true");
        assertThat(CustomerRules.metadataUrlProblem("discoveryUrl", "http://idp.acme.com/.well-known/openid-configuration", true)).isEmpty();
        assertThat(CustomerRules.metadataUrlProblem("metadataUrl", "ftp://x/y", true)).get().asString().contains("https URL");
        assertThat(CustomerRules.metadataUrlProblem("metadataUrl", null, true)).contains("metadataUrl is required");
        assertThat(CustomerRules.isPlainHttp("HTTP://x")).isTrue();
        assertThat(CustomerRules.isPlainHttp("https://x")).isFalse();
    }

    @Test
    void ldapFilterServesOnlyTheCustomersMailDomains() {
        assertThat(CustomerRules.ldapMailDomainFilter(List.of("acme.com", "acme.fr"))).isEqualTo("(|(mail=*@acme.com)(mail=*@acme.fr))");
        assertThatThrownBy(() -> CustomerRules.ldapMailDomainFilter(List.of("acme.com)(uid=*"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ldapUrlsMustBeLdap() {
        assertThat(CustomerRules.ldapUrlProblem("ldaps://dc1.acme.com:636")).isEmpty();
        assertThat(CustomerRules.ldapUrlProblem("http://dc1")).isPresent();
    }
}
