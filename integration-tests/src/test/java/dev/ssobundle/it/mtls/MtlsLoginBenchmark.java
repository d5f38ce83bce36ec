package dev.ssobundle.it.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.BenchmarkReport;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.StandaloneKeycloak;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (its name does not end in IT, so {@code mvn verify} skips it). Run it with
 * {@code scripts/benchmark-mtls.sh}. One Keycloak behind the shipped nginx templates (started with
 * {@code --proxy-headers=xforwarded}, as deployed); everything goes through nginx: a full browser-like
 * certificate login (login page, mTLS button, TLS hop to the 3443 site with alice's certificate, back
 * to the broker endpoint, code, token) against a password login (login page, form, code, token) for the
 * same user and client, interleaved so that warm-up and background load hit both alike, each login
 * with a fresh browser (new TLS connections). Target held here: mTLS p50 at most
 * {@value #TARGET_P50_RATIO} x password p50. Writes {@code integration-tests/target/mtls-benchmark.md} (and the page named by {@code -Dbench.results});
 * fails (non-zero exit) on a miss.
 */
class MtlsLoginBenchmark {

    static final double TARGET_P50_RATIO = 1.2;
    private static final int WARM_UP = Integer.getInteger("bench.warmUp", 10);
    private static final int LOGINS = Integer.getInteger("bench.logins", 40);

    @Test
    void certificateLoginVersusPasswordLogin() throws Exception {
        try (StandaloneKeycloak server = StandaloneKeycloak.start("keycloak-mtls-bench",
                List.of("start-dev", "--proxy-headers=xforwarded"), Map.of());
             MtlsEnvironment env = new MtlsEnvironment(server, new AdminApi(server), "benchmark")) {
            env.linkByAdmin(env.userId("alice"), env.alice);
            BenchmarkReport report = new BenchmarkReport("mTLS login versus password login", "scripts/benchmark-mtls.sh", MtlsLoginBenchmark.class);
            List<Long> mtls = new ArrayList<>();
            List<Long> password = new ArrayList<>();
            for (int i = 0; i < WARM_UP + LOGINS; i++) {
                boolean measured = i >= WARM_UP;
                // Alternate which goes first, so neither always runs right after the other.
                if (i % 2 == 0) {
                    record(measured, mtls, () -> certificateLogin(env));
                    record(measured, password, () -> passwordLogin(env));
                } else {
                    record(measured, password, () -> passwordLogin(env));
                    record(measured, mtls, () -> certificateLogin(env));
                }
            }
            double mtlsP50 = percentile(mtls, 50);
            double passwordP50 = percentile(password, 50);
            double ratio = mtlsP50 / passwordP50;
            report
                    .note(String.format("Both through the shipped nginx templates (Keycloak --proxy-headers=xforwarded), %d logins each after %d warm-up,"
                            + " interleaved; each login must end at the client's redirect URI with a code that redeems for an ID token.", LOGINS, WARM_UP))
                    .columns("flow", "p50 ms", "p90 ms", "max ms")
                    .row("password (login form)", ms(passwordP50), ms(percentile(password, 90)), ms(percentile(password, 100)))
                    .row("mTLS (certificate hop)", ms(mtlsP50), ms(percentile(mtls, 90)), ms(percentile(mtls, 100)));
            report.target(ratio <= TARGET_P50_RATIO, "mTLS p50 / password p50 = %.2fx (target <= %.2fx)", ratio, TARGET_P50_RATIO);
            report.publish(Path.of("target", "mtls-benchmark.md"));
            report.assertTargetsMet();
        }
    }

    private static String ms(double value) {
        return String.format("%.1f", value);
    }

    private interface Login {
        void run() throws Exception;
    }

    private static void record(boolean measured, List<Long> into, Login login) throws Exception {
        long start = System.nanoTime();
        login.run();
        if (measured) {
            into.add(System.nanoTime() - start);
        }
    }

    private static URI authorize(MtlsEnvironment env) {
        return URI.create(env.httpsBase() + "/realms/" + MtlsEnvironment.REALM + "/protocol/openid-connect/auth?client_id=rocketchat"
                + "&response_type=code&scope=" + URLEncoder.encode("openid profile email", StandardCharsets.UTF_8)
                + "&redirect_uri=" + URLEncoder.encode(MtlsEnvironment.REDIRECT_URI, StandardCharsets.UTF_8) + "&state=bench");
    }

    private static void certificateLogin(MtlsEnvironment env) {
        Browser browser = CertificateClients.browser(env.root, env.alice, env.issuing.certificate());
        HttpResponse<String> loginPage = browser.getFollowing(authorize(env), env.httpsBase());
        URI certificateSite = env.clickMtlsButtonOn(browser, loginPage);
        HttpResponse<String> done = env.followUntilClientOrPage(browser, browser.get(certificateSite));
        token(env, browser, done);
    }

    private static void passwordLogin(MtlsEnvironment env) {
        Browser browser = CertificateClients.browserWithoutCertificate(env.root);
        HttpResponse<String> loginPage = browser.getFollowing(authorize(env), env.httpsBase());
        HttpResponse<String> done = env.followUntilClientOrPage(browser, browser.submitLogin(loginPage, "alice", "alice"));
        token(env, browser, done);
    }

    /** The client's half: the code from the redirect, exchanged at the token endpoint through nginx. */
    private static void token(MtlsEnvironment env, Browser browser, HttpResponse<String> done) {
        assertThat(Browser.isRedirect(done)).as("login ended on a page: %s", done.body()).isTrue();
        URI callback = Browser.location(done);
        assertThat(callback.toString()).startsWith(MtlsEnvironment.REDIRECT_URI + "?");
        String code = Browser.queryParameters(callback).get("code");
        String basic = Base64.getEncoder().encodeToString("rocketchat:rocketchat-secret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> tokens = browser.send(HttpRequest.newBuilder(URI.create(env.httpsBase() + "/realms/"
                        + MtlsEnvironment.REALM + "/protocol/openid-connect/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of("grant_type", "authorization_code", "code", code,
                        "redirect_uri", MtlsEnvironment.REDIRECT_URI)))).build());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        try {
            JsonNode body = AdminApi.JSON.readTree(tokens.body());
            assertThat(body.path("id_token").asText()).isNotEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double percentile(List<Long> nanos, int percentile) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1_000_000.0;
    }
}
