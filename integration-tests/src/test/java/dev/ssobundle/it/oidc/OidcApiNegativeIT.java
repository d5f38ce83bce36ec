package dev.ssobundle.it.oidc;

import static dev.ssobundle.it.oidc.EncvoyApi.ROCKETCHAT_CALLBACK;
import static dev.ssobundle.it.oidc.EncvoyApi.enc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Errors a client of the alias gets: OAuth error JSON, no redirect to unregistered URIs, no token accepted out of its realm or lifetime. */
@ExtendWith(KeycloakExtension.class)
class OidcApiNegativeIT {

    private final KeycloakServer server;
    private final AdminApi admin;

    OidcApiNegativeIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @Test
    void wrongClientSecretIsInvalidClient401WithWwwAuthenticate() {
        Browser browser = new Browser();
        String code = rocketChatCode(browser);

        HttpResponse<String> token = EncvoyApi.postForm(browser, EncvoyApi.route(server, "token"), Map.of(
                "grant_type", "authorization_code", "code", code, "redirect_uri", ROCKETCHAT_CALLBACK,
                "client_id", "rocketchat", "client_secret", "not-the-secret"), "Accept", "application/json");

        assertThat(token.statusCode()).isEqualTo(401);
        assertThat(token.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Basic "));
        assertThat(EncvoyApi.json(token).path("error").asText()).isEqualTo("invalid_client");
        assertThat(token.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void authorizationCodeIsSingleUse() {
        Browser browser = new Browser();
        String code = rocketChatCode(browser);
        Map<String, String> exchange = Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", ROCKETCHAT_CALLBACK,
                "client_id", "rocketchat", "client_secret", "rocketchat-secret");

        HttpResponse<String> first = EncvoyApi.postForm(browser, EncvoyApi.route(server, "token"), exchange);
        HttpResponse<String> second = EncvoyApi.postForm(browser, EncvoyApi.route(server, "token"), exchange);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(EncvoyApi.json(second).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void foreignRedirectUriShowsAnErrorPageAndNeverRedirects() {
        URI authorize = URI.create(EncvoyApi.route(server, "auth") + "?client_id=rocketchat&response_type=code&scope=openid"
                + "&state=x&redirect_uri=" + enc("https://evil.example/_oauth/keycloak"));

        HttpResponse<String> response = new Browser().get(authorize);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.body()).contains("redirect").doesNotContain("evil.example");
    }

    @Test
    void expiredAccessTokenIsRefusedByMe() throws Exception {
        String clientId = "oidc-it-short-" + UUID.randomUUID();
        createClient("demo", clientId, Map.of("access.token.lifespan", "1"));

        String accessToken = passwordGrant("demo", clientId, "alice", "alice");
        HttpResponse<String> fresh = EncvoyApi.get(new Browser(), EncvoyApi.route(server, "me"), "Authorization", "Bearer " + accessToken);
        assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(200);

        Thread.sleep(2500);
        HttpResponse<String> expired = EncvoyApi.get(new Browser(), EncvoyApi.route(server, "me"), "Authorization", "Bearer " + accessToken);

        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).contains("invalid_token"));
    }

    @Test
    void tokenOfAnotherRealmIsRefusedByMe() {
        String realm = "oidc-it-other-" + UUID.randomUUID().toString().substring(0, 8);
        created(admin.post("realms", """
                        {"realm": "%s", "enabled": true,
                         "users": [{"username": "alice", "enabled": true, "email": "alice@other.example", "emailVerified": true,
                                    "firstName": "Other", "lastName": "Alice",
                                    "credentials": [{"type": "password", "value": "alice", "temporary": false}]}]}
                        """.formatted(realm)));
        try {
            createClient(realm, "rocketchat", Map.of());
            String foreignToken = passwordGrant(realm, "rocketchat", "alice", "alice");
            HttpResponse<String> own = EncvoyApi.get(new Browser(), URI.create(server.realmUri(realm) + "/api/oidc/me"), "Authorization", "Bearer " + foreignToken);
            assertThat(own.statusCode()).as("sanity: the token works in its own realm: %s", own.body()).isEqualTo(200);

            HttpResponse<String> me = EncvoyApi.get(new Browser(), EncvoyApi.route(server, "me"), "Authorization", "Bearer " + foreignToken);

            assertThat(me.statusCode()).isEqualTo(401);
            assertThat(me.body()).doesNotContain("alice@other.example");
        } finally {
            admin.delete("realms/" + realm);
        }
    }

    @Test
    void queryStringTokenIsRefusedWhereTheRealmDoesNotAllowIt() {
        String realm = "oidc-it-noquery-" + UUID.randomUUID().toString().substring(0, 8);
        created(admin.post("realms", """
                        {"realm": "%s", "enabled": true,
                         "users": [{"username": "alice", "enabled": true, "email": "alice@other.example", "emailVerified": true,
                                    "firstName": "A", "lastName": "L",
                                    "credentials": [{"type": "password", "value": "alice", "temporary": false}]}]}
                        """.formatted(realm)));
        try {
            createClient(realm, "rocketchat", Map.of());
            String token = passwordGrant(realm, "rocketchat", "alice", "alice");

            HttpResponse<String> me = EncvoyApi.get(new Browser(), URI.create(server.realmUri(realm) + "/api/oidc/me?access_token=" + enc(token)));

            assertThat(me.statusCode()).isEqualTo(401);
        } finally {
            admin.delete("realms/" + realm);
        }
    }

    private String rocketChatCode(Browser browser) {
        URI authorize = URI.create(EncvoyApi.route(server, "auth") + "?client_id=rocketchat&response_type=code&scope=" + enc("openid profile email")
                + "&state=s&redirect_uri=" + enc(ROCKETCHAT_CALLBACK));
        return Browser.queryParameters(EncvoyApi.loginAlice(browser, server, authorize)).get("code");
    }

    private void createClient(String realm, String clientId, Map<String, String> attributes) {
        String json;
        try {
            json = AdminApi.JSON.writeValueAsString(Map.of("clientId", clientId, "enabled", true, "publicClient", false,
                    "secret", "test-secret", "directAccessGrantsEnabled", true, "standardFlowEnabled", false, "attributes", attributes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        created(admin.post("realms/" + realm + "/clients", json));
    }

    private String passwordGrant(String realm, String clientId, String username, String password) {
        HttpResponse<String> token = EncvoyApi.postForm(new Browser(), URI.create(server.realmUri(realm) + "/api/oidc/token"), Map.of(
                "grant_type", "password", "client_id", clientId, "client_secret", "test-secret",
                "username", username, "password", password, "scope", "openid"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return EncvoyApi.json(token).path("access_token").asText();
    }

    private static void created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }
}
