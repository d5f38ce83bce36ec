package dev.ssobundle.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Keycloak's admin REST API over plain HTTP with an admin of the master realm (password grant on
 * {@code admin-cli}, renewed before it expires). Plain HTTP and JSON trees instead of the admin
 * client library: the command then works against every Keycloak 26.x server, whatever fields a
 * newer server adds to its representations.
 */
final class KeycloakAdmin {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A non-2xx answer, with the server's body (Keycloak's error JSON) for the report. */
    static final class AdminCallFailed extends RuntimeException {
        final int status;

        AdminCallFailed(String call, int status, String body) {
            super(call + " -> " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body)));
            this.status = status;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final String realm;
    private final String username;
    private final String password;
    private String token;
    private long tokenExpiresNanos;

    KeycloakAdmin(URI base, String realm, String username, String password) {
        this.base = base;
        this.realm = realm;
        this.username = username;
        this.password = password;
    }

    /** GET on {@code /admin/realms/<realm>/<path>}; null when 404. */
    JsonNode get(String path) {
        HttpResponse<String> response = send("GET", path, null);
        if (response.statusCode() == 404) {
            return null;
        }
        return parse(checked("GET " + path, response));
    }

    JsonNode getRealm() {
        return parse(checked("GET realm", send("GET", "", null)));
    }

    /** {@code GET /admin/serverinfo}: the server's features and providers (any admin of the master realm may read it). */
    JsonNode getServerInfo() {
        return parse(checked("GET serverinfo", send("GET", URI.create(base + "/admin/serverinfo"), null)));
    }

    /** POST; returns the response (Location header for created resources). */
    HttpResponse<String> post(String path, JsonNode body) {
        return checked("POST " + path, send("POST", path, body));
    }

    void put(String path, JsonNode body) {
        checked("PUT " + path, send("PUT", path, body));
    }

    void delete(String path) {
        HttpResponse<String> response = send("DELETE", path, null);
        if (response.statusCode() != 404) {
            checked("DELETE " + path, response);
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(String method, String path, JsonNode body) {
        return send(method, URI.create(base + "/admin/realms/" + enc(realm) + (path.isEmpty() ? "" : "/" + path)), body);
    }

    private HttpResponse<String> send(String method, URI uri, JsonNode body) {
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5))
                    .header("Authorization", "Bearer " + token()).header("Accept", "application/json");
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 401 && attempt == 1) {
                    token = null;
                    continue;
                }
                return response;
            } catch (IOException e) {
                // A dropped connection is retried a few times (Keycloak restarting, proxy hiccup); then it is fatal.
                if (attempt >= 3) {
                    throw new IllegalStateException("cannot reach Keycloak at " + base + ": " + e.getMessage(), e);
                }
                sleep(1000L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private synchronized String token() {
        if (token != null && System.nanoTime() < tokenExpiresNanos) {
            return token;
        }
        String form = "grant_type=password&client_id=admin-cli&username=" + enc(username) + "&password=" + enc(password);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused the admin login of '" + username + "' in realm master ("
                        + response.statusCode() + "): check --admin-user/--admin-password");
            }
            JsonNode answer = JSON.readTree(response.body());
            token = answer.path("access_token").asText();
            // Renew 15 s early, or halfway for very short lifetimes.
            long lifetime = answer.path("expires_in").asLong(60);
            tokenExpiresNanos = System.nanoTime() + Math.max(lifetime / 2, lifetime - 15) * 1_000_000_000L;
            return token;
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Keycloak at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static HttpResponse<String> checked(String call, HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new AdminCallFailed(call, response.statusCode(), response.body());
        }
        return response;
    }

    private static JsonNode parse(HttpResponse<String> response) {
        try {
            return response.body() == null || response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak answered something that is not JSON: " + abbreviate(response.body()), e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
