package dev.ssobundle.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.StandaloneKeycloak;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A production-mode Keycloak ({@code kc.sh start}, H2, its own short-lived process) with the demo realm
 * imported as shipped: the mTLS proxy secret and the SCIM provisioning client's secret are the
 * repository's published development values. The bundle names each at start-up in one ERROR line
 * and refuses to serve those features (503 with the reason) until the secrets are changed; then
 * both serve. ({@code start-dev}, the shared test server, keeps serving them: every mTLS and SCIM
 * test runs there with the same realm.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionModeDevSecretsIT {

    private static final String REALM = "demo";
    private static final String MTLS_ERROR = "realm demo, feature mTLS login (identity provider mtls), setting ssoBundle.mtls.proxySecret";
    private static final String SCIM_ERROR = "realm demo, feature SCIM provisioning, setting client secret of scim-provisioner";

    @RegisterExtension
    final StandaloneKeycloak.PerClass keycloak = new StandaloneKeycloak.PerClass("keycloak-production",
            List.of("start", "--db=dev-file", "--cache=local", "--http-enabled=true", "--hostname-strict=false"), Map.of());

    @Test
    @Order(1)
    void startUpNamesRealmFeatureAndSettingOfEachPublishedSecretInOneErrorLine() {
        List<String> errors = keycloak.server().logOnceItHolds(MTLS_ERROR, SCIM_ERROR).lines().filter(line -> line.contains("ERROR")).toList();

        assertThat(errors.stream().filter(line -> line.contains(MTLS_ERROR))).as(String.join("\n", errors)).hasSize(1);
        assertThat(errors.stream().filter(line -> line.contains(SCIM_ERROR))).as(String.join("\n", errors)).hasSize(1);
    }

    @Test
    @Order(2)
    void featuresWithPublishedSecretsAnswer503WithTheReason() throws Exception {
        HttpResponse<String> mtls = clickMtlsButton();
        assertThat(mtls.statusCode()).as(mtls.body()).isEqualTo(503);
        assertThat(Jsoup.parse(mtls.body()).text()).contains("development secret").contains("ssoBundle.mtls.proxySecret").doesNotContain("Exception");

        HttpResponse<String> scim = scimUsers("scim-secret");
        assertThat(scim.statusCode()).as(scim.body()).isEqualTo(503);
        JsonNode error = AdminApi.JSON.readTree(scim.body());
        assertThat(error.path("schemas").toString()).contains("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(error.path("status").asText()).isEqualTo("503");
        assertThat(error.path("detail").asText()).contains("client secret of scim-provisioner").contains("published development value");
    }

    @Test
    @Order(3)
    void changedSecretsAreServedAndLogNothingFurther() throws Exception {
        String provider = "realms/" + REALM + "/identity-provider/instances/mtls";
        ObjectNode mtls = keycloak.admin().get(provider).deepCopy();
        ((ObjectNode) mtls.path("config")).put("ssoBundle.mtls.proxySecret", "generated-" + UUID.randomUUID());
        assertThat(keycloak.admin().put(provider, mtls).statusCode()).isEqualTo(204);
        String scimClient = keycloak.admin().get("realms/" + REALM + "/clients?clientId=scim-provisioner").get(0).path("id").asText();
        HttpResponse<String> regenerated = keycloak.admin().call("POST", "realms/" + REALM + "/clients/" + scimClient + "/client-secret", null);
        assertThat(regenerated.statusCode()).as(regenerated.body()).isEqualTo(200);
        String newSecret = AdminApi.JSON.readTree(regenerated.body()).path("value").asText();

        HttpResponse<String> button = clickMtlsButton();
        assertThat(Browser.isRedirect(button)).as("%s: %s", button.statusCode(), button.body()).isTrue();
        assertThat(Browser.location(button).getPath()).isEqualTo("/api/mtls/" + REALM + "/login");

        HttpResponse<String> scim = scimUsers(newSecret);
        assertThat(scim.statusCode()).as(scim.body()).isEqualTo(200);
        // nothing logged beyond the start-up lines
        assertThat(keycloak.server().log().lines().filter(line -> line.contains(SCIM_ERROR))).hasSize(1);
        assertThat(keycloak.server().log().lines().filter(line -> line.contains(MTLS_ERROR))).hasSize(1);
    }

    private HttpResponse<String> clickMtlsButton() {
        Browser browser = new Browser();
        URI authorize = URI.create(keycloak.server().realmUri(REALM) + "/protocol/openid-connect/auth?client_id=rocketchat&response_type=code"
                + "&scope=openid&redirect_uri=" + URLEncoder.encode("http://127.0.0.1:3000/_oauth/keycloak", StandardCharsets.UTF_8));
        HttpResponse<String> loginPage = browser.getFollowing(authorize, keycloak.server().baseUri());
        assertThat(loginPage.statusCode()).as(loginPage.body()).isEqualTo(200);
        Element button = Jsoup.parse(loginPage.body(), loginPage.uri().toString()).getElementById("social-mtls");
        assertThat(button).as(loginPage.body()).isNotNull();
        return browser.get(URI.create(button.absUrl("href")));
    }

    private HttpResponse<String> scimUsers(String secret) throws Exception {
        String accessToken = keycloak.server().clientCredentialsToken(REALM, "scim-provisioner", secret);
        return new Browser().send(HttpRequest.newBuilder(URI.create(keycloak.server().realmUri(REALM) + "/scim/v2/Users?count=1"))
                .header("Authorization", "Bearer " + accessToken).GET().build());
    }
}
