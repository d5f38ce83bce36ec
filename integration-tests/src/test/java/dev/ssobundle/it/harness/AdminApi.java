package dev.ssobundle.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tests' one client of Keycloak's admin REST API (and of the bundle's admin resources under it),
 * as the bootstrap admin of the master realm: one token, cached until shortly before it expires; raw
 * calls for tests that check statuses, and typed set-up calls that fail loudly on any non-2xx answer.
 * Plain HTTP and JSON trees rather than Keycloak's admin client, so that the same calls work against
 * every server line the tests run on (26.4 to 26.7) and the tests' classpath stays free of RESTEasy.
 */
public final class AdminApi {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private String token;
    private Instant tokenRenewal = Instant.MIN;

    public AdminApi(KeycloakServer server) {
        this.server = server;
    }

    /** The master admin's access token, fetched again once it is within 15 s of expiring. */
    public synchronized String accessToken() {
        if (token == null || Instant.now().isAfter(tokenRenewal)) {
            Instant asked = Instant.now();
            JsonNode answer = require2xxJson(send(HttpRequest.newBuilder(server.realmUri("master").resolve("/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "password", "client_id", "admin-cli",
                            "username", server.adminUsername(), "password", server.adminPassword())))).build()));
            token = answer.get("access_token").asText();
            tokenRenewal = asked.plusSeconds(Math.max(0, answer.path("expires_in").asLong(60) - 15));
        }
        return token;
    }

    public URI adminUri(String adminPath) {
        return server.baseUri().resolve("/admin/" + adminPath);
    }

    // ---- raw calls: the answer as it came, for tests that assert on it ----

    /** Sends {@code request} with the admin token added. */
    public HttpResponse<String> exchange(HttpRequest.Builder request) {
        return send(request.header("Authorization", "Bearer " + accessToken()).build());
    }

    /** {@code method /admin/<adminPath>} with {@code body} as JSON (a String is sent as it is; null: no body). */
    public HttpResponse<String> call(String method, String adminPath, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(adminUri(adminPath));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        }
        return exchange(request);
    }

    public HttpResponse<String> getResponse(String adminPath) {
        return call("GET", adminPath, null);
    }

    public HttpResponse<String> post(String adminPath, Object body) {
        return call("POST", adminPath, body);
    }

    public HttpResponse<String> put(String adminPath, Object body) {
        return call("PUT", adminPath, body);
    }

    public HttpResponse<String> delete(String adminPath) {
        return call("DELETE", adminPath, null);
    }

    // ---- set-up calls: fail on any non-2xx status, showing the body ----

    /** GET {@code /admin/<adminPath>} as JSON. */
    public JsonNode get(String adminPath) {
        return require2xxJson(getResponse(adminPath));
    }

    /** The same as {@link #get}, under the name the customers tests use beside {@link #getResponse}. */
    public JsonNode getJson(String adminPath) {
        return get(adminPath);
    }

    /** POSTs {@code representation} to a collection and returns the new resource's id (the last segment of its Location). */
    public String create(String collectionPath, Object representation) {
        return createdId(require2xx(post(collectionPath, representation)));
    }

    /** Creates a realm from its representation; returns its name. */
    public String createRealm(Object representation) {
        require2xx(post("realms", representation));
        return read(write(representation)).path("realm").asText();
    }

    /** Deletes a realm a test created; a realm already gone is not an error (cleanup after a failed set-up). */
    public void deleteRealm(String realm) {
        HttpResponse<String> response = delete("realms/" + realm);
        if (response.statusCode() != 404) {
            require2xx(response);
        }
    }

    /** The id of {@code username} in {@code realm}. */
    public String userId(String realm, String username) {
        JsonNode found = get("realms/" + realm + "/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8));
        if (found.size() != 1) {
            throw new IllegalStateException("no single user " + username + " in " + realm + ": " + found);
        }
        return found.get(0).path("id").asText();
    }

    /** The internal id of the client {@code clientId} in {@code realm}. */
    public String clientUuid(String realm, String clientId) {
        JsonNode found = get("realms/" + realm + "/clients?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8));
        if (found.size() != 1) {
            throw new IllegalStateException("no client " + clientId + " in " + realm + ": " + found);
        }
        return found.get(0).path("id").asText();
    }

    /** Grants realm roles to a user (or a client's service-account user). */
    public void grantRealmRoles(String realm, String userId, List<String> roles) {
        List<JsonNode> representations = roles.stream().map(role -> get("realms/" + realm + "/roles/" + role)).toList();
        require2xx(post("realms/" + realm + "/users/" + userId + "/role-mappings/realm", representations));
    }

    /** Grants roles of client {@code clientId} (e.g. realm-management) to a user. */
    public void grantClientRoles(String realm, String userId, String clientId, List<String> roles) {
        String clientUuid = clientUuid(realm, clientId);
        List<JsonNode> representations = roles.stream().map(role -> get("realms/" + realm + "/clients/" + clientUuid + "/roles/" + role)).toList();
        require2xx(post("realms/" + realm + "/users/" + userId + "/role-mappings/clients/" + clientUuid, representations));
    }

    /**
     * Sets one realm attribute. The whole representation goes back: a partial one could reset what it
     * leaves out.
     */
    public void setRealmAttribute(String realm, String name, String value) {
        ObjectNode representation = (ObjectNode) get("realms/" + realm);
        if (value.equals(representation.path("attributes").path(name).asText(null))) {
            return;
        }
        representation.with("attributes").put(name, value);
        require2xx(put("realms/" + realm, representation));
    }

    /** Turns the realm's login events on and keeps {@code eventType} among the saved types. */
    public void saveLoginEvents(String realm, String eventType) {
        ObjectNode config = (ObjectNode) get("realms/" + realm + "/events/config");
        boolean saved = config.path("enabledEventTypes").toString().contains("\"" + eventType + "\"");
        if (!config.path("eventsEnabled").asBoolean() || !saved) {
            config.put("eventsEnabled", true);
            if (!saved) {
                ((ArrayNode) config.withArray("enabledEventTypes")).add(eventType);
            }
            require2xx(put("realms/" + realm + "/events/config", config));
        }
    }

    // ---- helpers ----

    public HttpResponse<String> require2xx(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " -> " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private JsonNode require2xxJson(HttpResponse<String> response) {
        return read(require2xx(response).body());
    }

    /** The id a 201 names in its Location header. */
    public static String createdId(HttpResponse<String> created) {
        String location = created.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("no Location in the answer to " + created.uri() + ": " + created.statusCode()));
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String write(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
