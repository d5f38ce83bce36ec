package dev.ssobundle.it.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import dev.ssobundle.it.harness.LocalProcess;
import dev.ssobundle.it.harness.TestPki;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Revocation: nginx checks client certificates against the CA's CRL ({@code CLIENT_CRL}); a revoked
 * certificate gets no login even though a user linked it, the user reads why in their language, and a
 * certificate revoked later is refused as soon as the refreshed CRL is in place and nginx reloaded.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MtlsRevocationIT {

    private static final Map<String, String> REVOKED_MESSAGE = Map.of(
            "en", "This certificate has been revoked",
            "fr", "Ce certificat a été révoqué",
            "ru", "Этот сертификат отозван");

    private final KeycloakServer server;
    private final AdminApi admin;
    private MtlsEnvironment env;

    MtlsRevocationIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @BeforeAll
    void startNginx() {
        env = new MtlsEnvironment(server, admin, "revocation");
    }

    @AfterAll
    void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void revokedCertificateLinkedToAUserGetsNoLoginAndTheUserIsToldWhyInTheirLanguage() {
        String carol = env.createUser("carol-revoked", "Carol-Revoked-1");
        env.linkByAdmin(carol, env.revoked);
        for (String locale : REVOKED_MESSAGE.keySet()) {
            long since = System.currentTimeMillis();

            HttpResponse<String> page = loginWith(env.revoked, "&ui_locales=" + locale);

            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            assertThat(MtlsEnvironment.pageText(page)).as(locale).contains(REVOKED_MESSAGE.get(locale));
            assertThat(env.events("IDENTITY_PROVIDER_LOGIN_ERROR", since)).anySatisfy(event -> {
                assertThat(event.path("error").asText()).isEqualTo("mtls_certificate_revoked");
                assertThat(event.path("details").path("reason").asText()).contains("revoked");
            });
        }
    }

    @Test
    void certificateRevokedLaterIsRefusedOnceTheCrlIsRefreshedAndNginxReloaded() {
        TestPki.Issued dave = TestPki.client("CN=dave,O=SSO Bundle Test", env.issuing);
        String daveId = env.createUser("dave-revoked-later", "Dave-Revoked-1");
        env.linkByAdmin(daveId, dave);
        HttpResponse<String> before = loginWith(dave, "");
        assertThat(Browser.isRedirect(before)).as("dave signs in before revocation: %s", before.body()).isTrue();
        assertThat(Browser.location(before).toString()).startsWith(MtlsEnvironment.REDIRECT_URI + "?");

        long since = System.currentTimeMillis();
        env.revokeAndReload(dave);
        // nginx reloads gracefully: for a moment after its new workers start, an old one may still accept a connection
        HttpResponse<String> after = loginWith(dave, "");
        for (int attempt = 1; Browser.isRedirect(after) && attempt < 20; attempt++) {
            LocalProcess.sleep(250);
            after = loginWith(dave, "");
        }

        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(MtlsEnvironment.pageText(after)).contains(REVOKED_MESSAGE.get("en"));
        assertThat(env.hasEventWithError("IDENTITY_PROVIDER_LOGIN_ERROR", "mtls_certificate_revoked", since)).isTrue();
    }

    /** Login page, mTLS button, certificate site: the redirect to the client, or the page shown instead. */
    private HttpResponse<String> loginWith(TestPki.Issued certificate, String extraQuery) {
        Browser browser = CertificateClients.browser(env.root, certificate, env.issuing.certificate());
        HttpResponse<String> loginPage = browser.getFollowing(env.authorizeUri(extraQuery), server.baseUri());
        URI certificateSite = env.clickMtlsButtonOn(browser, loginPage);
        return env.followUntilClientOrPage(browser, browser.get(certificateSite));
    }
}
