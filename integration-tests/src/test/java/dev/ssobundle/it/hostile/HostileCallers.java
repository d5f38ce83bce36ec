package dev.ssobundle.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Raw HTTP (a fresh connection per call) and admin set-up shared by the hostile-input tests: throw-away clients, users and tokens. */
record HostileCallers(KeycloakServer server, AdminApi admin) {

    static final String SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";


    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    URI scimUsers() {
        return server.baseUri().resolve("/realms/demo/scim/v2/Users");
    }

    String masterDiscoveryUrl() {
        return server.realmUri("master") + "/.well-known/openid-configuration";
    }

    URI customers(String realm) {
        return server.baseUri().resolve("/admin/realms/" + realm + "/customers");
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            // a client per call: a hostile request may leave a connection the server has closed, and a pooled
            // connection would hand that EOF to the next test's request
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(URI uri, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    HttpResponse<String> post(URI uri, String token, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Token endpoint call; fails the test unless Keycloak issues an access token. */
    String token(String realm, Map<String, String> form) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.realmUri(realm).resolve("/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(form))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AdminApi.read(response.body()).path("access_token").asText();
    }

    /** A confidential demo-realm client with a service account; its tokens live {@code lifespanSeconds} (0 = realm default). */
    String serviceAccountClient(String realm, String clientId, int lifespanSeconds, List<String> realmRoles) {
        Map<String, Object> client = Map.of("clientId", clientId, "secret", "s3cret-" + clientId, "publicClient", false,
                "serviceAccountsEnabled", true, "standardFlowEnabled", false,
                "attributes", lifespanSeconds > 0 ? Map.of("access.token.lifespan", Integer.toString(lifespanSeconds)) : Map.of());
        String internalId = admin.create("realms/" + realm + "/clients", client);
        if (!realmRoles.isEmpty()) {
            String userId = admin.get("realms/" + realm + "/clients/" + internalId + "/service-account-user").path("id").asText();
            admin.grantRealmRoles(realm, userId, realmRoles);
        }
        return internalId;
    }

    String clientCredentials(String realm, String clientId) {
        return token(realm, Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", "s3cret-" + clientId));
    }

    /** A user of {@code realm} holding the given realm-management roles; returns an admin-cli access token. */
    String realmAdminToken(String realm, String username, List<String> managementRoles) {
        String userId = admin.create("realms/" + realm + "/users", Map.of("username", username, "enabled", true,
                "email", username + "@hostile.example", "firstName", "H", "lastName", "Ostile", "emailVerified", true,
                "credentials", List.of(Map.of("type", "password", "value", "pw-" + username, "temporary", false))));
        admin.grantClientRoles(realm, userId, "realm-management", managementRoles);
        return token(realm, Map.of("grant_type", "password", "client_id", "admin-cli", "username", username, "password", "pw-" + username));
    }

    /** A SCIM refusal: the status, application/scim+json, the RFC 7644 error schema, a detail, and no stack trace. */
    static void assertScimError(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/scim+json"));
        JsonNode error = AdminApi.read(response.body());
        assertThat(error.path("schemas").path(0).asText()).isEqualTo(SCIM_ERROR_SCHEMA);
        assertThat(error.path("status").asText()).isEqualTo(Integer.toString(status));
        assertThat(error.path("detail").asText()).isNotBlank();
        assertNoStackTrace(response);
    }

    static void assertNoStackTrace(HttpResponse<String> response) {
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at org.").doesNotContain("at java.");
    }
}
