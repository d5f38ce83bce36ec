package dev.ssobundle.it.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.LocalProcess;
import dev.ssobundle.it.harness.NodeProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * A Google-like OpenID provider on loopback: the npm {@code oidc-provider} package configured by
 * src/test/google-stand-in/google-stand-in.js (Google's {@code hd} claim in the ID token, discovery,
 * RS256, client_secret_post), run by Node.js ({@code npm ci} of the committed lockfile into the
 * test work directory). Started and stopped by the PID of the node process the test started; its output is in a log file of the work directory.
 */
final class GoogleStandIn implements AutoCloseable {

    private static final Path SOURCES = Path.of("src/test/google-stand-in");

    /** One Google account: its login name on the stand-in's sign-in form, email and hosted domain (null: a consumer account). */
    record Account(String login, String email, String hostedDomain, String givenName, String familyName) {
    }

    private final LocalProcess process;
    final String issuer;

    private GoogleStandIn(LocalProcess process, String issuer) {
        this.process = process;
        this.issuer = issuer;
    }

    static GoogleStandIn start(String clientId, String clientSecret, String redirectUri, List<Account> accounts) {
        Path work = NodeProject.installed(SOURCES, List.of("package.json", "package-lock.json", "google-stand-in.js"), "oidc-provider");
        int port = LocalProcess.freeLoopbackPort();
        List<Map<String, Object>> accountList = accounts.stream().map(a -> {
            Map<String, Object> account = new java.util.LinkedHashMap<>();
            account.put("login", a.login());
            account.put("email", a.email());
            account.put("hd", a.hostedDomain());
            account.put("givenName", a.givenName());
            account.put("familyName", a.familyName());
            return account;
        }).toList();
        try {
            byte[] settings = AdminApi.JSON.writeValueAsBytes(Map.of("port", port, "clientId", clientId,
                    "clientSecret", clientSecret, "redirectUri", redirectUri, "accounts", accountList));
            LocalProcess node = LocalProcess.launch("the Google stand-in", new ProcessBuilder("node", "google-stand-in.js").directory(work.toFile()),
                    work.resolve("google-stand-in-" + port + ".log"), false, settings);
            node.awaitReady(Duration.ofSeconds(60), node.logs("listening "));
            return new GoogleStandIn(node, "http://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A user's sign-in from {@code authorize} (an authorization request of realm flatchr): the
     * identity-first step with {@code email}, home-realm discovery to this provider, its sign-in form
     * as {@code login}, and back to flatchr. Returns flatchr's last answer (the app callback on success).
     */
    HttpResponse<String> signInThroughFlatchr(URI authorize, String email, String login) {
        Browser browser = new Browser();
        HttpResponse<String> emailPage = BrokerFlow.walk(browser, browser.get(authorize));
        HttpResponse<String> providerPage = BrokerFlow.walk(browser, BrokerFlow.submitEmail(browser, emailPage, email));
        assertThat(providerPage.uri().toString()).as("sent to the customer's provider: %s", providerPage.body()).startsWith(issuer);
        Element form = Jsoup.parse(providerPage.body(), providerPage.uri().toString()).selectFirst("form:has(input[name=login])");
        assertThat(form).as("sign-in form: %s", providerPage.body()).isNotNull();
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[name]").forEach(input -> fields.put(input.attr("name"), input.val()));
        fields.put("login", login);
        fields.put("password", "any");
        return BrokerFlow.walk(browser, browser.postForm(URI.create(form.absUrl("action")), fields));
    }

    String discoveryUrl() {
        return issuer + "/.well-known/openid-configuration";
    }

    String output() {
        return process.log();
    }

    /** Stops the node process this test started (SIGTERM to its PID, SIGKILL after 30 s). */
    @Override
    public void close() {
        process.stop();
    }
}
