package dev.ssobundle.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;

class CustomerPageMirrorTest {

    @Test
    void rowOfACustomerCarriesNoSecret() {
        CustomerRepresentation customer = new CustomerRepresentation();
        customer.slug = "acme";
        customer.domains = List.of("acme.com", "acme.fr");
        customer.protocol = "oidc";
        customer.enabled = true;
        customer.clientSecret = "s3cret";
        customer.bindCredential = "b1nd";
        customer.redirectUri = "https://login.example/realms/flatchr/broker/acme/endpoint";
        customer.warnings = List.of("one", "two");

        MultivaluedHashMap<String, String> row = CustomerPageMirror.toConfig(customer);

        assertThat(row).doesNotContainKeys("clientSecret", "bindCredential");
        assertThat(row.get("domains")).containsExactly("acme.com", "acme.fr");
        assertThat(row.getFirst("enabled")).isEqualTo("true");
        assertThat(row.getFirst("redirectUri")).isEqualTo(customer.redirectUri);
        assertThat(row.get("warnings")).containsExactly("one; two");
    }

    @Test
    void pageSubmissionBecomesTheApisRequestBody() {
        MultivaluedHashMap<String, String> submitted = new MultivaluedHashMap<>();
        submitted.putSingle("slug", "acme");
        submitted.putSingle("displayName", " ");
        submitted.put("domains", List.of("acme.com", "", "acme.fr"));
        submitted.putSingle("protocol", "oidc");
        submitted.putSingle("enabled", "false");
        submitted.putSingle("clientSecret", ComponentRepresentation.SECRET_VALUE);
        submitted.putSingle("bindCredential", "typed");
        // output-only fields and the console's own route parameters are not part of the request
        submitted.putSingle("redirectUri", "https://attacker.example/");
        submitted.putSingle("realm", "flatchr");
        submitted.putSingle("providerId", "Customers");

        CustomerRepresentation body = CustomerPageMirror.fromConfig(submitted);

        assertThat(body.slug).isEqualTo("acme");
        assertThat(body.displayName).as("blank is absent").isNull();
        assertThat(body.domains).containsExactly("acme.com", "acme.fr");
        assertThat(body.enabled).isFalse();
        assertThat(body.clientSecret).as("the console's mask means: keep the stored one").isNull();
        assertThat(body.bindCredential).isEqualTo("typed");
        assertThat(body.redirectUri).isNull();
    }
}
