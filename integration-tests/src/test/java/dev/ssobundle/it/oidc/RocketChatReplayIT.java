package dev.ssobundle.it.oidc;

import static dev.ssobundle.it.oidc.EncvoyApi.ROCKETCHAT_CALLBACK;
import static dev.ssobundle.it.oidc.EncvoyApi.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rocket.Chat "Custom OAuth" exactly as it calls Encvoy: URL = {@code <host>/realms/demo},
 * Authorize Path {@code /api/oidc/auth}, Token Path {@code /api/oidc/token}, Identity Path {@code /api/oidc/me}.
 */
@ExtendWith(KeycloakExtension.class)
class RocketChatReplayIT {

    /** Meteor's OAuth state: base64 of a JSON object, with '+', '/' and '='. */
    private static final String LEGACY_STATE = "eyJsb2dpblN0eWxlIjoicmVkaXJlY3QiLCJjcmVkZW50aWFsVG9rZW4iOiJ+/j8/Pz8ifQ==";

    private final KeycloakServer server;

    RocketChatReplayIT(KeycloakServer server) {
        this.server = server;
    }

    @Test
    void legacyFlowWithSecretInPayloadAndIdentityByQueryParameterLogsAliceIn() {
        Browser browser = new Browser();
        String code = legacyAuthorize(browser);

        Map<String, String> form = new LinkedHashMap<>();
        form.put("code", code);
        form.put("redirect_uri", ROCKETCHAT_CALLBACK);
        form.put("grant_type", "authorization_code");
        form.put("state", LEGACY_STATE);
        form.put("client_id", "rocketchat");
        form.put("client_secret", "rocketchat-secret");
        HttpResponse<String> token = EncvoyApi.postForm(browser, EncvoyApi.route(server, "token"), form, "Accept", "application/json");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String accessToken = EncvoyApi.json(token).path("access_token").asText();

        HttpResponse<String> identity = EncvoyApi.get(browser, URI.create(EncvoyApi.route(server, "me") + "?access_token=" + enc(accessToken)));

        assertAliceIdentity(identity);
    }

    @Test
    void legacyFlowWithBasicHeaderAndIdentityByBearerHeaderLogsAliceIn() {
        Browser browser = new Browser();
        String code = legacyAuthorize(browser);

        HttpResponse<String> token = EncvoyApi.postForm(browser, EncvoyApi.route(server, "token"),
                Map.of("code", code, "redirect_uri", ROCKETCHAT_CALLBACK, "grant_type", "authorization_code", "state", LEGACY_STATE),
                "Accept", "application/json", "Authorization", EncvoyApi.basic("rocketchat", "rocketchat-secret"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String accessToken = EncvoyApi.json(token).path("access_token").asText();

        HttpResponse<String> identity = EncvoyApi.get(browser, EncvoyApi.route(server, "me"), "Authorization", "Bearer " + accessToken);

        assertAliceIdentity(identity);
    }

    @Test
    void passportFlowWithPkceAndNoAcceptHeaderLogsAliceIn() {
        Browser browser = new Browser();
        String state = EncvoyApi.randomUrlSafe(18); // 24 characters
        String verifier = EncvoyApi.randomUrlSafe(32);
        URI authorize = URI.create(EncvoyApi.route(server, "auth") + "?response_type=code&client_id=rocketchat"
                + "&redirect_uri=" + enc(ROCKETCHAT_CALLBACK) + "&scope=" + enc("openid profile email")
                + "&state=" + state + "&code_challenge=" + EncvoyApi.s256(verifier) + "&code_challenge_method=S256");
        Map<String, String> callback = Browser.queryParameters(EncvoyApi.loginAlice(browser, server, authorize));
        assertThat(callback).containsEntry("state", state);

        HttpResponse<String> token = EncvoyApi.postForm(browser, EncvoyApi.route(server, "token"), Map.of(
                "grant_type", "authorization_code", "code", callback.get("code"), "redirect_uri", ROCKETCHAT_CALLBACK,
                "code_verifier", verifier, "client_id", "rocketchat", "client_secret", "rocketchat-secret"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);

        HttpResponse<String> identity = EncvoyApi.get(browser, EncvoyApi.route(server, "me"),
                "Authorization", "Bearer " + EncvoyApi.json(token).path("access_token").asText());
        assertAliceIdentity(identity);
    }

    @Test
    void browserPreflightsOfTokenAndIdentityAreAnsweredAsOnKeycloaksOwnPaths() {
        for (String route : new String[] {"token", "me", "jwks", "token/revocation"}) {
            HttpResponse<String> preflight = new Browser().send(java.net.http.HttpRequest.newBuilder(EncvoyApi.route(server, route))
                    .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://127.0.0.1:3000").header("Access-Control-Request-Method", "POST").build());
            assertThat(preflight.statusCode()).as(route).isEqualTo(200);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as(route).isPresent();
        }
    }

    private String legacyAuthorize(Browser browser) {
        URI authorize = URI.create(EncvoyApi.route(server, "auth") + "?client_id=rocketchat&redirect_uri=" + enc(ROCKETCHAT_CALLBACK)
                + "&response_type=code&state=" + enc(LEGACY_STATE) + "&scope=" + enc("openid profile email"));
        URI callback = EncvoyApi.loginAlice(browser, server, authorize);
        assertThat(callback.toString()).startsWith(ROCKETCHAT_CALLBACK + "?");
        Map<String, String> params = Browser.queryParameters(callback);
        assertThat(params).containsEntry("state", LEGACY_STATE).containsKey("code");
        return params.get("code");
    }

    /** Rocket.Chat needs exactly 200, a user id (sub), a username and an email at the top level. */
    private static void assertAliceIdentity(HttpResponse<String> identity) {
        assertThat(identity.statusCode()).as(identity.body()).isEqualTo(200);
        JsonNode me = EncvoyApi.json(identity);
        assertThat(me.path("sub").asText()).isNotBlank();
        assertThat(me.path("preferred_username").asText()).isEqualTo("alice");
        assertThat(me.path("nickname").asText()).isEqualTo("alice");
        assertThat(me.path("login").asText()).isEqualTo("alice");
        assertThat(me.path("email").asText()).isEqualTo("alice@example.com");
        assertThat(me.path("name").asText()).isEqualTo("Alice Liddell");
    }
}
