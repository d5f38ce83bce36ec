package dev.ssobundle.it.brokers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** JSON calls to the admin REST API (Keycloak's and the customers extension) as the master admin. */
final class AdminCalls {

    private final AdminApi admin;

    AdminCalls(AdminApi admin) {
        this.admin = admin;
    }

    HttpResponse<String> post(String path, Object body) {
        return admin.exchange(json(path).POST(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    HttpResponse<String> put(String path, Object body) {
        return admin.exchange(json(path).PUT(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    HttpResponse<String> get(String path) {
        return admin.exchange(HttpRequest.newBuilder(admin.adminUri(path)).GET());
    }

    HttpResponse<String> delete(String path) {
        return admin.exchange(HttpRequest.newBuilder(admin.adminUri(path)).DELETE());
    }

    JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " -> " + response.statusCode() + ": " + response.body());
        }
        return read(response.body());
    }

    /**
     * Lets the realm's customers use plain-http metadata (the loopback stand-ins of these tests
     * have no TLS): realm attribute {@code ssoBundle.customers.allowInsecureMetadata=true}.
     */
    void allowInsecureMetadata(String realm) {
        com.fasterxml.jackson.databind.node.ObjectNode representation = (com.fasterxml.jackson.databind.node.ObjectNode) getJson("realms/" + realm);
        if ("true".equals(representation.path("attributes").path(ALLOW_INSECURE_METADATA).asText())) {
            return;
        }
        // the whole representation goes back: a partial one could reset what it leaves out
        representation.with("attributes").put(ALLOW_INSECURE_METADATA, "true");
        require2xx(put("realms/" + realm, representation));
    }

    static final String ALLOW_INSECURE_METADATA = "ssoBundle.customers.allowInsecureMetadata";

    /** Turns on the realm's login events and keeps IDENTITY_PROVIDER_LOGIN_ERROR among the saved types (the customer guards' refusals). */
    void enableIdentityProviderLoginErrorEvents(String realm) {
        com.fasterxml.jackson.databind.node.ObjectNode config = (com.fasterxml.jackson.databind.node.ObjectNode) getJson("realms/" + realm + "/events/config");
        boolean saved = config.path("enabledEventTypes").toString().contains("\"IDENTITY_PROVIDER_LOGIN_ERROR\"");
        if (!config.path("eventsEnabled").asBoolean() || !saved) {
            config.put("eventsEnabled", true);
            if (!saved) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) config.withArray("enabledEventTypes")).add("IDENTITY_PROVIDER_LOGIN_ERROR");
            }
            require2xx(put("realms/" + realm + "/events/config", config));
        }
    }

    /** GET of any URL (a discovery document to copy), without credentials. */
    String getRaw(String url) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(java.net.URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void require2xx(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " -> " + response.statusCode() + ": " + response.body());
        }
    }

    static JsonNode read(String body) {
        try {
            return AdminApi.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder json(String path) {
        return HttpRequest.newBuilder(admin.adminUri(path)).header("Content-Type", "application/json");
    }

    private static String write(Object body) {
        try {
            return body instanceof String s ? s : AdminApi.JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
