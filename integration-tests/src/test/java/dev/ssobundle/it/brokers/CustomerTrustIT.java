package dev.ssobundle.it.brokers;

import static dev.ssobundle.it.brokers.CustomerOnboardingIT.customer;
import static dev.ssobundle.it.brokers.CustomerOnboardingIT.resource;
import static dev.ssobundle.it.brokers.CustomerOnboardingIT.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the onboarding API trusts and what it refuses (issue 11, customers): the create answer is
 * the stored customer, a stored secret never follows a URL change, metadata travels over TLS,
 * upstream failures are reported without echoing the upstream, and every change is audited.
 */
@ExtendWith(KeycloakExtension.class)
class CustomerTrustIT {

    private static final String CUSTOMERS = "realms/flatchr/customers";
    private static final LoopbackDocuments DOCUMENTS = new LoopbackDocuments();
    private static final String ENTRA_SECRET = "entra-secret-" + UUID.randomUUID();
    private static final EntraTenantStandIn ENTRA = new EntraTenantStandIn(ENTRA_SECRET);

    private final KeycloakServer server;
    private final AdminApi admin;

    CustomerTrustIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        BrokerFlow.allowInsecureMetadata(admin, "flatchr");
    }

    @AfterAll
    static void stopUpstreams() {
        DOCUMENTS.close();
        ENTRA.close();
    }

    // #11.9 ------------------------------------------------------------------------------------

    @Test
    void createAnswerCannotMisdescribeTheStoredCustomerForAnyProtocol() throws Exception {
        String adfsXml = resource("brokers/adfs-FederationMetadata.xml");
        Map<String, Map<String, ?>> byProtocol = new LinkedHashMap<>();
        byProtocol.put("adfs", Map.of("metadataUrl", DOCUMENTS.put("/trust-adfs-" + unique() + ".xml", adfsXml).toString()));
        byProtocol.put("saml", Map.of("metadataUrl", DOCUMENTS.put("/trust-saml-" + unique() + ".xml", adfsXml).toString()));
        byProtocol.put("oidc", Map.of("discoveryUrl", masterDiscovery(), "clientId", "flatchr", "clientSecret", "oidc-secret"));
        byProtocol.put("entra", Map.of("tenantId", UUID.randomUUID().toString(), "authorityUrl", ENTRA.authority(),
                "clientId", "flatchr-sso", "clientSecret", ENTRA_SECRET));
        byProtocol.put("google", Map.of("clientId", "flatchr.apps.googleusercontent.com", "clientSecret", "google-secret"));
        byProtocol.put("ldap", Map.of("connectionUrl", "ldaps://ldap.invalid:636", "usersDn", "ou=people,dc=acme,dc=example",
                "bindDn", "cn=keycloak,dc=acme,dc=example", "bindCredential", "ldap-secret"));

        for (Map.Entry<String, Map<String, ?>> protocol : byProtocol.entrySet()) {
            String slug = protocol.getKey() + "-answer-" + unique();
            HttpResponse<String> created = admin.post(CUSTOMERS, customer(slug, protocol.getKey(), List.of(slug + ".example"), protocol.getValue()));
            try {
                assertThat(created.statusCode()).as(protocol.getKey() + ": " + created.body()).isEqualTo(201);
                HttpResponse<String> stored = admin.getResponse(CUSTOMERS + "/" + slug);
                assertThat(stored.statusCode()).isEqualTo(200);
                assertThat(AdminApi.read(created.body())).as(protocol.getKey() + ": the 201 body is the stored customer")
                        .isEqualTo(AdminApi.read(stored.body()));
                assertThat(AdminApi.read(created.body()).path("protocol").asText()).isEqualTo(protocol.getKey());
            } finally {
                admin.delete(CUSTOMERS + "/" + slug);
            }
        }
    }

    // #11.6 ------------------------------------------------------------------------------------

    @Test
    void putCannotSendTheStoredClientSecretToAnotherDiscoveryUrl() {
        String slug = "secret-oidc-" + unique();
        admin.require2xx(admin.post(CUSTOMERS, customer(slug, "oidc", List.of(slug + ".example"),
                Map.of("discoveryUrl", masterDiscovery(), "clientId", "flatchr", "clientSecret", "stored-secret"))));
        try {
            String tokenUrlBefore = idpConfig(slug).path("tokenUrl").asText();
            // the attacker's host serves a perfectly valid discovery document
            String attackerDiscovery = DOCUMENTS.put("/attacker-" + slug + "/.well-known/openid-configuration",
                    LoopbackDocuments.fetch(masterDiscovery())).toString();

            HttpResponse<String> moved = admin.put(CUSTOMERS + "/" + slug, Map.of("discoveryUrl", attackerDiscovery));

            assertThat(moved.statusCode()).as(moved.body()).isEqualTo(400);
            assertThat(AdminApi.read(moved.body()).path("errorMessage").asText()).contains("discoveryUrl").contains("clientSecret");
            assertThat(idpConfig(slug).path("tokenUrl").asText()).isEqualTo(tokenUrlBefore);
            assertThat(AdminApi.read(admin.getResponse(CUSTOMERS + "/" + slug).body()).path("discoveryUrl").asText()).isEqualTo(masterDiscovery());

            HttpResponse<String> movedWithSecret = admin.put(CUSTOMERS + "/" + slug,
                    Map.of("discoveryUrl", attackerDiscovery, "clientSecret", "secret-for-the-new-host"));
            assertThat(movedWithSecret.statusCode()).as("the secret sent again: the admin means it").isEqualTo(200);
            HttpResponse<String> renamed = admin.put(CUSTOMERS + "/" + slug, Map.of("displayName", "Renamed " + slug));
            assertThat(renamed.statusCode()).as("no URL change, no secret needed: " + renamed.body()).isEqualTo(200);
        } finally {
            admin.delete(CUSTOMERS + "/" + slug);
        }
    }

    @Test
    void putCannotSendTheStoredEntraSecretToAnotherTenantOrAuthority() {
        String slug = "secret-entra-" + unique();
        String tenant = UUID.randomUUID().toString();
        admin.require2xx(admin.post(CUSTOMERS, customer(slug, "entra", List.of(slug + ".example"), Map.of(
                "tenantId", tenant, "authorityUrl", ENTRA.authority(), "clientId", "flatchr-sso", "clientSecret", ENTRA_SECRET))));
        try {
            HttpResponse<String> otherTenant = admin.put(CUSTOMERS + "/" + slug, Map.of("tenantId", UUID.randomUUID().toString()));
            assertThat(otherTenant.statusCode()).as(otherTenant.body()).isEqualTo(400);
            assertThat(AdminApi.read(otherTenant.body()).path("errorMessage").asText()).contains("tenantId").contains("clientSecret");

            HttpResponse<String> otherAuthority = admin.put(CUSTOMERS + "/" + slug, Map.of("authorityUrl", DOCUMENTS.uri("/evil-authority").toString()));
            assertThat(otherAuthority.statusCode()).as(otherAuthority.body()).isEqualTo(400);
            assertThat(AdminApi.read(otherAuthority.body()).path("errorMessage").asText()).contains("authorityUrl").contains("clientSecret");

            assertThat(AdminApi.read(admin.getResponse(CUSTOMERS + "/" + slug).body()).path("tenantId").asText()).isEqualTo(tenant);
        } finally {
            admin.delete(CUSTOMERS + "/" + slug);
        }
    }

    @Test
    void putCannotSendTheStoredLdapBindCredentialToAnotherServer() {
        String slug = "secret-ldap-" + unique();
        admin.require2xx(admin.post(CUSTOMERS, customer(slug, "ldap", List.of(slug + ".example"), Map.of(
                "connectionUrl", "ldaps://ldap.acme.invalid:636", "usersDn", "ou=people,dc=acme,dc=example",
                "bindDn", "cn=keycloak,dc=acme,dc=example", "bindCredential", "stored-bind-secret"))));
        try {
            HttpResponse<String> moved = admin.put(CUSTOMERS + "/" + slug, Map.of("connectionUrl", "ldap://attacker.invalid:389"));

            assertThat(moved.statusCode()).as(moved.body()).isEqualTo(400);
            assertThat(AdminApi.read(moved.body()).path("errorMessage").asText()).contains("connectionUrl").contains("bindCredential");
            assertThat(AdminApi.read(admin.getResponse(CUSTOMERS + "/" + slug).body()).path("connectionUrl").asText())
                    .isEqualTo("ldaps://ldap.acme.invalid:636");
        } finally {
            admin.delete(CUSTOMERS + "/" + slug);
        }
    }

    // #11.8 ------------------------------------------------------------------------------------

    @Test
    void plainHttpMetadataIsRefusedUnlessTheRealmAllowsItAndThenCarriesAWarning() {
        String realm = "customers-tls-" + unique();
        admin.require2xx(admin.post("realms", Map.of("realm", realm, "enabled", true, "organizationsEnabled", true)));
        try {
            String customers = "realms/" + realm + "/customers";
            String slug = "plain-" + unique();
            Map<String, Object> oidc = customer(slug, "oidc", List.of(slug + ".example"),
                    Map.of("discoveryUrl", masterDiscovery(), "clientId", "flatchr", "clientSecret", "x"));

            HttpResponse<String> refused = admin.post(customers, oidc);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(AdminApi.read(refused.body()).path("errorMessage").asText())
                    .contains("discoveryUrl").contains("https").contains("ssoBundle.customers.allowInsecureMetadata");

            HttpResponse<String> saml = admin.post(customers, customer(slug, "saml", List.of(slug + ".example"),
                    Map.of("metadataUrl", DOCUMENTS.uri("/any.xml").toString())));
            assertThat(saml.statusCode()).as(saml.body()).isEqualTo(400);
            assertThat(AdminApi.read(saml.body()).path("errorMessage").asText()).contains("metadataUrl").contains("https");

            HttpResponse<String> entra = admin.post(customers, customer(slug, "entra", List.of(slug + ".example"), Map.of(
                    "tenantId", UUID.randomUUID().toString(), "authorityUrl", ENTRA.authority(), "clientId", "c", "clientSecret", "s")));
            assertThat(entra.statusCode()).as(entra.body()).isEqualTo(400);
            assertThat(AdminApi.read(entra.body()).path("errorMessage").asText()).contains("authorityUrl").contains("https");
            assertThat(admin.getResponse(customers + "/" + slug).statusCode()).isEqualTo(404);

            BrokerFlow.allowInsecureMetadata(admin, realm);
            HttpResponse<String> allowed = admin.post(customers, oidc);
            assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(201);
            assertThat(AdminApi.read(allowed.body()).path("warnings").toString()).contains("discoveryUrl").contains("http");
        } finally {
            admin.delete("realms/" + realm);
        }
    }

    @Test
    void upstreamFailuresSayWhatFailedWithoutEchoingTheUpstream() {
        String marker = "upstream-marker-" + unique();
        String slug = "failing-" + unique();
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("server error", DOCUMENTS.putWithStatus("/" + slug + "/500", 500, "<h1>" + marker + " stack at db.internal</h1>").toString());
        urls.put("not JSON", DOCUMENTS.put("/" + slug + "/garbage", marker + "{{").toString());
        // a plain-http server (Keycloak's own port) answering a TLS handshake: the handshake fails at once
        urls.put("TLS", "https://127.0.0.1:" + server.baseUri().getPort() + "/" + slug + "/tls");
        urls.put("refused", "http://127.0.0.1:9/" + slug);
        List<String> messages = new ArrayList<>();
        for (Map.Entry<String, String> url : urls.entrySet()) {
            HttpResponse<String> response = admin.post(CUSTOMERS, customer(slug, "oidc", List.of(slug + ".example"),
                    Map.of("discoveryUrl", url.getValue(), "clientId", "c", "clientSecret", "s")));
            assertThat(response.statusCode()).as(url.getKey() + ": " + response.body()).isEqualTo(400);
            String message = AdminApi.read(response.body()).path("errorMessage").asText();
            messages.add(message);
            assertThat(message).as(url.getKey()).startsWith("discoveryUrl " + url.getValue())
                    .doesNotContain(marker).doesNotContain("Exception").doesNotContain("java.").doesNotContain("Unrecognized token");
        }
        assertThat(messages.get(0)).contains("HTTP 500").contains("server error");
        assertThat(messages.get(1)).contains("did not return an OpenID Connect discovery document");
        assertThat(messages.get(2)).contains("TLS");
        assertThat(messages.get(3)).contains("connection refused");
    }

    // #11.7 ------------------------------------------------------------------------------------

    @Test
    void everyOnboardingChangeLeavesAnAdminEventAuthoredByTheCaller() {
        JsonNode eventsConfig = admin.getJson("realms/flatchr/events/config");
        ((com.fasterxml.jackson.databind.node.ObjectNode) eventsConfig).put("adminEventsEnabled", true).put("adminEventsDetailsEnabled", true);
        admin.require2xx(admin.put("realms/flatchr/events/config", eventsConfig));
        String adminId = admin.getJson("realms/master/users?exact=true&username=" + server.adminUsername()).get(0).path("id").asText();

        String slug = "audited-" + unique();
        admin.require2xx(admin.post(CUSTOMERS, customer(slug, "oidc", List.of(slug + ".example"),
                Map.of("discoveryUrl", masterDiscovery(), "clientId", "flatchr", "clientSecret", "audited-secret"))));
        admin.require2xx(admin.put(CUSTOMERS + "/" + slug, Map.of("displayName", "Audited " + slug)));
        admin.require2xx(admin.delete(CUSTOMERS + "/" + slug));
        String ldapSlug = "audited-ldap-" + unique();
        admin.require2xx(admin.post(CUSTOMERS, customer(ldapSlug, "ldap", List.of(ldapSlug + ".example"), Map.of(
                "connectionUrl", "ldaps://ldap.invalid:636", "usersDn", "ou=people,dc=acme,dc=example"))));
        admin.require2xx(admin.delete(CUSTOMERS + "/" + ldapSlug));

        List<JsonNode> events = new ArrayList<>();
        admin.getJson("realms/flatchr/admin-events?max=500").forEach(events::add);
        for (String[] expected : new String[][] {
                {"IDENTITY_PROVIDER", "CREATE", "identity-provider/instances/" + slug},
                {"IDENTITY_PROVIDER", "UPDATE", "identity-provider/instances/" + slug},
                {"IDENTITY_PROVIDER", "DELETE", "identity-provider/instances/" + slug},
                {"ORGANIZATION", "CREATE", "organizations/"},
                {"ORGANIZATION", "UPDATE", "organizations/"},
                {"ORGANIZATION", "DELETE", "organizations/"},
                {"COMPONENT", "CREATE", "components/"},
                {"COMPONENT", "DELETE", "components/"}}) {
            String wantedSlug = expected[0].equals("COMPONENT") ? ldapSlug : slug;
            assertThat(events).as("admin event %s %s for %s", expected[0], expected[1], wantedSlug).anySatisfy(event -> {
                assertThat(event.path("resourceType").asText()).isEqualTo(expected[0]);
                assertThat(event.path("operationType").asText()).isEqualTo(expected[1]);
                assertThat(event.path("resourcePath").asText()).startsWith(expected[2]);
                assertThat(event.path("representation").asText() + event.path("resourcePath").asText()).contains(wantedSlug);
                assertThat(event.path("authDetails").path("userId").asText()).isEqualTo(adminId);
            });
        }
        assertThat(events.toString()).doesNotContain("audited-secret");
    }

    private String masterDiscovery() {
        return server.realmUri("master") + "/.well-known/openid-configuration";
    }

    private JsonNode idpConfig(String alias) {
        return admin.getJson("realms/flatchr/identity-provider/instances/" + alias).path("config");
    }
}
