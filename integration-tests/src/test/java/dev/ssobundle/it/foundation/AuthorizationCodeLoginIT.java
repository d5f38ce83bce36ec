package dev.ssobundle.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** alice signs in to the demo realm's rocketchat client through Keycloak's own login form. */
@ExtendWith(KeycloakExtension.class)
class AuthorizationCodeLoginIT {

    private static final String REDIRECT_URI = "http://127.0.0.1:3000/_oauth/keycloak";

    private final KeycloakServer server;

    AuthorizationCodeLoginIT(KeycloakServer server) {
        this.server = server;
    }

    @Test
    void aliceCompletesAnAuthorizationCodeLoginAndTheIdTokenCarriesHerProfile() throws Exception {
        URI realm = server.realmUri("demo");
        URI authorize = URI.create(realm + "/protocol/openid-connect/auth?client_id=rocketchat&response_type=code"
                + "&scope=" + URLEncoder.encode("openid profile email", StandardCharsets.UTF_8)
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8) + "&state=s-123");
        Browser browser = new Browser();

        HttpResponse<String> loginPage = browser.getFollowing(authorize, server.baseUri());
        assertThat(loginPage.statusCode()).isEqualTo(200);
        HttpResponse<String> afterLogin = browser.submitLogin(loginPage, "alice", "alice");

        assertThat(Browser.isRedirect(afterLogin)).as("redirect back to the client, got %s: %s", afterLogin.statusCode(), afterLogin.body()).isTrue();
        URI callback = Browser.location(afterLogin);
        assertThat(callback.toString()).startsWith(REDIRECT_URI + "?");
        Map<String, String> params = Browser.queryParameters(callback);
        assertThat(params).containsEntry("state", "s-123").containsKey("code");

        String basic = Base64.getEncoder().encodeToString("rocketchat:rocketchat-secret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> tokenResponse = browser.send(HttpRequest.newBuilder(URI.create(realm + "/protocol/openid-connect/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of(
                        "grant_type", "authorization_code", "code", params.get("code"), "redirect_uri", REDIRECT_URI))))
                .build());
        assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
        JsonNode tokens = AdminApi.JSON.readTree(tokenResponse.body());

        JWTClaimsSet idToken = verifiedClaims(tokens.path("id_token").asText(), realm);
        assertThat(idToken.getIssuer()).isEqualTo(realm.toString());
        assertThat(idToken.getAudience()).containsExactly("rocketchat");
        assertThat(idToken.getStringClaim("email")).isEqualTo("alice@example.com");
        assertThat(idToken.getStringClaim("given_name")).isEqualTo("Alice");
        assertThat(idToken.getStringClaim("family_name")).isEqualTo("Liddell");
        assertThat(idToken.getStringClaim("preferred_username")).isEqualTo("alice");
    }

    @Test
    void unregisteredRedirectUriIsRefusedWithoutRedirecting() {
        URI authorize = URI.create(server.realmUri("demo") + "/protocol/openid-connect/auth?client_id=rocketchat&response_type=code"
                + "&scope=openid&redirect_uri=" + URLEncoder.encode("https://evil.example/_oauth/x", StandardCharsets.UTF_8));

        HttpResponse<String> response = new Browser().get(authorize);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    /** Signature against the realm's JWKS, RS256, plus issuer: what a strict client does. */
    static JWTClaimsSet verifiedClaims(String jwt, URI realm) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                JWKSourceBuilder.create(URI.create(realm + "/protocol/openid-connect/certs").toURL()).build()));
        return processor.process(jwt, null);
    }
}
