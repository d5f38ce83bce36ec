package dev.ssobundle.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.ServerVersion;
import dev.ssobundle.it.harness.StandaloneKeycloak;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The refusal path of issue #13 on a real server of the line under test: a Keycloak of its own started
 * with the test-only switch {@code -DssoBundle.test.unbindAdapters=oidc-api,scim,mtls-login}, which
 * refuses those features exactly as an adapter that cannot bind would (the code path an unsupported
 * Keycloak takes). Each refused feature logs one ERROR at start-up (feature, Keycloak version,
 * supported range, reason) and answers 503 in its own error format with no stack trace; the feature left
 * bound (customers) and Keycloak itself keep working.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeatureRefusalIT {

    private static final List<String> REFUSED = List.of("oidc-api", "scim", "mtls-login");

    private final HttpClient http = HttpClient.newHttpClient();

    @RegisterExtension
    final StandaloneKeycloak.PerClass keycloak = new StandaloneKeycloak.PerClass("keycloak-refusal", List.of("start-dev"),
            Map.of("JAVA_OPTS_APPEND", "-DssoBundle.test.unbindAdapters=" + String.join(",", REFUSED)));

    @Test
    void eachRefusedFeatureLogsOneStartUpErrorNamingFeatureVersionAndRange() {
        List<String> refusals = keycloak.server().logOnceItHolds(REFUSED.stream().map(feature -> "SSO bundle feature '" + feature + "'")
                .toArray(String[]::new)).lines().filter(l -> l.contains("ERROR") && l.contains("SSO bundle feature '")).toList();
        for (String feature : REFUSED) {
            assertThat(refusals.stream().filter(l -> l.contains("SSO bundle feature '" + feature + "' is unavailable on Keycloak "
                    + ServerVersion.underTest() + " (supported: Keycloak " + KeycloakLineCompatibilityIT.SUPPORTED_RANGE + ")")))
                    .as("%s in:\n%s", feature, String.join("\n", refusals)).hasSize(1);
        }
        assertThat(refusals).as("customers stays bound").hasSize(REFUSED.size());

        JsonNode info = KeycloakLineCompatibilityIT.bundleServerInfo(keycloak.admin());
        for (String feature : REFUSED) {
            assertThat(info.path("feature." + feature).asText()).as(feature).startsWith("unavailable: ");
        }
        assertThat(info.path("feature.customers").asText()).startsWith("bound (");
    }

    @Test
    void oidcApiAnswers503AsAnOAuthError() throws Exception {
        HttpResponse<String> token = send(HttpRequest.newBuilder(keycloak.server().realmUri("demo").resolve("/realms/demo/api/oidc/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of(
                        "grant_type", "client_credentials", "client_id", "scim-provisioner", "client_secret", "scim-secret")))));

        assertThat(token.statusCode()).isEqualTo(503);
        assertThat(token.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = AdminApi.JSON.readTree(token.body());
        assertThat(body.path("error").asText()).isEqualTo("temporarily_unavailable");
        assertRefusalExplained(body.path("error_description").asText(), "oidc-api");
        assertNoStackTrace(token.body());
    }

    @Test
    void scimAnswers503AsAScimError() throws Exception {
        String scimToken = keycloak.server().clientCredentialsToken("demo", "scim-provisioner", "scim-secret");
        HttpResponse<String> users = send(HttpRequest.newBuilder(keycloak.server().realmUri("demo").resolve("/realms/demo/scim/v2/Users"))
                .header("Authorization", "Bearer " + scimToken).GET());

        assertThat(users.statusCode()).isEqualTo(503);
        assertThat(users.headers().firstValue("Content-Type").orElse("")).startsWith("application/scim+json");
        JsonNode body = AdminApi.JSON.readTree(users.body());
        assertThat(body.path("schemas").toString()).contains("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(body.path("status").asText()).isEqualTo("503");
        assertRefusalExplained(body.path("detail").asText(), "scim");
        assertNoStackTrace(users.body());
    }

    @Test
    void mtlsCertificateSiteAnswers503AsJson() throws Exception {
        HttpResponse<String> site = send(HttpRequest.newBuilder(keycloak.server().realmUri("demo").resolve("/realms/demo/mtls/login?state=abc")).GET());

        assertThat(site.statusCode()).isEqualTo(503);
        assertThat(site.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = AdminApi.JSON.readTree(site.body());
        assertThat(body.path("error").asText()).isEqualTo("feature_unavailable");
        assertRefusalExplained(body.path("error_description").asText(), "mtls-login");
        assertNoStackTrace(site.body());
    }

    @Test
    void theBoundFeatureAndKeycloakItselfKeepWorking() throws Exception {
        assertThat(keycloak.admin().get("realms/flatchr/customers").isArray()).isTrue();
        assertThat(keycloak.server().clientCredentialsToken("demo", "scim-provisioner", "scim-secret")).isNotBlank();
    }

    private static void assertRefusalExplained(String description, String feature) {
        assertThat(description).contains("SSO bundle's " + feature + " feature is unavailable", "Keycloak " + ServerVersion.underTest(),
                KeycloakLineCompatibilityIT.SUPPORTED_RANGE, "switched off by the test switch");
    }

    private static void assertNoStackTrace(String body) {
        assertThat(body).doesNotContain("Exception", "\tat ");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
