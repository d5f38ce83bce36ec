package dev.ssobundle.it.oidc;

import static dev.ssobundle.it.oidc.EncvoyApi.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A client that logged in through the alias receives back-channel logout tokens whose {@code iss} is the alias issuer. */
@ExtendWith(KeycloakExtension.class)
class BackChannelLogoutIssuerIT {

    private final KeycloakServer server;
    private final AdminApi admin;

    BackChannelLogoutIssuerIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @Test
    void backChannelLogoutTokenCarriesTheAliasIssuer() throws Exception {
        BlockingQueue<String> logoutTokens = new ArrayBlockingQueue<>(4);
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/backchannel-logout", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            for (String pair : body.split("&")) {
                if (pair.startsWith("logout_token=")) {
                    logoutTokens.add(URLDecoder.decode(pair.substring("logout_token=".length()), StandardCharsets.UTF_8));
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String clientId = "oidc-it-bcl-" + UUID.randomUUID();
        String callback = "http://127.0.0.1:9/callback";
        try {
            String client = AdminApi.JSON.writeValueAsString(Map.of("clientId", clientId, "secret", "bcl-secret", "publicClient", false,
                    "standardFlowEnabled", true, "redirectUris", new String[] {callback},
                    "attributes", Map.of("backchannel.logout.url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/backchannel-logout",
                            "backchannel.logout.session.required", "true")));
            HttpResponse<String> created = admin.post("realms/demo/clients", client);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            Browser browser = new Browser();
            URI authorize = URI.create(EncvoyApi.route(server, "auth") + "?client_id=" + clientId + "&response_type=code&scope=openid"
                    + "&state=bcl&redirect_uri=" + enc(callback));
            String code = Browser.queryParameters(EncvoyApi.loginAlice(browser, server, authorize)).get("code");
            HttpResponse<String> token = EncvoyApi.postForm(browser, EncvoyApi.route(server, "token"), Map.of(
                    "grant_type", "authorization_code", "code", code, "redirect_uri", callback, "client_id", clientId, "client_secret", "bcl-secret"));
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);

            HttpResponse<String> logout = browser.get(EncvoyApi.route(server, "session/end"));
            assertThat(logout.statusCode()).isEqualTo(200);

            String logoutToken = logoutTokens.poll(10, TimeUnit.SECONDS);
            assertThat(logoutToken).as("back-channel logout token received").isNotNull();
            JsonNode claims = EncvoyApi.jwtPayload(logoutToken);
            assertThat(claims.path("iss").asText()).isEqualTo(EncvoyApi.base(server).toString());
            assertThat(claims.path("aud").toString()).contains(clientId);
            assertThat(claims.path("events").has("http://schemas.openid.net/event/backchannel-logout")).isTrue();
        } finally {
            receiver.stop(0);
            String id = admin.get("realms/demo/clients?clientId=" + clientId).path(0).path("id").asText();
            if (!id.isEmpty()) {
                admin.delete("realms/demo/clients/" + id);
            }
        }
    }
}
