package dev.ssobundle.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BrokerUrisTest {

    @Test
    void redirectUriKeepsTheLegacyAuthPrefixOfTheBaseUri() {
        assertThat(BrokerUris.redirectUri(URI.create("https://login.flatchr.io/auth/"), "flatchr", "acme"))
                .isEqualTo("https://login.flatchr.io/auth/realms/flatchr/broker/acme/endpoint");
    }

    @Test
    void redirectUriAtTheRootHasNoPrefix() {
        assertThat(BrokerUris.redirectUri(URI.create("http://127.0.0.1:8080/"), "flatchr", "acme"))
                .isEqualTo("http://127.0.0.1:8080/realms/flatchr/broker/acme/endpoint");
    }

    @Test
    void spFactsOfASamlCustomerFollowTheSameBase() {
        URI base = URI.create("https://login.flatchr.io/auth");
        assertThat(BrokerUris.spEntityId(base, "flatchr")).isEqualTo("https://login.flatchr.io/auth/realms/flatchr");
        assertThat(BrokerUris.spMetadataUrl(base, "flatchr", "acme"))
                .isEqualTo("https://login.flatchr.io/auth/realms/flatchr/broker/acme/endpoint/descriptor");
    }
}
