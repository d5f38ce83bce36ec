package dev.ssobundle.it.oidc;

import static dev.ssobundle.it.oidc.EncvoyApi.NEXTCLOUD_CALLBACK;
import static dev.ssobundle.it.oidc.EncvoyApi.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nextcloud Social Login, "Custom OpenID Connect" provider configured with the Encvoy URLs:
 * no PKCE, no nonce, '+' between scopes, client_secret_post, claims from the id_token,
 * userinfo as {@code GET <url>?}, logout by sending the browser to the configured URL verbatim.
 */
@ExtendWith(KeycloakExtension.class)
class NextcloudSocialLoginReplayIT {

    private final KeycloakServer server;

    NextcloudSocialLoginReplayIT(KeycloakServer server) {
        this.server = server;
    }

    @Test
    void socialLoginReadsAliceFromTheIdTokenAndUserinfoAndTheVerbatimLogoutUrlEndsHerSession() {
        Browser browser = new Browser();
        JsonNode tokens = login(browser, "openid+profile+email");

        assertThat(tokens.path("id_token").asText()).as("Nextcloud requires an id_token").isNotBlank();
        JsonNode idToken = EncvoyApi.jwtPayload(tokens.path("id_token").asText());
        assertThat(idToken.path("iss").asText()).isEqualTo(EncvoyApi.base(server).toString());
        assertThat(idToken.path("sub").asText()).isNotBlank();
        assertThat(idToken.path("preferred_username").asText()).isEqualTo("alice");
        assertThat(idToken.path("name").asText()).isEqualTo("Alice Liddell");
        assertThat(idToken.path("email").asText()).isEqualTo("alice@example.com");

        HttpResponse<String> userinfo = EncvoyApi.get(browser, URI.create(EncvoyApi.route(server, "me") + "?"),
                "Authorization", "Bearer " + tokens.path("access_token").asText());
        assertThat(userinfo.statusCode()).as(userinfo.body()).isEqualTo(200);
        assertThat(EncvoyApi.json(userinfo).path("sub").asText()).isEqualTo(idToken.path("sub").asText());

        HttpResponse<String> logout = browser.get(EncvoyApi.route(server, "session/end"));
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(200);
        assertThat(logout.body()).doesNotContain("logout-confirm").doesNotContain("kc-logout");

        URI again = URI.create(EncvoyApi.route(server, "auth") + "?response_type=code&client_id=nextcloud"
                + "&redirect_uri=" + enc(NEXTCLOUD_CALLBACK) + "&scope=openid+profile+email&state=again");
        HttpResponse<String> afterLogout = browser.getFollowing(again, server.baseUri());
        assertThat(afterLogout.statusCode()).as("the SSO session is gone: login form again").isEqualTo(200);
        assertThat(afterLogout.body()).contains("kc-form-login");

        HttpResponse<String> staleToken = EncvoyApi.get(browser, EncvoyApi.route(server, "me"),
                "Authorization", "Bearer " + tokens.path("access_token").asText());
        assertThat(staleToken.statusCode()).isEqualTo(401);
    }

    @Test
    void scopeWithoutOpenidStillGetsAnIdTokenAndUnknownScopesAreDropped() {
        JsonNode tokens = login(new Browser(), "profile+email+groups+not_a_scope");

        assertThat(tokens.path("id_token").asText()).isNotBlank();
        assertThat(tokens.path("scope").asText().split(" ")).contains("openid", "profile", "email").doesNotContain("not_a_scope");
    }

    private JsonNode login(Browser browser, String plusJoinedScope) {
        URI authorize = URI.create(EncvoyApi.route(server, "auth") + "?response_type=code&client_id=nextcloud"
                + "&redirect_uri=" + enc(NEXTCLOUD_CALLBACK) + "&scope=" + plusJoinedScope + "&state=HA-" + EncvoyApi.randomUrlSafe(12));
        URI callback = EncvoyApi.loginAlice(browser, server, authorize);
        assertThat(callback.toString()).startsWith(NEXTCLOUD_CALLBACK + "?");
        Map<String, String> params = Browser.queryParameters(callback);

        HttpResponse<String> token = EncvoyApi.postForm(browser, EncvoyApi.route(server, "token"), Map.of(
                "grant_type", "authorization_code", "code", params.get("code"), "redirect_uri", NEXTCLOUD_CALLBACK,
                "client_id", "nextcloud", "client_secret", "nextcloud-secret"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return EncvoyApi.json(token);
    }
}
