package dev.ssobundle.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Keycloak's admin REST API over plain HTTP, as the bootstrap admin of the master realm. */
public final class AdminApi {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    public AdminApi(KeycloakServer server) {
        this.server = server;
    }

    public String accessToken() {
        JsonNode token = postForm(server.realmUri("master").resolve("/realms/master/protocol/openid-connect/token"), Map.of(
                "grant_type", "password", "client_id", "admin-cli",
                "username", server.adminUsername(), "password", server.adminPassword()));
        return token.get("access_token").asText();
    }

    /** GET {@code /admin/realms/...}; fails on any non-2xx status, showing the body. */
    public JsonNode get(String adminPath) {
        return send(HttpRequest.newBuilder(server.baseUri().resolve("/admin/" + adminPath))
                .header("Authorization", "Bearer " + accessToken()).GET().build());
    }

    public HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", "Bearer " + accessToken()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI adminUri(String adminPath) {
        return server.baseUri().resolve("/admin/" + adminPath);
    }

    private JsonNode postForm(URI uri, Map<String, String> form) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))).build());
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " -> " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
