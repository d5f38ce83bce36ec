package dev.ssobundle.it.hostile;

import static dev.ssobundle.it.hostile.HostileCallers.assertNoStackTrace;
import static dev.ssobundle.it.hostile.HostileCallers.assertScimError;
import static dev.ssobundle.it.hostile.HostileCallers.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Oversized bodies and headers are refused with a clear status, never a 500, and leave nothing behind. */
@ExtendWith(KeycloakExtension.class)
class OversizedRequestsIT {

    private final HostileCallers callers;
    private final AdminApi admin;
    private final KeycloakServer server;

    OversizedRequestsIT(KeycloakServer server, AdminApi admin) {
        this.callers = new HostileCallers(server, admin);
        this.admin = admin;
        this.server = server;
    }

    private String scimToken() {
        return callers.token("demo", java.util.Map.of("grant_type", "client_credentials", "client_id", "scim-provisioner", "client_secret", "scim-secret"));
    }

    @Test
    void scimBodyOverOneMebibyteIs413WithScimError() {
        String userName = "huge-" + unique();
        String body = "{\"userName\":\"" + userName + "\",\"displayName\":\"" + "x".repeat(1024 * 1024) + "\"}";

        assertScimError(callers.post(callers.scimUsers(), scimToken(), "application/scim+json", body), 413);
        HttpResponse<String> search = callers.get(callers.scimUsers().resolve("Users?filter=userName%20eq%20%22" + userName + "%22"), scimToken());
        assertThat(AdminApi.read(search.body()).path("totalResults").asInt()).as("nothing half-written").isZero();
    }

    @Test
    void scimPatchWithTooManyOperationsIs413WithScimError() {
        String operations = "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"x\"},".repeat(1001);
        String body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
                + operations.substring(0, operations.length() - 1) + "]}";
        String token = scimToken();
        HttpResponse<String> created = callers.post(callers.scimUsers(), token, "application/scim+json", "{\"userName\":\"patch-" + unique() + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = AdminApi.read(created.body()).path("id").asText();
        try {
            assertScimError(callers.send(HttpRequest.newBuilder(callers.scimUsers().resolve("Users/" + id))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/scim+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body))), 413);
        } finally {
            callers.send(HttpRequest.newBuilder(callers.scimUsers().resolve("Users/" + id)).header("Authorization", "Bearer " + token).DELETE());
        }
    }

    @Test
    void customersApiHugeBodyIsRefusedWithClientErrorNotServerError() {
        String body = "{\"displayName\":\"" + "A".repeat(12 * 1024 * 1024) + "\",\"slug\":\"huge-" + unique() + "\",\"protocol\":\"oidc\"}";
        HttpResponse<String> refused = callers.post(callers.customers("flatchr"), admin.accessToken(), "application/json", body);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        assertNoStackTrace(refused);
    }

    @Test
    void sixtyFourKibibyteHeaderIsRefusedWith431NotServerError() {
        String padding = "p".repeat(64 * 1024);
        for (var uri : new java.net.URI[] {callers.scimUsers(), callers.customers("flatchr"),
                server.realmUri("demo").resolve("/realms/demo/.well-known/openid-configuration")}) {
            HttpResponse<String> refused = callers.send(HttpRequest.newBuilder(uri).header("X-Padding", padding)
                    .header("Authorization", "Bearer " + admin.accessToken()).GET());
            assertThat(refused.statusCode()).as(uri + ": " + refused.body()).isEqualTo(431);
            assertNoStackTrace(refused);
        }
    }
}
