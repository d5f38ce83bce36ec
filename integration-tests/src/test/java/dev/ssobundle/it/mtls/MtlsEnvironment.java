package dev.ssobundle.it.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakServer;
import dev.ssobundle.it.harness.LocalProcess;
import dev.ssobundle.it.harness.Nginx;
import dev.ssobundle.it.harness.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What the mTLS tests share: a Bouncy Castle PKI (root and issuing CA, alice's and bob's certificates,
 * an expired one, one from an untrusted CA), the shipped nginx template running on free loopback
 * ports in front of the test Keycloak, and the demo realm's {@code mtls} identity provider pointed at
 * that nginx. {@link #close()} stops nginx and restores the realm.
 */
final class MtlsEnvironment implements AutoCloseable {

    /** The dev-only default the demo realm export gives the provider's proxy secret. */
    static final String PROXY_SECRET = "dev-only-mtls-proxy-secret";
    static final String REALM = "demo";
    static final String REDIRECT_URI = "http://127.0.0.1:3000/_oauth/keycloak";

    final KeycloakServer server;
    final AdminApi admin;
    final TestPki.Issued root = TestPki.rootCa("CN=SSO Bundle Test Root CA");
    final TestPki.Issued issuing = TestPki.intermediateCa("CN=SSO Bundle Test Issuing CA", root);
    final TestPki.Issued alice = TestPki.client("CN=alice,O=SSO Bundle Test", issuing);
    final TestPki.Issued bob = TestPki.client("CN=bob,O=SSO Bundle Test", issuing);
    final TestPki.Issued expired = TestPki.expiredClient("CN=alice-expired,O=SSO Bundle Test", issuing);
    final TestPki.Issued untrusted = TestPki.client("CN=mallory,O=Elsewhere", TestPki.rootCa("CN=Untrusted Root CA"));
    /** On the issuing CA's CRL from the start. */
    final TestPki.Issued revoked = TestPki.client("CN=alice-revoked,O=SSO Bundle Test", issuing);
    private final List<java.security.cert.X509Certificate> revokedCertificates = new ArrayList<>(List.of(revoked.certificate()));
    private final Path crlFile;
    final int httpsPort;
    final int mtlsPort;
    private final Nginx nginx;
    private final JsonNode originalProvider;
    private final boolean originalEventsEnabled;
    private final List<String> createdUserIds = new ArrayList<>();
    private final List<String> unlinkOnClose = new ArrayList<>();

    MtlsEnvironment(KeycloakServer server, AdminApi admin, String name) {
        this.server = server;
        this.admin = admin;
        try {
            Path dir = Files.createDirectories(Path.of(System.getProperty("test.work.dir", "target/it-work"))
                    .resolve("mtls-" + name + "-" + UUID.randomUUID()));
            TestPki.Issued serverCert = TestPki.server("CN=localhost", root);
            serverCert.writePem(dir.resolve("certs/server.crt"), dir.resolve("certs/server.key"));
            Files.writeString(dir.resolve("certs/client-ca.crt"), TestPki.pem(root.certificate()) + TestPki.pem(issuing.certificate()));
            crlFile = dir.resolve("certs/client-ca.crl");
            writeCrl();
            httpsPort = LocalProcess.freeLoopbackPort();
            mtlsPort = LocalProcess.freeLoopbackPort();
            Map<String, String> vars = new HashMap<>();
            vars.put("KEYCLOAK_UPSTREAM", server.baseUri().getHost() + ":" + server.baseUri().getPort());
            vars.put("HTTPS_PORT", "127.0.0.1:" + httpsPort);
            vars.put("MTLS_PORT", "127.0.0.1:" + mtlsPort);
            vars.put("TLS_CERT", dir.resolve("certs/server.crt").toString());
            vars.put("TLS_KEY", dir.resolve("certs/server.key").toString());
            vars.put("CLIENT_CA", dir.resolve("certs/client-ca.crt").toString());
            vars.put("CLIENT_CRL", crlFile.toString());
            vars.put("MTLS_PROXY_SECRET", PROXY_SECRET);
            vars.put("DEFAULT_REALM", REALM);
            nginx = Nginx.configure(Path.of(System.getProperty("docker.dir"), "nginx/templates"), dir.resolve("nginx"), vars);
            assertThat(nginx.test().exitCode()).as(nginx.test().output()).isZero();
            nginx.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        originalProvider = admin.get("realms/" + REALM + "/identity-provider/instances/mtls");
        ObjectNode pointed = originalProvider.deepCopy();
        ((ObjectNode) pointed.path("config")).put("ssoBundle.mtls.certificateSiteUrl", mtlsBase().toString());
        putJson("realms/" + REALM + "/identity-provider/instances/mtls", pointed);
        originalEventsEnabled = admin.get("realms/" + REALM).path("eventsEnabled").asBoolean(false);
        putJson("realms/" + REALM, AdminApi.JSON.createObjectNode().put("eventsEnabled", true));
    }

    /** nginx checks every CA of the chain (ssl_crl): one CRL per CA, the issuing CA's listing the revoked. */
    private void writeCrl() throws IOException {
        Files.writeString(crlFile, TestPki.crlPem(root, List.of()) + TestPki.crlPem(issuing, revokedCertificates));
    }

    /** What an admin's CRL cron job does: the CA's fresh CRL replaces the file, then {@code nginx -s reload}. */
    void revokeAndReload(TestPki.Issued certificate) {
        revokedCertificates.add(certificate.certificate());
        try {
            writeCrl();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        nginx.reload();
    }

    URI mtlsBase() {
        return URI.create("https://127.0.0.1:" + mtlsPort);
    }

    URI httpsBase() {
        return URI.create("https://127.0.0.1:" + httpsPort);
    }

    URI realmUri() {
        return server.realmUri(REALM);
    }

    URI authorizeUri(String extraQuery) {
        return URI.create(realmUri() + "/protocol/openid-connect/auth?client_id=rocketchat&response_type=code"
                + "&scope=" + URLEncoder.encode("openid profile email", StandardCharsets.UTF_8)
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8) + "&state=app-state" + extraQuery);
    }

    /** Opens rocketchat's login page and clicks the mTLS button: returns the redirect to the certificate site. */
    URI clickMtlsButton(Browser browser) {
        HttpResponse<String> loginPage = browser.getFollowing(authorizeUri(""), server.baseUri());
        assertThat(loginPage.statusCode()).as(loginPage.body()).isEqualTo(200);
        return clickMtlsButtonOn(browser, loginPage);
    }

    URI clickMtlsButtonOn(Browser browser, HttpResponse<String> page) {
        Document document = Jsoup.parse(page.body(), page.uri().toString());
        Element button = document.getElementById("social-mtls");
        assertThat(button).as("mTLS button on %s:\n%s", page.uri(), page.body()).isNotNull();
        HttpResponse<String> clicked = browser.get(URI.create(button.absUrl("href")));
        assertThat(Browser.isRedirect(clicked)).as("%s: %s", clicked.statusCode(), clicked.body()).isTrue();
        URI certificateSite = Browser.location(clicked);
        assertThat(certificateSite.toString()).startsWith(mtlsBase() + "/api/mtls/" + REALM + "/login?state=");
        return certificateSite;
    }

    /** The browser's request to the certificate site through nginx; returns nginx's (Keycloak's) answer. */
    static HttpResponse<String> visit(Browser browser, URI uri) {
        return browser.get(uri);
    }

    /** Follows a redirect chain on any origin until a redirect leaves to the client or a page is shown. */
    HttpResponse<String> followUntilClientOrPage(Browser browser, HttpResponse<String> response) {
        while (Browser.isRedirect(response) && !Browser.location(response).toString().startsWith(REDIRECT_URI)) {
            response = browser.get(Browser.location(response));
        }
        return response;
    }

    static String pageText(HttpResponse<String> page) {
        return Jsoup.parse(page.body()).text();
    }

    JsonNode tokenResponseForCode(Browser browser, String code) {
        String basic = java.util.Base64.getEncoder().encodeToString("rocketchat:rocketchat-secret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(realmUri() + "/protocol/openid-connect/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of(
                        "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI))))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try {
            return AdminApi.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String userId(String username) {
        JsonNode users = admin.get("realms/" + REALM + "/users?exact=true&username=" + username);
        assertThat(users.size()).as("user " + username).isEqualTo(1);
        return users.get(0).path("id").asText();
    }

    String createUser(String username, String password) {
        ObjectNode user = AdminApi.JSON.createObjectNode().put("username", username).put("enabled", true)
                .put("email", username + "@example.com").put("emailVerified", true)
                .put("firstName", username).put("lastName", "Tester");
        user.putArray("credentials").addObject().put("type", "password").put("value", password).put("temporary", false);
        HttpResponse<String> created = admin.call("POST", "realms/" + REALM + "/users", user);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = userId(username);
        createdUserIds.add(id);
        return id;
    }

    /** Links a certificate the way an admin does in the user's "Identity provider links" tab. */
    void linkByAdmin(String userId, TestPki.Issued certificate) {
        ObjectNode link = AdminApi.JSON.createObjectNode().put("identityProvider", "mtls")
                .put("userId", certificate.sha1Fingerprint())
                .put("userName", certificate.certificate().getSubjectX500Principal().getName());
        HttpResponse<String> response = admin.call("POST", "realms/" + REALM + "/users/" + userId + "/federated-identity/mtls", link);
        assertThat(response.statusCode()).as(response.body()).isIn(201, 204);
    }

    /** The users of the certificate-binding tests: alice, the demo user, and bob, new, both without a certificate. */
    record BindingUsers(String aliceId, String bobUsername, String bobId) {
    }

    /** Alice's certificate link is removed now and again at {@link #close()}; bob (password bob-password) is deleted there. */
    BindingUsers bindingUsers(String bobUsernamePrefix) {
        String aliceId = userId("alice");
        unlinkByAdmin(aliceId);
        unlinkOnClose.add(aliceId);
        String bobUsername = bobUsernamePrefix + UUID.randomUUID().toString().substring(0, 8);
        return new BindingUsers(aliceId, bobUsername, createUser(bobUsername, "bob-password"));
    }

    void unlinkByAdmin(String userId) {
        admin.call("DELETE", "realms/" + REALM + "/users/" + userId + "/federated-identity/mtls", null);
    }

    JsonNode linkOf(String userId) {
        for (JsonNode link : admin.get("realms/" + REALM + "/users/" + userId + "/federated-identity")) {
            if ("mtls".equals(link.path("identityProvider").asText())) {
                return link;
            }
        }
        return null;
    }

    /** Events of this type recorded at or after {@code sinceMillis}. */
    List<JsonNode> events(String type, long sinceMillis) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode event : admin.get("realms/" + REALM + "/events?max=500&type=" + type)) {
            if (event.path("time").asLong() >= sinceMillis) {
                found.add(event);
            }
        }
        return found;
    }

    boolean hasEventWithError(String type, String error, long sinceMillis) {
        return events(type, sinceMillis).stream().anyMatch(e -> error.equals(e.path("error").asText()));
    }

    private void putJson(String adminPath, JsonNode body) {
        HttpResponse<String> response = admin.call("PUT", adminPath, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    @Override
    public void close() {
        try {
            unlinkOnClose.forEach(this::unlinkByAdmin);
            createdUserIds.forEach(id -> admin.call("DELETE", "realms/" + REALM + "/users/" + id, null));
            putJson("realms/" + REALM + "/identity-provider/instances/mtls", originalProvider);
            putJson("realms/" + REALM, AdminApi.JSON.createObjectNode().put("eventsEnabled", originalEventsEnabled));
        } finally {
            nginx.stop();
        }
    }
}
