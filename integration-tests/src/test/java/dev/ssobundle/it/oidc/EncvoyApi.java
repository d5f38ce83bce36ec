package dev.ssobundle.it.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/** What the Encvoy clients do on the wire, against {@code /realms/demo/api/oidc}. */
final class EncvoyApi {

    static final String ROCKETCHAT_CALLBACK = "http://127.0.0.1:3000/_oauth/keycloak";
    static final String NEXTCLOUD_CALLBACK = "http://127.0.0.1:8081/index.php/apps/sociallogin/custom_oidc/keycloak";

    private EncvoyApi() {
    }

    static URI base(KeycloakServer server) {
        return URI.create(server.realmUri("demo") + "/api/oidc");
    }

    static URI route(KeycloakServer server, String route) {
        return URI.create(base(server) + "/" + route);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Opens the authorization URL, signs alice in, returns the redirect back to the client. */
    static URI loginAlice(Browser browser, KeycloakServer server, URI authorize) {
        HttpResponse<String> loginPage = browser.getFollowing(authorize, server.baseUri());
        assertThat(loginPage.statusCode()).as("login page at %s: %s", loginPage.uri(), loginPage.body()).isEqualTo(200);
        HttpResponse<String> afterLogin = browser.submitLogin(loginPage, "alice", "alice");
        assertThat(Browser.isRedirect(afterLogin)).as("redirect back to the client, got %s: %s", afterLogin.statusCode(), afterLogin.body()).isTrue();
        return Browser.location(afterLogin);
    }

    static HttpResponse<String> postForm(Browser browser, URI uri, Map<String, String> form, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(form)));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return browser.send(request.build());
    }

    static HttpResponse<String> get(Browser browser, URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return browser.send(request.build());
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return AdminApi.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Payload of a JWT, without verification (callers verify where it matters). */
    static JsonNode jwtPayload(String jwt) {
        try {
            return AdminApi.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
