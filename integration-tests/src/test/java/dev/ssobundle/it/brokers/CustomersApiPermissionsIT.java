package dev.ssobundle.it.brokers;

import static dev.ssobundle.it.brokers.CustomerOnboardingIT.customer;
import static dev.ssobundle.it.brokers.CustomerOnboardingIT.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Only realm admins holding both manage-identity-providers and manage-realm may onboard customers. */
@ExtendWith(KeycloakExtension.class)
class CustomersApiPermissionsIT {

    private final KeycloakServer server;
    private final AdminApi admin;
    private final HttpClient http = HttpClient.newHttpClient();

    CustomersApiPermissionsIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        BrokerFlow.allowInsecureMetadata(admin, "flatchr");
    }

    @Test
    void onboardingIsRefusedWithoutBothManageRolesAndAllowedWithThem() throws Exception {
        String realm = "perm-" + unique();
        admin.require2xx(admin.post("realms", Map.of("realm", realm, "enabled", true, "organizationsEnabled", true,
                "attributes", Map.of(BrokerFlow.ALLOW_INSECURE_METADATA, "true"))));
        try {
            String idpOnly = user(realm, "idp-admin", List.of("manage-identity-providers", "view-identity-providers", "view-realm"));
            String realmOnly = user(realm, "realm-admin", List.of("manage-realm", "view-realm", "view-identity-providers"));
            String both = user(realm, "customers-admin", List.of("manage-identity-providers", "manage-realm"));
            Map<String, Object> body = customer("acme-" + unique(), "oidc", List.of("acme-" + unique() + ".example"), Map.of(
                    "discoveryUrl", server.realmUri("master") + "/.well-known/openid-configuration", "clientId", "c", "clientSecret", "s"));

            assertThat(post(realm, idpOnly, body).statusCode()).as("manage-identity-providers alone").isEqualTo(403);
            assertThat(post(realm, realmOnly, body).statusCode()).as("manage-realm alone").isEqualTo(403);
            assertThat(http.send(HttpRequest.newBuilder(customersUri(realm)).POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("no token").isEqualTo(401);
            assertThat(admin.getJson("realms/" + realm + "/identity-provider/instances")).isEmpty();

            HttpResponse<String> allowed = post(realm, both, body);
            assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(201);
            assertThat(http.send(HttpRequest.newBuilder(customersUri(realm)).header("Authorization", "Bearer " + idpOnly).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("viewers may list").isEqualTo(200);
        } finally {
            admin.delete("realms/" + realm);
        }
    }

    private HttpResponse<String> post(String realm, String token, Map<String, Object> body) throws Exception {
        return http.send(HttpRequest.newBuilder(customersUri(realm)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI customersUri(String realm) {
        return server.baseUri().resolve("/admin/realms/" + realm + "/customers");
    }

    /** A user of {@code realm} with the given realm-management roles; returns their admin-cli access token. */
    private String user(String realm, String username, List<String> roles) throws Exception {
        admin.require2xx(admin.post("realms/" + realm + "/users", Map.of("username", username, "enabled", true,
                "email", username + "@perm.example", "firstName", "A", "lastName", "B", "emailVerified", true,
                "credentials", List.of(Map.of("type", "password", "value", "pw-" + username, "temporary", false)))));
        String userId = admin.getJson("realms/" + realm + "/users?username=" + username + "&exact=true").get(0).path("id").asText();
        String clientId = admin.getJson("realms/" + realm + "/clients?clientId=realm-management").get(0).path("id").asText();
        List<JsonNode> grants = new ArrayList<>();
        for (String role : roles) {
            grants.add(admin.getJson("realms/" + realm + "/clients/" + clientId + "/roles/" + role));
        }
        admin.require2xx(admin.post("realms/" + realm + "/users/" + userId + "/role-mappings/clients/" + clientId, grants));
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(server.realmUri(realm) + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", username, "password", "pw-" + username)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return AdminApi.read(token.body()).path("access_token").asText();
    }
}
