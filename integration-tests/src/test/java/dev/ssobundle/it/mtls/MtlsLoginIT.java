package dev.ssobundle.it.mtls;

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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The mTLS login end to end: rocketchat's login page, the mTLS button, nginx's certificate site on
 * its own port with a real TLS client certificate, back to Keycloak, code, ID token; and every way
 * it must refuse.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MtlsLoginIT {

    private static final String NOT_LINKED = "This certificate is not linked to any account";
    private static final String NOT_VERIFIED = "Your client certificate could not be verified";
    private static final String CODE_INVALID = "This certificate sign-in has expired or was already used";
    private static final String UNTRUSTED = "Certificate sign-in is only accepted through the certificate gateway";

    private final KeycloakServer server;
    private final AdminApi admin;
    private MtlsEnvironment env;
    private String aliceId;

    MtlsLoginIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @BeforeAll
    void startNginxAndLinkAlice() {
        env = new MtlsEnvironment(server, admin, "login");
        aliceId = env.userId("alice");
        env.unlinkByAdmin(aliceId);
        env.linkByAdmin(aliceId, env.alice);
    }

    @AfterAll
    void stop() {
        if (env != null) {
            env.unlinkByAdmin(aliceId);
            env.close();
        }
    }

    private Browser aliceBrowser() {
        return CertificateClients.browser(env.root, env.alice, env.issuing.certificate());
    }

    @Test
    void aliceLogsInToRocketchatWithHerCertificateThroughNginxAndTheClientGetsHerIdToken() throws Exception {
        Browser browser = aliceBrowser();
        URI certificateSite = env.clickMtlsButton(browser);

        HttpResponse<String> fromCertificateSite = browser.get(certificateSite);
        assertThat(Browser.isRedirect(fromCertificateSite)).as("%s: %s", fromCertificateSite.statusCode(), fromCertificateSite.body()).isTrue();
        URI back = Browser.location(fromCertificateSite);
        assertThat(back.toString()).startsWith(env.realmUri() + "/broker/mtls/endpoint?");
        assertThat(Browser.queryParameters(back)).containsKeys("state", "code");

        HttpResponse<String> done = env.followUntilClientOrPage(browser, browser.get(back));
        assertThat(Browser.isRedirect(done)).as("back at the client, got %s: %s", done.statusCode(), done.body()).isTrue();
        URI callback = Browser.location(done);
        assertThat(callback.toString()).startsWith(MtlsEnvironment.REDIRECT_URI + "?");
        Map<String, String> params = Browser.queryParameters(callback);
        assertThat(params).containsEntry("state", "app-state").containsKey("code");

        JsonNode tokens = env.tokenResponseForCode(browser, params.get("code"));
        JWTClaimsSet idToken = verifiedClaims(tokens.path("id_token").asText(), env.realmUri());
        assertThat(idToken.getAudience()).containsExactly("rocketchat");
        assertThat(idToken.getStringClaim("preferred_username")).isEqualTo("alice");
        assertThat(idToken.getStringClaim("email")).isEqualTo("alice@example.com");
    }

    @Test
    void unlinkedCertificateIsRefusedWithAMessageOnTheLoginPage() {
        long since = System.currentTimeMillis();
        Browser browser = CertificateClients.browser(env.root, env.bob, env.issuing.certificate());

        HttpResponse<String> page = env.followUntilClientOrPage(browser, browser.get(env.clickMtlsButton(browser)));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(MtlsEnvironment.pageText(page)).contains(NOT_LINKED);
        assertThat(page.body()).contains("id=\"social-mtls\"");
        assertThat(env.hasEventWithError("IDENTITY_PROVIDER_LOGIN_ERROR", "mtls_certificate_not_linked", since)).isTrue();
    }

    @Test
    void expiredCertificateFailsNginxVerificationAndTheUserIsBackOnTheLoginPageWithAMessage() {
        long since = System.currentTimeMillis();
        Browser browser = CertificateClients.browser(env.root, env.expired, env.issuing.certificate());

        HttpResponse<String> page = env.followUntilClientOrPage(browser, browser.get(env.clickMtlsButton(browser)));

        assertThat(page.uri().getPort()).isEqualTo(server.baseUri().getPort());
        assertThat(MtlsEnvironment.pageText(page)).contains(NOT_VERIFIED);
        assertThat(env.events("IDENTITY_PROVIDER_LOGIN_ERROR", since)).anySatisfy(event -> {
            assertThat(event.path("error").asText()).isEqualTo("mtls_certificate_not_verified");
            assertThat(event.path("details").path("reason").asText()).startsWith("FAILED:").contains("expired");
        });
    }

    @Test
    void certificateFromAnUntrustedCaFailsNginxVerificationAndIsRefusedWithAMessage() {
        long since = System.currentTimeMillis();
        Browser browser = CertificateClients.browser(env.root, env.untrusted);

        HttpResponse<String> page = env.followUntilClientOrPage(browser, browser.get(env.clickMtlsButton(browser)));

        assertThat(MtlsEnvironment.pageText(page)).contains(NOT_VERIFIED);
        assertThat(env.events("IDENTITY_PROVIDER_LOGIN_ERROR", since)).anySatisfy(event -> {
            assertThat(event.path("error").asText()).isEqualTo("mtls_certificate_not_verified");
            assertThat(event.path("details").path("reason").asText()).startsWith("FAILED:");
        });
    }

    @Test
    void browserWithoutCertificateIsSentBackToTheLoginPageWithAMessage() {
        long since = System.currentTimeMillis();
        Browser browser = CertificateClients.browserWithoutCertificate(env.root);

        HttpResponse<String> page = env.followUntilClientOrPage(browser, browser.get(env.clickMtlsButton(browser)));

        assertThat(MtlsEnvironment.pageText(page)).contains("Your browser did not present a client certificate");
        assertThat(env.hasEventWithError("IDENTITY_PROVIDER_LOGIN_ERROR", "mtls_no_certificate", since)).isTrue();
    }

    @Test
    void verifyFailedHeaderFromTheTrustedProxyIsRefusedWithAMessage() {
        long since = System.currentTimeMillis();
        Browser browser = aliceBrowser();
        URI certificateSite = env.clickMtlsButton(browser);
        URI straightToKeycloak = keycloakHandlerFor(certificateSite);

        HttpResponse<String> refused = browser.send(HttpRequest.newBuilder(straightToKeycloak)
                .header("X-SSL-Client-Verify", "FAILED:unsupported certificate purpose")
                .header("X-SSL-Client-DN", "CN=alice,O=SSO Bundle Test")
                .header("X-SSL-Client-Fingerprint", env.alice.sha1Fingerprint())
                .header("X-SSL-Proxy-Secret", MtlsEnvironment.PROXY_SECRET).GET().build());
        HttpResponse<String> page = env.followUntilClientOrPage(browser, refused);

        assertThat(MtlsEnvironment.pageText(page)).contains(NOT_VERIFIED);
        assertThat(env.events("IDENTITY_PROVIDER_LOGIN_ERROR", since)).anySatisfy(event -> {
            assertThat(event.path("error").asText()).isEqualTo("mtls_certificate_not_verified");
            assertThat(event.path("details").path("reason").asText()).isEqualTo("FAILED:unsupported certificate purpose");
        });
    }

    @Test
    void rejectsForgedHeadersSentStraightToKeycloakWithoutTheProxySecret() {
        long since = System.currentTimeMillis();
        Browser browser = aliceBrowser();
        URI certificateSite = env.clickMtlsButton(browser);
        URI straightToKeycloak = keycloakHandlerFor(certificateSite);

        for (String secret : new String[] {null, "guessed-secret"}) {
            HttpRequest.Builder forged = HttpRequest.newBuilder(straightToKeycloak)
                    .header("X-SSL-Client-Verify", "SUCCESS")
                    .header("X-SSL-Client-DN", "CN=alice,O=SSO Bundle Test")
                    .header("X-SSL-Client-Issuer", "CN=SSO Bundle Test Issuing CA")
                    .header("X-SSL-Client-Serial", env.alice.certificate().getSerialNumber().toString(16).toUpperCase())
                    .header("X-SSL-Client-Fingerprint", env.alice.sha1Fingerprint());
            if (secret != null) {
                forged.header("X-SSL-Proxy-Secret", secret);
            }
            HttpResponse<String> refused = browser.send(forged.GET().build());

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Location")).isEmpty();
            assertThat(MtlsEnvironment.pageText(refused)).contains(UNTRUSTED);
        }
        assertThat(env.events("IDENTITY_PROVIDER_LOGIN_ERROR", since).stream()
                .filter(e -> "mtls_untrusted_proxy".equals(e.path("error").asText())).count()).isEqualTo(2);

        // The forged attempts did not consume the login: the real certificate site still completes it.
        HttpResponse<String> done = env.followUntilClientOrPage(browser, browser.get(certificateSite));
        assertThat(Browser.location(done).toString()).startsWith(MtlsEnvironment.REDIRECT_URI + "?");
    }

    @Test
    void rejectsHeadersFromAnAddressOutsideTheTrustedProxyAddressesEvenWithTheSecret() {
        String provider = "realms/" + MtlsEnvironment.REALM + "/identity-provider/instances/mtls";
        JsonNode original = admin.get(provider);
        try {
            restrictProxyAddresses(original, "192.0.2.10");
            long since = System.currentTimeMillis();
            Browser browser = aliceBrowser();

            HttpResponse<String> refused = browser.get(env.clickMtlsButton(browser));

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(MtlsEnvironment.pageText(refused)).contains(UNTRUSTED);
            assertThat(env.hasEventWithError("IDENTITY_PROVIDER_LOGIN_ERROR", "mtls_untrusted_proxy", since)).isTrue();

            restrictProxyAddresses(original, "192.0.2.10##127.0.0.1");
            Browser fromNginxOnLoopback = aliceBrowser();
            HttpResponse<String> done = env.followUntilClientOrPage(fromNginxOnLoopback,
                    fromNginxOnLoopback.get(env.clickMtlsButton(fromNginxOnLoopback)));
            assertThat(Browser.location(done).toString()).startsWith(MtlsEnvironment.REDIRECT_URI + "?");
        } finally {
            assertThat(env.admin.call("PUT", provider, original).statusCode()).isEqualTo(204);
        }
    }

    private void restrictProxyAddresses(JsonNode provider, String addresses) {
        com.fasterxml.jackson.databind.node.ObjectNode restricted = provider.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) restricted.path("config")).put("ssoBundle.mtls.trustedProxyAddresses", addresses);
        assertThat(env.admin.call("PUT", "realms/" + MtlsEnvironment.REALM + "/identity-provider/instances/mtls", restricted)
                .statusCode()).isEqualTo(204);
    }

    @Test
    void regularHttpsSiteDoesNotExposeTheCertificateHandlerNorPassCertificateHeaders() {
        Browser browser = aliceBrowser();
        URI certificateSite = env.clickMtlsButton(browser);
        String pathAndQuery = keycloakHandlerFor(certificateSite).getRawPath() + "?" + certificateSite.getRawQuery();

        HttpResponse<String> viaHttps = browser.send(HttpRequest.newBuilder(env.httpsBase().resolve(pathAndQuery))
                .header("X-SSL-Client-Verify", "SUCCESS")
                .header("X-SSL-Client-Fingerprint", env.alice.sha1Fingerprint())
                .header("X-SSL-Proxy-Secret", MtlsEnvironment.PROXY_SECRET).GET().build());

        assertThat(viaHttps.statusCode()).isEqualTo(404);
        HttpResponse<String> otherPathOnCertificateSite = browser.get(env.mtlsBase().resolve("/realms/demo/account"));
        assertThat(otherPathOnCertificateSite.statusCode()).isEqualTo(404);
        assertThat(otherPathOnCertificateSite.body()).contains("mTLS endpoints only");
    }

    @Test
    void codeUsedWithAnotherLoginsStateIsRefusedAndBurnt() {
        long since = System.currentTimeMillis();
        Browser victim = aliceBrowser();
        URI victimReturn = Browser.location(victim.get(env.clickMtlsButton(victim)));
        String stolenCode = Browser.queryParameters(victimReturn).get("code");

        Browser attacker = aliceBrowser();
        String attackerState = Browser.queryParameters(env.clickMtlsButton(attacker)).get("state");
        HttpResponse<String> attempt = env.followUntilClientOrPage(attacker,
                attacker.get(brokerEndpoint(attackerState, stolenCode)));

        assertThat(MtlsEnvironment.pageText(attempt)).contains(CODE_INVALID);
        assertThat(env.hasEventWithError("IDENTITY_PROVIDER_LOGIN_ERROR", "mtls_code_state_mismatch", since)).isTrue();

        // Presented once with the wrong state, the code is gone for its own login too.
        HttpResponse<String> victimPage = env.followUntilClientOrPage(victim, victim.get(victimReturn));
        assertThat(MtlsEnvironment.pageText(victimPage)).contains(CODE_INVALID);
        assertThat(env.hasEventWithError("IDENTITY_PROVIDER_LOGIN_ERROR", "mtls_code_invalid", since)).isTrue();
    }

    @Test
    void replayedOrUnknownCodeIsRefusedWithAMessage() {
        long since = System.currentTimeMillis();
        Browser first = aliceBrowser();
        URI firstReturn = Browser.location(first.get(env.clickMtlsButton(first)));
        HttpResponse<String> firstLogin = env.followUntilClientOrPage(first, first.get(firstReturn));
        assertThat(Browser.location(firstLogin).toString()).startsWith(MtlsEnvironment.REDIRECT_URI + "?");
        String usedCode = Browser.queryParameters(firstReturn).get("code");

        Browser replaying = aliceBrowser();
        String state = Browser.queryParameters(env.clickMtlsButton(replaying)).get("state");
        HttpResponse<String> replay = env.followUntilClientOrPage(replaying, replaying.get(brokerEndpoint(state, usedCode)));
        assertThat(MtlsEnvironment.pageText(replay)).contains(CODE_INVALID);

        String nextState = Browser.queryParameters(env.clickMtlsButtonOn(replaying, replay)).get("state");
        HttpResponse<String> unknown = env.followUntilClientOrPage(replaying,
                replaying.get(brokerEndpoint(nextState, "never-issued-or-expired-code")));
        assertThat(MtlsEnvironment.pageText(unknown)).contains(CODE_INVALID);
        assertThat(env.events("IDENTITY_PROVIDER_LOGIN_ERROR", since).stream()
                .filter(e -> "mtls_code_invalid".equals(e.path("error").asText())).count()).isGreaterThanOrEqualTo(2);
    }

    private URI brokerEndpoint(String state, String code) {
        return URI.create(env.realmUri() + "/broker/mtls/endpoint?state=" + enc(state) + "&code=" + enc(code));
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The Keycloak path nginx maps the certificate site's URL to, on Keycloak's own port. */
    private URI keycloakHandlerFor(URI certificateSite) {
        return server.baseUri().resolve("/realms/" + MtlsEnvironment.REALM + "/mtls/login?" + certificateSite.getRawQuery());
    }

    static JWTClaimsSet verifiedClaims(String jwt, URI realm) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                JWKSourceBuilder.create(URI.create(realm + "/protocol/openid-connect/certs").toURL()).build()));
        return processor.process(jwt, null);
    }

}
