package dev.ssobundle.it.scim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A provisioning client of the demo realm's SCIM endpoint, authenticated as scim-provisioner (client credentials). */
final class ScimClient {

    record Reply(int status, JsonNode json, HttpResponse<String> raw) {

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final KeycloakServer server;
    private final String realm;
    private final String token;

    ScimClient(KeycloakServer server) {
        this(server, "demo", server.clientCredentialsToken("demo", "scim-provisioner", "scim-secret"));
    }

    ScimClient(KeycloakServer server, String realm, String token) {
        this.server = server;
        this.realm = realm;
        this.token = token;
    }

    URI base() {
        return server.realmUri(realm).resolve("/realms/" + realm + "/scim/v2");
    }

    Reply get(String path) {
        return send("GET", path, null, Map.of());
    }

    Reply post(String path, String body) {
        return send("POST", path, body, Map.of());
    }

    Reply put(String path, String body) {
        return send("PUT", path, body, Map.of());
    }

    Reply patch(String path, String body) {
        return send("PATCH", path, body, Map.of());
    }

    Reply delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    Reply send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/scim+json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : AdminApi.JSON.readTree(response.body());
            return new Reply(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** JSON text with single quotes for readability in tests. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
