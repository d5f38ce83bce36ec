package dev.ssobundle.it.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.StandaloneKeycloak;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Keycloak behind nginx as Keycloak's reverse-proxy guide sets it up ({@code --proxy-headers
 * xforwarded}): Keycloak then takes the client address from X-Forwarded-For. The mTLS provider's
 * trusted proxy addresses must still be judged on the address nginx connected from, and nginx must
 * overwrite X-Forwarded-For, so that neither a forged header passes the check nor a real login from
 * another client address fails it. Runs its own short-lived Keycloak (the shared one has no proxy
 * headers); "another machine" is a socket bound to 127.0.0.2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MtlsTrustedProxyAddressIT {

    private StandaloneKeycloak server;
    private MtlsEnvironment env;
    private String aliceId;

    @BeforeAll
    void startKeycloakBehindProxyHeaders() {
        server = StandaloneKeycloak.start("keycloak-xforwarded", List.of("start-dev", "--proxy-headers=xforwarded"), Map.of());
        env = new MtlsEnvironment(server, new AdminApi(server), "xforwarded");
        aliceId = env.userId("alice");
        env.linkByAdmin(aliceId, env.alice);
        JsonNode provider = env.admin.get("realms/" + MtlsEnvironment.REALM + "/identity-provider/instances/mtls");
        ObjectNode onlyNginx = provider.deepCopy();
        ((ObjectNode) onlyNginx.path("config")).put("ssoBundle.mtls.trustedProxyAddresses", "127.0.0.1");
        assertThat(env.admin.call("PUT", "realms/" + MtlsEnvironment.REALM + "/identity-provider/instances/mtls", onlyNginx)
                .statusCode()).isEqualTo(204);
    }

    @AfterAll
    void stop() {
        try {
            if (env != null) {
                env.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void callerWhoKnowsTheSecretCannotForgeTheTrustedProxyAddressWithXForwardedFor() {
        URI certificateSite = env.clickMtlsButton(new Browser());
        URI straightToKeycloak = URI.create(env.realmUri() + "/mtls/login?" + certificateSite.getRawQuery());
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("X-Forwarded-For", "127.0.0.1");
        forged.put("X-SSL-Proxy-Secret", MtlsEnvironment.PROXY_SECRET);
        forged.put("X-SSL-Client-Verify", "SUCCESS");
        forged.put("X-SSL-Client-DN", "CN=alice,O=SSO Bundle Test");
        forged.put("X-SSL-Client-Issuer", "CN=SSO Bundle Test Issuing CA");
        forged.put("X-SSL-Client-Fingerprint", env.alice.sha1Fingerprint());
        long since = System.currentTimeMillis();

        LoopbackCaller.Answer answer = new LoopbackCaller(LoopbackCaller.OTHER_ADDRESS, null).get(straightToKeycloak, forged);

        assertThat(answer.status()).as("%s %s", answer.location(), answer.body()).isEqualTo(403);
        assertThat(answer.location()).isNull();
        assertThat(env.hasEventWithError("IDENTITY_PROVIDER_LOGIN_ERROR", "mtls_untrusted_proxy", since)).isTrue();
    }

    @Test
    void certificateLoginThroughNginxFromAnotherClientAddressPassesTheProxyAddressCheck() {
        Browser browser = new Browser();
        URI certificateSite = env.clickMtlsButton(browser);

        LoopbackCaller.Answer answer = new LoopbackCaller(LoopbackCaller.OTHER_ADDRESS,
                CertificateClients.sslContext(env.root, env.alice, env.issuing.certificate())).get(certificateSite, Map.of());

        assertThat(answer.status()).as(answer.body()).isEqualTo(302);
        URI back = answer.location();
        assertThat(back.toString()).startsWith(env.realmUri() + "/broker/mtls/endpoint?");
        assertThat(Browser.queryParameters(back)).containsKeys("state", "code");
        HttpResponse<String> done = env.followUntilClientOrPage(browser, browser.get(back));
        assertThat(Browser.location(done).toString()).startsWith(MtlsEnvironment.REDIRECT_URI + "?");
    }

    @Test
    void keycloakRecordsTheAddressThatConnectedToNginxNotAForgedOne() {
        URI certificateSite = env.clickMtlsButton(new Browser());
        long since = System.currentTimeMillis();

        new LoopbackCaller(LoopbackCaller.OTHER_ADDRESS, CertificateClients.sslContext(env.root, env.untrusted))
                .get(certificateSite, Map.of("X-Forwarded-For", "10.6.6.6"));

        assertThat(env.events("IDENTITY_PROVIDER_LOGIN_ERROR", since)).anySatisfy(event -> {
            assertThat(event.path("error").asText()).isEqualTo("mtls_certificate_not_verified");
            assertThat(event.path("ipAddress").asText()).isEqualTo(LoopbackCaller.OTHER_ADDRESS);
        });
    }
}
