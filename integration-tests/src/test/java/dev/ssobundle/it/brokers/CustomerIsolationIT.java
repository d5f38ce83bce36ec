package dev.ssobundle.it.brokers;

import static dev.ssobundle.it.brokers.CustomerOnboardingIT.customer;
import static dev.ssobundle.it.brokers.CustomerOnboardingIT.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Customers stay apart (issue 11, point 5): the identity provider of customer A cannot sign in,
 * create or link an account in customer B's email domain. A's IdP is another realm of the same
 * Keycloak (OIDC), whose user has an email in B's domain.
 */
@ExtendWith(KeycloakExtension.class)
class CustomerIsolationIT {

    private final KeycloakServer server;
    private final AdminApi admin;

    CustomerIsolationIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        BrokerFlow.allowInsecureMetadata(admin, "flatchr");
    }

    @Test
    void customerIdentityProviderCannotSignInAnAccountInAnotherCustomersDomain() {
        BrokerFlow.saveIdentityProviderLoginErrors(admin, "flatchr");
        String id = unique();
        String slugA = "acme-" + id;
        String slugB = "globex-" + id;
        String domainA = slugA + ".example";
        String domainB = slugB + ".example";
        String upstream = "upstream-" + id;
        String victimEmail = "ceo@" + domainB;
        admin.require2xx(admin.post("realms", Map.of("realm", upstream, "enabled", true,
                "users", List.of(Map.of("username", "mallory", "email", victimEmail, "emailVerified", true, "enabled", true,
                        "firstName", "Mallory", "lastName", "Acme",
                        "credentials", List.of(Map.of("type", "password", "value", "mallory-pass", "temporary", false)))),
                "clients", List.of(Map.of("clientId", "flatchr-broker", "secret", "broker-secret", "publicClient", false,
                        "standardFlowEnabled", true, "redirectUris", List.of("*"))))));
        try {
            admin.require2xx(admin.post("realms/flatchr/customers", customer(slugA, "oidc", List.of(domainA), Map.of(
                    "discoveryUrl", server.realmUri(upstream) + "/.well-known/openid-configuration",
                    "clientId", "flatchr-broker", "clientSecret", "broker-secret"))));
            admin.require2xx(admin.post("realms/flatchr/customers", customer(slugB, "google", List.of(domainB), Map.of(
                    "clientId", "globex.apps.googleusercontent.com", "clientSecret", "google-secret"))));

            for (String[] locale : new String[][] {
                    {"en", "a domain of another organization"},
                    {"fr", "qui appartient à une autre organisation"},
                    {"ru", "который принадлежит другой организации"}}) {
                HttpResponse<String> refused = signInThroughA("mallory@" + domainA, locale[0]);

                assertThat(BrokerFlow.reachedApp(refused)).as("must not sign in").isFalse();
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
                String message = Jsoup.parse(refused.body()).text();
                assertThat(message).as(locale[0]).contains(locale[1]).contains(domainB);
            }
            assertThat(admin.getJson("realms/flatchr/users?email=" + enc(victimEmail) + "&exact=true"))
                    .as("no account created in B's domain").isEmpty();
            assertThat(admin.getJson("realms/flatchr/users?search=mallory")).isEmpty();
            JsonNode events = admin.getJson("realms/flatchr/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&max=100");
            assertThat(events.toString()).contains("foreign_customer_domain").contains(slugA);
        } finally {
            admin.delete("realms/flatchr/customers/" + slugA);
            admin.delete("realms/flatchr/customers/" + slugB);
            admin.delete("realms/" + upstream);
        }
    }

    @Test
    void adfsUpnBecomesTheUsernameOnlyInTheCustomersOwnDomains() {
        String id = unique();
        String slugA = "fabrikam-" + id;
        String slugB = "contoso-" + id;
        String domainA = slugA + ".example";
        String domainB = slugB + ".example";
        String upstream = "adfs-" + id;
        String internalUpn = "jeanne@corp-" + id + ".local";
        String foreignUpn = "boss@" + domainB;
        createSamlUpstream(upstream, slugA, Map.of(internalUpn, "jeanne@" + domainA, foreignUpn, "boss@" + domainA));
        try {
            admin.require2xx(admin.post("realms/flatchr/customers", customer(slugA, "adfs", List.of(domainA),
                    Map.of("metadataUrl", server.realmUri(upstream) + "/protocol/saml/descriptor"))));
            admin.require2xx(admin.post("realms/flatchr/customers", customer(slugB, "google", List.of(domainB), Map.of(
                    "clientId", "contoso.apps.googleusercontent.com", "clientSecret", "google-secret"))));

            HttpResponse<String> internal = signIn("jeanne@" + domainA, internalUpn, "adfs-pass", "en");
            assertThat(BrokerFlow.reachedApp(internal)).as("%s %s", internal.statusCode(), internal.body()).isTrue();
            JsonNode jeanne = admin.getJson("realms/flatchr/users?email=" + enc("jeanne@" + domainA) + "&exact=true").get(0);
            assertThat(jeanne.path("username").asText()).as("a UPN outside the customer's domains is not the username")
                    .isNotEqualTo(internalUpn);

            HttpResponse<String> foreign = signIn("boss@" + domainA, foreignUpn, "adfs-pass", "en");
            assertThat(BrokerFlow.reachedApp(foreign)).isFalse();
            assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
            assertThat(Jsoup.parse(foreign.body()).text()).contains(domainB);
            assertThat(admin.getJson("realms/flatchr/users?username=" + enc(foreignUpn) + "&exact=true")).isEmpty();
            assertThat(admin.getJson("realms/flatchr/users?email=" + enc("boss@" + domainA) + "&exact=true")).isEmpty();
        } finally {
            for (JsonNode user : admin.getJson("realms/flatchr/users?search=" + enc(domainA) + "&max=10")) {
                admin.delete("realms/flatchr/users/" + user.path("id").asText());
            }
            admin.delete("realms/flatchr/customers/" + slugA);
            admin.delete("realms/flatchr/customers/" + slugB);
            admin.delete("realms/" + upstream);
        }
    }

    @Test
    void ldapCustomerFederationIsLimitedToTheCustomersMailDomains() {
        String slug = "ldap-" + unique();
        String domain = slug + ".example";
        admin.require2xx(admin.post("realms/flatchr/customers", customer(slug, "ldap", List.of(domain), Map.of(
                "connectionUrl", "ldaps://ldap.invalid:636", "usersDn", "ou=people,dc=acme,dc=example"))));
        try {
            assertThat(ldapComponentConfig(slug).path("customUserSearchFilter").get(0).asText())
                    .isEqualTo("(|(mail=*@" + domain + "))");
            assertCustomerMailMapper(slug, List.of(domain));
            admin.require2xx(admin.put("realms/flatchr/customers/" + slug, Map.of("domains", List.of(domain, "mail." + domain))));
            assertThat(ldapComponentConfig(slug).path("customUserSearchFilter").get(0).asText())
                    .as("follows the customer's domains").isEqualTo("(|(mail=*@" + domain + ")(mail=*@mail." + domain + "))");
            assertCustomerMailMapper(slug, List.of(domain, "mail." + domain));
        } finally {
            admin.delete("realms/flatchr/customers/" + slug);
        }
    }

    /** The federation carries the customer's mail mapper, with the customer's domains. */
    private void assertCustomerMailMapper(String slug, List<String> domains) {
        JsonNode mappers = admin.getJson("realms/flatchr/components?type=org.keycloak.storage.ldap.mappers.LDAPStorageMapper&parent="
                + ldapComponentId(slug));
        List<JsonNode> customerMappers = new java.util.ArrayList<>();
        mappers.forEach(m -> {
            if ("customer-ldap-mail-mapper".equals(m.path("providerId").asText())) {
                customerMappers.add(m);
            }
        });
        assertThat(customerMappers).as("%s", mappers).hasSize(1);
        List<String> configured = new java.util.ArrayList<>();
        customerMappers.get(0).path("config").path("ssoBundle.customers.domains").forEach(d -> configured.add(d.asText()));
        assertThat(configured).as("follows the customer's domains").containsExactlyInAnyOrderElementsOf(domains);
    }

    private String ldapComponentId(String slug) {
        for (JsonNode component : admin.getJson("realms/flatchr/components?type=org.keycloak.storage.UserStorageProvider")) {
            if (slug.equals(component.path("name").asText())) {
                return component.path("id").asText();
            }
        }
        throw new AssertionError("no LDAP component named " + slug);
    }

    private JsonNode ldapComponentConfig(String slug) {
        for (JsonNode component : admin.getJson("realms/flatchr/components?type=org.keycloak.storage.UserStorageProvider")) {
            if (slug.equals(component.path("name").asText())) {
                return component.path("config");
            }
        }
        throw new AssertionError("no LDAP component named " + slug);
    }

    /** An "ADFS" realm: users named by their UPN, a SAML client for flatchr's SP sending the ADFS UPN and email claims. */
    private void createSamlUpstream(String realm, String slug, Map<String, String> emailByUpn) {
        String spEntityId = server.baseUri().resolve("/realms/flatchr").toString();
        String acs = server.baseUri().resolve("/realms/flatchr/broker/" + slug + "/endpoint").toString();
        List<Map<String, Object>> users = emailByUpn.entrySet().stream().map(e -> Map.<String, Object>of(
                "username", e.getKey(), "email", e.getValue(), "emailVerified", true, "enabled", true, "firstName", "Jeanne", "lastName", "Martin",
                "credentials", List.of(Map.of("type", "password", "value", "adfs-pass", "temporary", false)))).toList();
        admin.require2xx(admin.post("realms", Map.of("realm", realm, "enabled", true, "users", users,
                "clients", List.of(Map.of(
                        "clientId", spEntityId, "protocol", "saml", "enabled", true, "redirectUris", List.of(acs),
                        "attributes", Map.of("saml.client.signature", "false", "saml.server.signature", "true",
                                "saml.assertion.signature", "true", "saml_force_name_id_format", "true",
                                "saml_name_id_format", "persistent", "saml.authnstatement", "true"),
                        "protocolMappers", List.of(
                                samlClaim("upn", "username", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"),
                                samlClaim("emailaddress", "email", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"),
                                // ADFS sends the names too; the flatchr realm's user profile requires them
                                samlClaim("givenname", "firstName", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname"),
                                samlClaim("surname", "lastName", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname")))))));
    }

    private static Map<String, Object> samlClaim(String name, String property, String claimType) {
        return Map.of("name", name, "protocol", "saml", "protocolMapper", "saml-user-property-mapper",
                "config", Map.of("user.attribute", property, "attribute.name", claimType, "attribute.nameformat", "URI Reference", "friendly.name", name));
    }

    private HttpResponse<String> signIn(String typedEmail, String upstreamUsername, String password, String locale) {
        Browser browser = new Browser();
        URI authorize = URI.create(BrokerFlow.authorizeFlatchrApp(server.baseUri()) + "&ui_locales=" + locale);
        HttpResponse<String> emailPage = BrokerFlow.walk(browser, browser.get(authorize));
        HttpResponse<String> upstreamLogin = BrokerFlow.walk(browser, BrokerFlow.submitEmail(browser, emailPage, typedEmail));
        return BrokerFlow.walk(browser, BrokerFlow.submitPassword(browser, upstreamLogin, upstreamUsername, password));
    }

    private HttpResponse<String> signInThroughA(String typedEmail, String locale) {
        Browser browser = new Browser();
        URI authorize = URI.create(BrokerFlow.authorizeFlatchrApp(server.baseUri()) + "&ui_locales=" + locale);
        HttpResponse<String> emailPage = BrokerFlow.walk(browser, browser.get(authorize));
        HttpResponse<String> upstreamLogin = BrokerFlow.walk(browser, BrokerFlow.submitEmail(browser, emailPage, typedEmail));
        assertThat(upstreamLogin.uri().getPath()).as("sent to customer A's IdP").contains("/realms/upstream-");
        return BrokerFlow.walk(browser, BrokerFlow.submitPassword(browser, upstreamLogin, "mallory", "mallory-pass"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
