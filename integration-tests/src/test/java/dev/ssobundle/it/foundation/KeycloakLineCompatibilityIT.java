package dev.ssobundle.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import dev.ssobundle.it.harness.ServerVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bundle on the Keycloak line under test ({@code -Dkeycloak.dist.version}; scripts/test.sh runs
 * every supported line): each feature's adapter binds where the line supports the feature, and a
 * feature the line cannot support is refused loudly at start-up (one ERROR naming feature, version
 * and supported range) and answers 503 with a clear body while the other features keep working.
 * On 26.4 mTLS login is such a feature (Keycloak 26.4 lacks the brokering contract it completes
 * sign-in through), so the 26.4 run proves the refusal path on a real server.
 */
@ExtendWith(KeycloakExtension.class)
class KeycloakLineCompatibilityIT {

    static final String SUPPORTED_RANGE = "26.4.x - 26.7.x";
    static final List<String> FEATURES = List.of("oidc-api", "scim", "customers", "mtls-login");

    private final HttpClient http = HttpClient.newHttpClient();
    private final AdminApi admin;
    private final KeycloakServer server;

    KeycloakLineCompatibilityIT(AdminApi admin, KeycloakServer server) {
        this.admin = admin;
        this.server = server;
    }

    /** Features this line cannot support, refused at start-up by design. */
    static Set<String> refusedOnThisLine() {
        return ServerVersion.atLeast(26, 5) ? Set.of() : Set.of("mtls-login");
    }

    /** The start-up ERROR a refused feature logs (BundleInstallationIT allows exactly these). */
    static boolean isExpectedRefusal(String logLine) {
        return refusedOnThisLine().stream().anyMatch(feature -> logLine.contains(refusalLogPrefix(feature)));
    }

    private static String refusalLogPrefix(String feature) {
        return "SSO bundle feature '" + feature + "' is unavailable on Keycloak " + ServerVersion.underTest()
                + " (supported: Keycloak " + SUPPORTED_RANGE + ")";
    }

    @Test
    void serverInfoShowsTheBundleVersionTheSupportedRangeAndTheRunningKeycloak() {
        JsonNode info = admin.get("serverinfo").path("providers").path("admin-realm-restapi-extension")
                .path("providers").path("sso-bundle").path("operationalInfo");

        assertThat(info.path("keycloak.supported").asText()).isEqualTo(SUPPORTED_RANGE);
        assertThat(info.path("keycloak.running").asText()).isEqualTo(ServerVersion.underTest());
        assertThat(info.path("keycloak.version").asText()).as("built against").isEqualTo(System.getProperty("keycloak.version"));
        for (String feature : FEATURES) {
            String status = info.path("feature." + feature).asText();
            if (refusedOnThisLine().contains(feature)) {
                assertThat(status).as(feature).startsWith("unavailable: ");
            } else {
                assertThat(status).as(feature).startsWith("bound (");
            }
        }
    }

    @Test
    void aFeatureRefusedOnThisLineLogsOneErrorAndAnswers503WhileTheOthersWork() throws Exception {
        String log = server.log();
        org.junit.jupiter.api.Assumptions.assumeFalse(log.isEmpty(), "the server log is not readable in this mode");
        List<String> refusalErrors = log.lines().filter(l -> l.contains(" ERROR ") && l.contains("SSO bundle feature '")).toList();
        for (String feature : FEATURES) {
            assertThat(refusalErrors.stream().filter(l -> l.contains(refusalLogPrefix(feature))))
                    .as("start-up ERROR lines for %s", feature)
                    .hasSize(refusedOnThisLine().contains(feature) ? 1 : 0);
        }
        assertThat(refusalErrors).as("no other refusal").hasSize(refusedOnThisLine().size());

        HttpResponse<String> mtlsSite = send(HttpRequest.newBuilder(server.realmUri("demo").resolve("/realms/demo/mtls/login?state=abc")).GET());
        if (refusedOnThisLine().contains("mtls-login")) {
            assertThat(mtlsSite.statusCode()).isEqualTo(503);
            assertThat(mtlsSite.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode body = AdminApi.JSON.readTree(mtlsSite.body());
            assertThat(body.path("error").asText()).isEqualTo("feature_unavailable");
            assertThat(body.path("error_description").asText())
                    .contains("mtls-login", "Keycloak " + ServerVersion.underTest(), SUPPORTED_RANGE, "UserAuthenticationIdentityProvider");
            assertThat(mtlsSite.body()).doesNotContain("Exception", "\tat ");
        } else {
            assertThat(mtlsSite.statusCode()).isNotEqualTo(503);
        }

        // The other features keep answering on the same server.
        HttpResponse<String> discovery = send(HttpRequest.newBuilder(
                server.realmUri("demo").resolve("/realms/demo/api/oidc/.well-known/openid-configuration")).GET());
        assertThat(discovery.statusCode()).isEqualTo(200);
        String scimToken = clientCredentialsToken("scim-provisioner", "scim-secret");
        HttpResponse<String> scim = send(HttpRequest.newBuilder(server.realmUri("demo").resolve("/realms/demo/scim/v2/ServiceProviderConfig"))
                .header("Authorization", "Bearer " + scimToken).GET());
        assertThat(scim.statusCode()).as(scim.body()).isEqualTo(200);
        HttpResponse<String> token = send(HttpRequest.newBuilder(server.realmUri("demo").resolve("/realms/demo/api/oidc/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of(
                        "grant_type", "client_credentials", "client_id", "scim-provisioner", "client_secret", "scim-secret")))));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(admin.get("realms/flatchr/customers").isArray()).isTrue();
    }

    private String clientCredentialsToken(String clientId, String secret) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create(server.realmUri("demo") + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of(
                        "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret)))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AdminApi.JSON.readTree(response.body()).path("access_token").asText();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
