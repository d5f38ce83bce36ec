package dev.ssobundle.it.brokers;

import static dev.ssobundle.it.brokers.CustomerOnboardingIT.customer;
import static dev.ssobundle.it.brokers.CustomerOnboardingIT.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A customer whose ADFS is played by another realm of the same Keycloak: a SAML IdP whose metadata
 * is served at {@code /realms/<r>/protocol/saml/descriptor} and that sends ADFS claim names.
 * Onboarded through the API, its user signs in to flatchr-app by typing their email.
 */
@ExtendWith(KeycloakExtension.class)
class AdfsHomeRealmDiscoveryIT {

    private static final String UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
    private static final String EMAIL = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
    private static final String GIVEN_NAME = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname";
    private static final String SURNAME = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname";

    private final KeycloakServer server;
    private final AdminApi admin;

    AdfsHomeRealmDiscoveryIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        BrokerFlow.allowInsecureMetadata(admin, "flatchr");
    }

    @Test
    void adfsUserSignsInByEmailDomainIsCreatedWithMappedClaimsAndReusesTheAccount() {
        Customer customer = onboardAdfsCustomer();
        try {
            HttpResponse<String> first = loginThroughHomeRealmDiscovery(customer);
            assertThat(BrokerFlow.reachedApp(first)).as("reached flatchr-app: %s %s", first.statusCode(), first.body()).isTrue();

            JsonNode user = flatchrUser(customer.email());
            assertThat(user.path("email").asText()).isEqualTo(customer.email());
            assertThat(user.path("firstName").asText()).isEqualTo("Jeanne");
            assertThat(user.path("lastName").asText()).isEqualTo("Martin");
            assertThat(user.path("username").asText()).as("username from the UPN claim").isEqualTo(customer.email());
            JsonNode links = admin.getJson("realms/flatchr/users/" + user.path("id").asText() + "/federated-identity");
            assertThat(links.findValuesAsText("identityProvider")).containsExactly(customer.slug());

            HttpResponse<String> second = loginThroughHomeRealmDiscovery(customer);
            assertThat(BrokerFlow.reachedApp(second)).as("second login: %s %s", second.statusCode(), second.body()).isTrue();
            assertThat(flatchrUser(customer.email()).path("id").asText()).as("same account").isEqualTo(user.path("id").asText());
            assertThat(admin.getJson("realms/flatchr/users?email=" + enc(customer.email()) + "&exact=true")).hasSize(1);
        } finally {
            removeCustomer(customer);
        }
    }

    @Test
    void rolledUpstreamSigningKeyIsPickedUpThroughTheMetadataUrl() throws Exception {
        Customer customer = onboardAdfsCustomer();
        try {
            assertThat(BrokerFlow.reachedApp(loginThroughHomeRealmDiscovery(customer))).isTrue();

            // the customer's ADFS rolls its token-signing certificate: new key on, old key off
            JsonNode oldKeys = admin.getJson("realms/" + customer.upstreamRealm() + "/components?type=org.keycloak.keys.KeyProvider");
            admin.require2xx(admin.post("realms/" + customer.upstreamRealm() + "/components", Map.of(
                    "name", "rolled-rsa", "providerId", "rsa-generated", "providerType", "org.keycloak.keys.KeyProvider",
                    "parentId", customer.upstreamRealm(),
                    "config", Map.of("priority", List.of("500"), "keySize", List.of("2048"), "algorithm", List.of("RS256")))));
            for (JsonNode key : oldKeys) {
                if ("rsa-generated".equals(key.path("providerId").asText())) {
                    admin.require2xx(admin.delete("realms/" + customer.upstreamRealm() + "/components/" + key.path("id").asText()));
                }
            }
            // Keycloak refetches unknown keys at most every 10 s per IdP (public key storage's minTimeBetweenRequests)
            Thread.sleep(11_000);

            HttpResponse<String> afterRollover = loginThroughHomeRealmDiscovery(customer);
            assertThat(BrokerFlow.reachedApp(afterRollover)).as("after rollover: %s %s", afterRollover.statusCode(), afterRollover.body()).isTrue();
        } finally {
            removeCustomer(customer);
        }
    }

    @Test
    void responseSignedByAKeyNotInTheCustomersMetadataIsRefused() throws Exception {
        String id = unique();
        Customer upstream = createUpstream("tyrell-" + id, "adfs-" + id);
        // the metadata the customer published names another certificate than the one their IdP signs with
        String genuine = new String(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.realmUri(upstream.upstreamRealm()) + "/protocol/saml/descriptor")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String foreignCertificate = CustomerOnboardingIT.resource("brokers/adfs-FederationMetadata.xml")
                .replaceAll("(?s).*?<X509Certificate>([^<]+)</X509Certificate>.*", "$1");
        String tampered = genuine.replaceAll("<ds:X509Certificate>[^<]+</ds:X509Certificate>", "<ds:X509Certificate>" + foreignCertificate + "</ds:X509Certificate>");
        assertThat(tampered).isNotEqualTo(genuine);
        try (LoopbackDocuments documents = new LoopbackDocuments()) {
            String metadataUrl = documents.put("/FederationMetadata/2007-06/FederationMetadata.xml", tampered).toString();
            admin.require2xx(admin.post("realms/flatchr/customers", customer(upstream.slug(), "adfs",
                    List.of(upstream.email().substring(upstream.email().indexOf('@') + 1)), Map.of("metadataUrl", metadataUrl))));
            long refusalsBefore = server.log().lines().filter(l -> l.contains("validation failed")).count();

            HttpResponse<String> response = loginThroughHomeRealmDiscovery(upstream);

            assertThat(BrokerFlow.reachedApp(response)).isFalse();
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(admin.getJson("realms/flatchr/users?email=" + enc(upstream.email()) + "&exact=true")).isEmpty();
            assertThat(server.log().lines().filter(l -> l.contains("[org.keycloak.broker.saml.SAMLEndpoint]") && l.contains("validation failed")).count())
                    .isGreaterThan(refusalsBefore);
        } finally {
            removeCustomer(upstream);
        }
    }

    private HttpResponse<String> loginThroughHomeRealmDiscovery(Customer customer) {
        Browser browser = new Browser();
        HttpResponse<String> emailPage = BrokerFlow.walk(browser, browser.get(BrokerFlow.authorizeFlatchrApp(server.baseUri())));
        HttpResponse<String> upstreamLogin = BrokerFlow.walk(browser, BrokerFlow.submitEmail(browser, emailPage, customer.email()));
        assertThat(upstreamLogin.uri().getPath()).as("sent to the customer's IdP").startsWith("/realms/" + customer.upstreamRealm() + "/");
        return BrokerFlow.walk(browser, BrokerFlow.submitPassword(browser, upstreamLogin, customer.email(), "adfs-pass"));
    }

    private JsonNode flatchrUser(String username) {
        JsonNode users = admin.getJson("realms/flatchr/users?username=" + enc(username) + "&exact=true");
        assertThat(users).hasSize(1);
        return users.get(0);
    }

    /** The upstream "ADFS" realm with one user, a SAML client for flatchr's SP sending ADFS claim names, and the onboarded customer. */
    private Customer onboardAdfsCustomer() {
        String id = unique();
        Customer customer = createUpstream("fabrikam-" + id, "adfs-" + id);
        String metadataUrl = server.realmUri(customer.upstreamRealm()) + "/protocol/saml/descriptor";
        String domain = customer.email().substring(customer.email().indexOf('@') + 1);
        HttpResponse<String> onboarded = admin.post("realms/flatchr/customers", customer(customer.slug(), "adfs", List.of(domain), Map.of("metadataUrl", metadataUrl)));
        assertThat(onboarded.statusCode()).as(onboarded.body()).isEqualTo(201);
        assertThat(AdminApi.read(onboarded.body()).path("redirectUri").asText())
                .isEqualTo(server.baseUri().resolve("/realms/flatchr/broker/" + customer.slug() + "/endpoint").toString());
        return customer;
    }

    private Customer createUpstream(String slug, String realm) {
        String domain = slug + ".example";
        String email = "jeanne.martin@" + domain;
        String spEntityId = server.baseUri().resolve("/realms/flatchr").toString();
        String acs = server.baseUri().resolve("/realms/flatchr/broker/" + slug + "/endpoint").toString();

        admin.require2xx(admin.post("realms", Map.of(
                "realm", realm, "enabled", true,
                "users", List.of(Map.of("username", email, "email", email, "emailVerified", true, "enabled", true,
                        "firstName", "Jeanne", "lastName", "Martin",
                        "credentials", List.of(Map.of("type", "password", "value", "adfs-pass", "temporary", false)))),
                "clients", List.of(Map.of(
                        "clientId", spEntityId, "protocol", "saml", "enabled", true, "redirectUris", List.of(acs),
                        "attributes", Map.of("saml.client.signature", "false", "saml.server.signature", "true",
                                "saml.assertion.signature", "true", "saml_force_name_id_format", "true",
                                "saml_name_id_format", "persistent", "saml.authnstatement", "true"),
                        "protocolMappers", List.of(
                                claim("upn", "username", UPN), claim("emailaddress", "email", EMAIL),
                                claim("givenname", "firstName", GIVEN_NAME), claim("surname", "lastName", SURNAME)))))));

        return new Customer(slug, realm, email);
    }

    private static Map<String, Object> claim(String name, String property, String claimType) {
        return Map.of("name", name, "protocol", "saml", "protocolMapper", "saml-user-property-mapper",
                "config", Map.of("user.attribute", property, "attribute.name", claimType,
                        "attribute.nameformat", "URI Reference", "friendly.name", name));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private record Customer(String slug, String upstreamRealm, String email) {
    }

    private void removeCustomer(Customer customer) {
        for (JsonNode user : admin.getJson("realms/flatchr/users?email=" + enc(customer.email()) + "&exact=true")) {
            admin.delete("realms/flatchr/users/" + user.path("id").asText());
        }
        admin.delete("realms/flatchr/customers/" + customer.slug());
        admin.delete("realms/" + customer.upstreamRealm());
    }
}
