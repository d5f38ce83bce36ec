package dev.ssobundle.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The one Keycloak a test run talks to, however it was started. */
public interface KeycloakServer {

    /** Root URL, e.g. {@code http://127.0.0.1:41234}; realm URLs are {@code <base>/realms/<name>}. */
    URI baseUri();

    /** The master realm's bootstrap admin (admin/admin on the servers the harness starts). */
    default String adminUsername() {
        return KeycloakLauncher.ADMIN_USER;
    }

    default String adminPassword() {
        return KeycloakLauncher.ADMIN_PASSWORD;
    }

    /** The server's log so far (empty where it is not readable, e.g. in a container). */
    default String log() {
        return "";
    }

    default URI realmUri(String realm) {
        return baseUri().resolve("/realms/" + realm);
    }

    /** An access token from Keycloak's own token endpoint for a confidential client (client_credentials); fails unless 200. */
    default String clientCredentialsToken(String realm, String clientId, String secret) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(realmUri(realm) + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of(
                            "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token for " + clientId + ": " + response.statusCode() + " " + response.body());
            }
            return AdminApi.read(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
