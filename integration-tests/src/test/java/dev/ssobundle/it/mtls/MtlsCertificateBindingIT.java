package dev.ssobundle.it.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "Add identifier" is Keycloak's account linking for the mTLS provider: the application sends the
 * signed-in user with {@code kc_action=idp_link:mtls}, the user presents the certificate through
 * nginx, and the certificate's fingerprint becomes their link. One certificate, one account.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MtlsCertificateBindingIT {

    private final KeycloakServer server;
    private final AdminApi admin;
    private MtlsEnvironment env;
    private MtlsEnvironment.BindingUsers users;

    MtlsCertificateBindingIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @BeforeAll
    void start() {
        env = new MtlsEnvironment(server, admin, "binding");
        users = env.bindingUsers("mtls-bob-");
    }

    @AfterAll
    void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void aliceLinksHerCertificateBobIsRefusedUntilAliceUnlinksItThenBobCanLinkIt() throws Exception {
        String aliceFingerprint = env.alice.sha1Fingerprint();

        HttpResponse<String> aliceLinked = linkThroughKeycloak(aliceWithHerCertificate(), "alice", "alice");
        URI aliceBack = Browser.location(aliceLinked);
        assertThat(Browser.queryParameters(aliceBack)).containsEntry("kc_action_status", "success");
        assertThat(env.linkOf(users.aliceId())).isNotNull();
        assertThat(env.linkOf(users.aliceId()).path("userId").asText()).isEqualTo(aliceFingerprint);

        long since = System.currentTimeMillis();
        HttpResponse<String> bobRefused = linkThroughKeycloak(aliceWithHerCertificate(), users.bobUsername(), "bob-password");
        assertThat(Browser.isRedirect(bobRefused)).as("refusal page expected, got redirect to %s",
                bobRefused.headers().firstValue("Location")).isFalse();
        assertThat(MtlsEnvironment.pageText(bobRefused)).contains("This certificate is already linked to another account");
        assertThat(env.linkOf(users.bobId())).isNull();
        assertThat(env.hasEventWithError("FEDERATED_IDENTITY_LINK_ERROR", "mtls_certificate_linked_to_another_user", since)).isTrue();

        // Alice removes it in her Account Console ("Linked accounts"), i.e. through the Account REST API.
        String aliceAccessToken = env.tokenResponseForCode(new Browser(), Browser.queryParameters(aliceBack).get("code"))
                .path("access_token").asText();
        HttpResponse<String> unlinked = new Browser().send(HttpRequest.newBuilder(
                        URI.create(env.realmUri() + "/account/linked-accounts/mtls"))
                .header("Authorization", "Bearer " + aliceAccessToken).header("Accept", "application/json").DELETE().build());
        assertThat(unlinked.statusCode()).as(unlinked.body()).isEqualTo(204);
        assertThat(env.linkOf(users.aliceId())).isNull();

        HttpResponse<String> bobLinked = linkThroughKeycloak(aliceWithHerCertificate(), users.bobUsername(), "bob-password");
        assertThat(Browser.queryParameters(Browser.location(bobLinked))).containsEntry("kc_action_status", "success");
        JsonNode bobLink = env.linkOf(users.bobId());
        assertThat(bobLink).isNotNull();
        assertThat(bobLink.path("userId").asText()).isEqualTo(aliceFingerprint);
        env.unlinkByAdmin(users.bobId());
    }

    private Browser aliceWithHerCertificate() {
        return CertificateClients.browser(env.root, env.alice, env.issuing.certificate());
    }

    /**
     * The application-initiated linking flow: sign in with a password, confirm "Link mTLS", present
     * the certificate on nginx's certificate site, come back. Returns the last response: a redirect to
     * the application, or the page that explains why not.
     */
    private HttpResponse<String> linkThroughKeycloak(Browser browser, String username, String password) {
        HttpResponse<String> loginPage = browser.getFollowing(env.authorizeUri("&kc_action=idp_link:mtls"), server.baseUri());
        HttpResponse<String> confirm = env.followUntilClientOrPage(browser, browser.submitLogin(loginPage, username, password));
        assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
        Element form = Jsoup.parse(confirm.body(), confirm.uri().toString()).selectFirst("form[method=POST]");
        assertThat(form).as("link confirmation form:\n%s", confirm.body()).isNotNull();
        HttpResponse<String> toCertificateSite = browser.postForm(URI.create(form.absUrl("action")), Map.of("continue", ""));
        assertThat(Browser.isRedirect(toCertificateSite)).as("%s: %s", toCertificateSite.statusCode(), toCertificateSite.body()).isTrue();
        assertThat(Browser.location(toCertificateSite).toString()).startsWith(env.mtlsBase() + "/api/mtls/");
        return env.followUntilClientOrPage(browser, toCertificateSite);
    }
}
