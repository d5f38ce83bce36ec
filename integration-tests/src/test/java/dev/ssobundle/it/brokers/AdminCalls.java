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
