package dev.ssobundle.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import dev.ssobundle.it.harness.ServerVersion;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bundle on the Keycloak line under test ({@code -Dkeycloak.dist.version}; scripts/test.sh runs
 * every supported line): each feature's adapter binds (server info says which, the start-up log has no
 * refusal) and each feature's endpoints answer. Every feature's own ITs then run on the same line; the
 * refusal path (one ERROR, 503 in the feature's own format) is {@link FeatureRefusalIT}.
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

    @Test
    void serverInfoShowsTheBundleVersionTheSupportedRangeAndEveryFeatureBound() {
        JsonNode info = bundleServerInfo(admin);

        assertThat(info.path("keycloak.supported").asText()).isEqualTo(SUPPORTED_RANGE);
        assertThat(info.path("keycloak.running").asText()).isEqualTo(ServerVersion.underTest());
        assertThat(info.path("keycloak.version").asText()).as("built against").isEqualTo(System.getProperty("keycloak.version"));
        for (String feature : FEATURES) {
            assertThat(info.path("feature." + feature).asText()).as(feature).startsWith("bound (");
        }
    }

    @Test
    void mtlsLoginBindsTheBrokeringContractOfThisLine() {
        String contract = bundleServerInfo(admin).path("feature.mtls-login").asText();
        // 26.5 replaced the callback type an identity provider is handed; each line gets the provider class written for it.
        assertThat(contract).contains(ServerVersion.atLeast(26, 5) ? "UserAuthenticationIdentityProvider" : "Keycloak 26.4");
    }

    @Test
    void noFeatureIsRefusedAtStartUpAndEachAnswers() throws Exception {
        String log = server.log();
        org.junit.jupiter.api.Assumptions.assumeFalse(log.isEmpty(), "the server log is not readable in this mode");
        assertThat(log.lines().filter(l -> l.contains("SSO bundle feature '"))).isEmpty();

        HttpResponse<String> mtlsSite = send(HttpRequest.newBuilder(server.realmUri("demo").resolve("/realms/demo/mtls/login?state=abc")).GET());
        assertThat(mtlsSite.statusCode()).as(mtlsSite.body()).isNotEqualTo(503);
        HttpResponse<String> discovery = send(HttpRequest.newBuilder(
                server.realmUri("demo").resolve("/realms/demo/api/oidc/.well-known/openid-configuration")).GET());
        assertThat(discovery.statusCode()).isEqualTo(200);
        String scimToken = server.clientCredentialsToken("demo", "scim-provisioner", "scim-secret");
        HttpResponse<String> scim = send(HttpRequest.newBuilder(server.realmUri("demo").resolve("/realms/demo/scim/v2/ServiceProviderConfig"))
                .header("Authorization", "Bearer " + scimToken).GET());
        assertThat(scim.statusCode()).as(scim.body()).isEqualTo(200);
        assertThat(admin.get("realms/flatchr/customers").isArray()).isTrue();
    }

    static JsonNode bundleServerInfo(AdminApi admin) {
        return admin.get("serverinfo").path("providers").path("admin-realm-restapi-extension")
                .path("providers").path("sso-bundle").path("operationalInfo");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
