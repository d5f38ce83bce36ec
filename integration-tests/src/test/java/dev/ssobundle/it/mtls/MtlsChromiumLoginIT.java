package dev.ssobundle.it.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import dev.ssobundle.it.harness.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser: Debian's headless Chromium with alice's .p12 imported into its NSS store
 * (pk12util) and an AutoSelectCertificateForUrls policy for the certificate site, as an admin
 * would deploy it, completes the mTLS login from rocketchat's login page.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MtlsChromiumLoginIT {

    private static final Path BROWSER = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path POLICIES = Path.of("/etc/chromium/policies/managed");
    private static final char[] P12_PASSWORD = "alice-p12".toCharArray();

    private final KeycloakServer server;
    private final AdminApi admin;
    private MtlsEnvironment env;
    private String aliceId;
    private Path home;
    private Path policy;

    MtlsChromiumLoginIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @BeforeAll
    void prepareBrowserProfile() throws Exception {
        for (Path tool : List.of(BROWSER, DRIVER, Path.of("/usr/bin/pk12util"), Path.of("/usr/bin/certutil"))) {
            assertThat(Files.isExecutable(tool)).as(tool + " (scripts/install-test-deps.sh installs it)").isTrue();
        }
        env = new MtlsEnvironment(server, admin, "chromium");
        aliceId = env.userId("alice");
        env.unlinkByAdmin(aliceId);
        env.linkByAdmin(aliceId, env.alice);

        home = Files.createTempDirectory("mtls-chromium-home");
        Path nssDb = Files.createDirectories(home.resolve(".pki/nssdb"));
        run("certutil", "-N", "-d", "sql:" + nssDb, "--empty-password");
        Path p12 = home.resolve("alice.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            env.alice.keyStore(P12_PASSWORD, env.issuing.certificate()).store(out, P12_PASSWORD);
        }
        run("pk12util", "-i", p12.toString(), "-d", "sql:" + nssDb, "-W", new String(P12_PASSWORD));
        Path rootPem = home.resolve("root.pem");
        TestPki.write(rootPem, env.root.certificate());
        run("certutil", "-A", "-d", "sql:" + nssDb, "-n", "SSO Bundle Test Root CA", "-t", "C,,", "-i", rootPem.toString());

        Files.createDirectories(POLICIES);
        policy = POLICIES.resolve("sso-bundle-mtls-it-" + env.mtlsPort + ".json");
        String pattern = "{\\\"pattern\\\":\\\"" + env.mtlsBase() + "\\\",\\\"filter\\\":{}}";
        Files.writeString(policy, "{\"AutoSelectCertificateForUrls\": [\"" + pattern + "\"]}", StandardCharsets.UTF_8);
    }

    @AfterAll
    void cleanUp() throws IOException {
        if (policy != null) {
            Files.deleteIfExists(policy);
        }
        if (home != null) {
            try (var walk = Files.walk(home)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (env != null) {
            env.unlinkByAdmin(aliceId);
            env.close();
        }
    }

    @Test
    void headlessChromiumWithAlicesCertificateCompletesTheMtlsLogin() throws Exception {
        ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile()).addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + home.resolve("profile"), "--window-size=1280,900", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withEnvironment(Map.of("HOME", home.toString())).build();
        WebDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            driver.get(env.authorizeUri("").toString());
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("social-mtls")).isEmpty());
            screenshot(driver, "mtls-login-page");

            driver.findElement(By.id("social-mtls")).click();
            new WebDriverWait(driver, Duration.ofSeconds(60))
                    .until(d -> d.getCurrentUrl().startsWith(MtlsEnvironment.REDIRECT_URI));

            Map<String, String> params = Browser.queryParameters(URI.create(driver.getCurrentUrl()));
            assertThat(params).containsEntry("state", "app-state").containsKey("code");
            JWTClaimsSet idToken = MtlsLoginIT.verifiedClaims(
                    env.tokenResponseForCode(new Browser(), params.get("code")).path("id_token").asText(), env.realmUri());
            assertThat(idToken.getStringClaim("preferred_username")).isEqualTo("alice");
        } finally {
            driver.quit();
        }
    }

    private static void screenshot(WebDriver driver, String name) {
        try {
            Path dir = Files.createDirectories(Path.of(System.getProperty("screenshots.dir", "target/screenshots")));
            Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
    }
}
