package dev.ssobundle.it.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.it.adminconsole.AdminConsole;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import dev.ssobundle.it.harness.TestPki;
import java.net.URI;
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
 * The admin console page "mtls-certificates" in Keycloak's real admin console (headless Chromium),
 * in front of the shipped nginx certificate site: a PEM bound on the page signs its user in through
 * the mTLS login, the same PEM is refused for another user, unbinding stops the login, and a
 * certificate a user links himself appears on the page.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificatesPageIT {

    static final String PAGE = "page-section/mtls-certificates";
    static final String PAGE_TYPE = "org.keycloak.services.ui.extend.UiPageProvider";

    private final KeycloakServer server;
    private final AdminApi admin;
    private MtlsEnvironment env;
    private AdminConsole console;
    private MtlsEnvironment.BindingUsers users;

    CertificatesPageIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @BeforeAll
    void start() {
        env = new MtlsEnvironment(server, admin, "certificates-page");
        users = env.bindingUsers("cert-bob-");
        console = new AdminConsole(server);
    }

    @AfterAll
    void stop() {
        if (console != null) {
            console.close();
        }
        if (env != null) {
            env.close();
        }
    }

    @Test
    void pemBoundOnThePageSignsAliceInRefusedForBobAndUnbindingStopsTheLogin() {
        bindOnPage("alice", env.alice);
        assertThat(console.alert()).containsIgnoringCase("success");
        console.screenshot("admin-certificate-bound");
        assertThat(env.linkOf(users.aliceId())).as("bound as Keycloak's link of provider mtls").isNotNull();
        assertThat(env.linkOf(users.aliceId()).path("userId").asText()).isEqualTo(env.alice.sha1Fingerprint());

        assertThat(signInWithCertificate(env.alice)).as("alice signs in with the certificate bound on the page").isEqualTo("alice");

        bindOnPage(users.bobUsername(), env.alice);
        String refusal = console.alert();
        console.screenshot("admin-certificate-refused");
        assertThat(refusal).contains("This certificate is already linked to another account (alice)");
        assertThat(env.linkOf(users.bobId())).isNull();

        console.open("demo", PAGE);
        String row = console.row("alice").getText();
        // nginx prints the subject last RDN first (RFC 2253), as the page does
        assertThat(row).contains("O=SSO Bundle Test,CN=alice").contains("CN=SSO Bundle Test Issuing CA")
                .contains(env.alice.certificate().getSerialNumber().toString(16).toUpperCase().replaceFirst("^0+(?=.)", ""))
                .contains(env.alice.sha1Fingerprint());
        console.screenshot("admin-certificates-list");

        console.deleteRow("O=SSO Bundle Test,CN=alice");
        assertThat(console.alert()).containsIgnoringCase("deleted");
        assertThat(env.linkOf(users.aliceId())).as("unbound").isNull();
        assertThat(signInWithCertificate(env.alice)).as("no login once unbound").isNull();
    }

    @Test
    void certificateAUserLinksHimselfOnTheCertificateSiteIsListedAndLeavesWithTheLink() {
        String bobFingerprint = env.bob.sha1Fingerprint();
        HttpResponse<String> linked = linkThroughKeycloak(CertificateClients.browser(env.root, env.bob, env.issuing.certificate()),
                users.bobUsername(), "bob-password");
        assertThat(Browser.queryParameters(Browser.location(linked))).containsEntry("kc_action_status", "success");

        JsonNode row = pageRow(bobFingerprint);
        assertThat(row).as("row for bob's own link").isNotNull();
        assertThat(row.path("config").path("name").get(0).asText()).isEqualTo(users.bobUsername());
        assertThat(row.path("config").path("issuer").get(0).asText()).isEqualTo("CN=SSO Bundle Test Issuing CA");
        console.open("demo", PAGE);
        assertThat(console.row(users.bobUsername()).getText()).contains(bobFingerprint).contains("O=SSO Bundle Test,CN=bob");

        env.unlinkByAdmin(users.bobId());
        assertThat(pageRow(bobFingerprint)).as("the row goes with the link").isNull();
    }

    @Test
    void internationalMultiValuedSubjectBoundOnThePageMatchesWhatNginxSendsWhenIdentifiedBySubjectDn() {
        TestPki.Issued zoe = TestPki.client("CN=Zoë Ünal+UID=z1,O=SSO Bundle Test", env.issuing);
        JsonNode provider = admin.get("realms/demo/identity-provider/instances/mtls");
        ObjectNode bySubject = provider.deepCopy();
        ((ObjectNode) bySubject.path("config")).put("ssoBundle.mtls.certificateIdentifier", "SUBJECT_DN");
        admin.require2xx(admin.put("realms/demo/identity-provider/instances/mtls", bySubject));
        try {
            bindOnPage(users.bobUsername(), zoe);
            assertThat(console.alert()).containsIgnoringCase("success");
            assertThat(signInWithCertificate(zoe)).as("the identifier computed from the PEM is nginx's $ssl_client_s_dn").isEqualTo(users.bobUsername());
        } finally {
            env.unlinkByAdmin(users.bobId());
            admin.require2xx(admin.put("realms/demo/identity-provider/instances/mtls", provider));
        }
    }

    /**
     * Keycloak's console before 26.6 lists the items of every declarative page on each page (its list
     * asks for all UiPageProvider components of the realm); from 26.6 it asks for the page's own. On
     * the older lines a certificate row on the tokens page names its user and links to the certificates
     * page, instead of being a blank row whose delete would unbind a certificate unseen.
     */
    @Test
    void certificateRowOnTheTokensPageNamesItselfAndLinksToItsOwnPageWhereTheConsoleListsEveryPage() {
        env.linkByAdmin(users.bobId(), env.bob);
        try {
            JsonNode row = pageRow(env.bob.sha1Fingerprint());
            assertThat(row).as("row made from the admin API's link").isNotNull();
            console.open("demo", "page-section/scim-provisioning-tokens");
            console.waitUpTo(60).until(d -> !d.findElements(org.openqa.selenium.By.cssSelector("table, .pf-v5-c-empty-state")).isEmpty());
            java.util.List<org.openqa.selenium.WebElement> links = console.chromium.driver.findElements(
                    org.openqa.selenium.By.xpath("//table//a[normalize-space(.)='" + users.bobUsername() + "']"));
            if (dev.ssobundle.it.harness.ServerVersion.atLeast(26, 6)) {
                assertThat(links).as("26.6+ lists only the page's own items").isEmpty();
            } else {
                assertThat(links).as("foreign row named by its user").hasSize(1);
                assertThat(links.get(0).getAttribute("href")).contains("/page-section/mtls-certificates/" + row.path("id").asText());
                console.screenshot("admin-scim-tokens-list-foreign-row-26.4");
            }
        } finally {
            env.unlinkByAdmin(users.bobId());
        }
    }

    private void bindOnPage(String user, TestPki.Issued certificate) {
        console.open("demo", PAGE);
        console.clickButton("Create item");
        console.type("name", user);
        console.field("pem").sendKeys(TestPki.pem(certificate.certificate()));
        console.save();
    }

    private JsonNode pageRow(String identifier) {
        for (JsonNode component : admin.get("realms/demo/components?type=" + PAGE_TYPE)) {
            if ("mtls-certificates".equals(component.path("providerId").asText())
                    && identifier.equals(component.path("config").path("identifier").path(0).asText())) {
                return component;
            }
        }
        return null;
    }

    /** The mTLS button on rocketchat's login page through nginx; the username in the ID token, or null when refused. */
    private String signInWithCertificate(TestPki.Issued certificate) {
        Browser browser = CertificateClients.browser(env.root, certificate, env.issuing.certificate());
        HttpResponse<String> done = env.followUntilClientOrPage(browser, browser.get(env.clickMtlsButton(browser)));
        if (!Browser.isRedirect(done)) {
            assertThat(MtlsEnvironment.pageText(done)).contains("This certificate is not linked to any account");
            return null;
        }
        Map<String, String> params = Browser.queryParameters(Browser.location(done));
        JsonNode tokens = env.tokenResponseForCode(browser, params.get("code"));
        String payload = tokens.path("id_token").asText().split("\\.")[1];
        return AdminApi.read(new String(java.util.Base64.getUrlDecoder().decode(payload), java.nio.charset.StandardCharsets.UTF_8))
                .path("preferred_username").asText();
    }

    /** Application-initiated linking (kc_action=idp_link:mtls), as in MtlsCertificateBindingIT. */
    private HttpResponse<String> linkThroughKeycloak(Browser browser, String username, String password) {
        HttpResponse<String> loginPage = browser.getFollowing(env.authorizeUri("&kc_action=idp_link:mtls"), server.baseUri());
        HttpResponse<String> confirm = env.followUntilClientOrPage(browser, browser.submitLogin(loginPage, username, password));
        assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
        Element form = Jsoup.parse(confirm.body(), confirm.uri().toString()).selectFirst("form[method=POST]");
        assertThat(form).as("link confirmation form:\n%s", confirm.body()).isNotNull();
        HttpResponse<String> toCertificateSite = browser.postForm(URI.create(form.absUrl("action")), Map.of("continue", ""));
        return env.followUntilClientOrPage(browser, toCertificateSite);
    }
}
