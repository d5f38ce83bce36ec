package dev.ssobundle.it.theme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every login page a user can reach, reached through real Keycloak flows (required actions,
 * a username-first flow with OTP, registration, password reset, consent, brokering through an
 * upstream realm, the mTLS refusal, error/info/logout pages): each renders in the widget card,
 * has no serious or critical axe-core violation, keeps every text legible, and is screenshotted
 * on a desktop and a phone.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginPagesIT {

    private final KeycloakServer server;
    private final LoginPagesRealm realm;
    private HeadlessChromium chromium;
    /** Stands in for the application: the redirect URI answers, so the browser never sits on an error page. */
    private HttpServer application;
    private String redirect;
    private LoopbackSmtp smtp;

    LoginPagesIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.realm = new LoginPagesRealm(server, admin);
    }

    @BeforeAll
    void setUp() throws Exception {
        application = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        application.createContext("/", exchange -> {
            byte[] body = "<!DOCTYPE html><html lang=\"en\"><title>App</title><p id=\"app\">signed in</p></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        application.start();
        redirect = "http://127.0.0.1:" + application.getAddress().getPort() + "/cb";
        smtp = new LoopbackSmtp();
        realm.create(redirect, smtp.port());
        chromium = new HeadlessChromium();
    }

    @AfterAll
    void tearDown() {
        if (chromium != null) {
            chromium.close();
        }
        if (application != null) {
            application.stop(0);
        }
        if (smtp != null) {
            smtp.close();
        }
        realm.delete();
    }

    /** Where a failing test stopped: the URL and the page, next to the screenshots. */
    @AfterEach
    void keepLastPage(TestInfo test) throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("screenshots.dir", "target/screenshots")));
        Files.writeString(dir.resolve("last-" + test.getTestMethod().orElseThrow().getName() + ".html"),
                "<!-- " + chromium.driver.getCurrentUrl() + " -->\n" + chromium.driver.getPageSource());
    }

    @Test
    void usernameFirstPasswordOtpSetupAndOtpPages() throws Exception {
        realm.user(LoginPagesRealm.REALM, "olga", "olga@example.com", "Olga", "Petrova", "olga-pass");
        signInUsernameFirst("olga", "olga-pass", "en");
        assertPage("login-config-totp", "otp-setup", "en");

        chromium.driver.findElement(By.id("mode-manual")).click();
        String secret = waitFor(By.id("kc-totp-secret-key")).getText();
        chromium.driver.findElement(By.id("totp")).sendKeys(totp(secret));
        chromium.driver.findElement(By.id("userLabel")).sendKeys("phone");
        chromium.driver.findElement(By.id("saveTOTPBtn")).click();
        waitUpTo(30).until(d -> d.getCurrentUrl().startsWith(redirect));

        signInUsernameFirst("olga", "olga-pass", "ru");
        assertPage("login-otp", "otp", "ru");
        assertThat(chromium.driver.findElements(By.id("otp"))).hasSize(1);
    }

    private void signInUsernameFirst(String username, String password, String locale) {
        open(authorize(LoginPagesRealm.USERNAME_FIRST_APP, locale));
        assertPage("login-username", "username-first", locale);
        assertThat(chromium.driver.findElements(By.id("password"))).isEmpty();
        chromium.driver.findElement(By.id("username")).sendKeys(username);
        chromium.driver.findElement(By.id("kc-login")).click();
        waitFor(By.id("password"));
        assertPage("login-password", "password", locale);
        chromium.driver.findElement(By.id("password")).sendKeys(password);
        chromium.driver.findElement(By.id("kc-login")).click();
    }

    @Test
    void requiredActionPages() {
        realm.enableRequiredAction("TERMS_AND_CONDITIONS");
        requiredActionPage("update-password", "fr", "UPDATE_PASSWORD", "login-update-password");
        requiredActionPage("update-profile", "en", "UPDATE_PROFILE", "login-update-profile");
        requiredActionPage("verify-email", "en", "VERIFY_EMAIL", "login-verify-email");
        assertThat(smtp.messages).as("verification mail").anyMatch(m -> m.contains("ra-verify-email@example.com"));
        requiredActionPage("webauthn-register", "en", "webauthn-register", "webauthn-register");
        requiredActionPage("recovery-codes", "fr", "CONFIGURE_RECOVERY_AUTHN_CODES", "login-recovery-authn-code-config");
        requiredActionPage("terms", "ru", "TERMS_AND_CONDITIONS", "terms");

        // No required action: the user profile lacks the first and last names Keycloak requires.
        realm.user(LoginPagesRealm.REALM, "nameless", "nameless@example.com", null, null, "pass-nameless");
        signIn(LoginPagesRealm.APP, "nameless", "pass-nameless", "ru");
        assertPage("login-update-profile", "verify-profile", "ru");
    }

    private void requiredActionPage(String name, String locale, String action, String pageId) {
        String username = "ra-" + name;
        realm.user(LoginPagesRealm.REALM, username, username + "@example.com", "Required", "Action", "pass-" + name, action);
        signIn(LoginPagesRealm.APP, username, "pass-" + name, locale);
        assertPage(pageId, name, locale);
    }

    @Test
    void registerResetCredentialsAndConsentPages() {
        open(authorize(LoginPagesRealm.APP, "en"));
        chromium.driver.findElement(By.id("sso-create-account")).click();
        waitFor(By.id("kc-register-form"));
        assertPage("register", "register", "en");

        open(authorize(LoginPagesRealm.APP, "fr"));
        chromium.driver.findElement(By.cssSelector("a[href*='reset-credentials']")).click();
        waitFor(By.id("kc-reset-password-form"));
        assertPage("login-reset-password", "reset-credentials", "fr");
        realm.user(LoginPagesRealm.REALM, "forgetful", "forgetful@example.com", "Forget", "Ful", "pass-forgetful");
        chromium.driver.findElement(By.id("username")).sendKeys("forgetful");
        chromium.driver.findElement(By.cssSelector("#kc-reset-password-form [type=submit]")).click();
        waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".sso-alert")));
        assertPageAnyId("reset-credentials-sent", "fr");
        waitUpTo(30).until(d -> smtp.messages.stream().anyMatch(m -> m.contains("forgetful@example.com")));

        realm.user(LoginPagesRealm.REALM, "consenting", "consenting@example.com", "Con", "Sent", "pass-consenting");
        signIn(LoginPagesRealm.CONSENT_APP, "consenting", "pass-consenting", "en");
        assertPage("login-oauth-grant", "consent", "en");
    }

    @Test
    void firstBrokerLoginReviewAccountExistsAndLinkPages() {
        realm.user(LoginPagesRealm.UPSTREAM, "carol", "carol@example.com", "Carol", "Upstream", "carol-upstream");
        realm.user(LoginPagesRealm.REALM, "carol", "carol@example.com", "Carol", "Local", "carol-local");

        open(authorize(LoginPagesRealm.APP, "en"));
        chromium.driver.findElement(By.id("social-" + LoginPagesRealm.IDP)).click();
        waitFor(By.id("username")).sendKeys("carol");
        chromium.driver.findElement(By.id("password")).sendKeys("carol-upstream");
        chromium.driver.findElement(By.cssSelector("[type=submit]")).click();

        waitUpTo(30).until(d -> d.getCurrentUrl().contains("/realms/" + LoginPagesRealm.REALM + "/"));
        assertPage("idp-review-user-profile", "first-broker-login-review", "en");
        assertThat(chromium.driver.findElement(By.id("email")).getAttribute("value")).isEqualTo("carol@example.com");
        chromium.driver.findElement(By.cssSelector("[type=submit]")).click();

        waitFor(By.id("linkAccount"));
        assertPage("login-idp-link-confirm", "account-exists-link", "en");
        chromium.driver.findElement(By.id("linkAccount")).click();
        waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("kc-page-title")));
        assertPageAnyId("idp-link-confirmation", "en");
    }

    @Test
    void mtlsRefusalPages() throws Exception {
        for (String locale : new String[] {"en", "fr"}) {
            open(URI.create(server.realmUri("demo") + "/protocol/openid-connect/auth?client_id=rocketchat&response_type=code"
                    + "&scope=openid&redirect_uri=" + URLEncoder.encode("http://127.0.0.1:3000/_oauth/keycloak", StandardCharsets.UTF_8)
                    + "&ui_locales=" + locale));
            // The certificate site (nginx on its own port) is not running here: the broker's redirect to it carries the state.
            String mtlsLogin = chromium.driver.findElement(By.id("social-mtls")).getAttribute("href");
            String cookies = chromium.driver.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                    .collect(Collectors.joining("; "));
            HttpResponse<Void> hop = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(mtlsLogin)).header("Cookie", cookies).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(hop.statusCode()).isEqualTo(302);
            Matcher state = Pattern.compile("[?&]state=([^&]+)").matcher(hop.headers().firstValue("Location").orElseThrow());
            assertThat(state.find()).isTrue();
            chromium.driver.get(server.realmUri("demo") + "/broker/mtls/endpoint?state=" + state.group(1) + "&error=no_certificate");
            WebElement alert = waitFor(By.cssSelector(".sso-alert-error"));
            assertThat(alert.getText()).isNotBlank();
            assertPage("login", "mtls-refused", locale);
        }
    }

    @Test
    void errorInfoAndLogoutPages() {
        // An error before any login session: the language comes from the locale cookie (the language menu sets it).
        open(URI.create(server.realmUri(LoginPagesRealm.REALM) + "/"));
        chromium.driver.manage().addCookie(new Cookie("KEYCLOAK_LOCALE", "ru", "/realms/" + LoginPagesRealm.REALM + "/"));
        chromium.driver.get(server.realmUri(LoginPagesRealm.REALM) + "/protocol/openid-connect/auth?client_id=" + LoginPagesRealm.APP
                + "&response_type=code&scope=openid&ui_locales=ru&redirect_uri=" + URLEncoder.encode("https://evil.example/cb", StandardCharsets.UTF_8));
        assertPage("error", "error", "ru");

        realm.user(LoginPagesRealm.REALM, "leaving", "leaving@example.com", "Lea", "Ving", "pass-leaving");
        signIn(LoginPagesRealm.APP, "leaving", "pass-leaving", "fr");
        waitUpTo(30).until(d -> d.getCurrentUrl().startsWith(redirect));
        chromium.driver.get(server.realmUri(LoginPagesRealm.REALM) + "/protocol/openid-connect/logout?ui_locales=fr");
        waitFor(By.id("kc-logout"));
        assertPage("logout-confirm", "logout-confirm", "fr");
        chromium.driver.findElement(By.id("kc-logout")).click();
        waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("kc-page-title")));
        assertPage("info", "info-logged-out", "fr");
    }

    // ---- helpers ----

    private URI authorize(String clientId, String locale) {
        return URI.create(server.realmUri(LoginPagesRealm.REALM) + "/protocol/openid-connect/auth?client_id=" + clientId
                + "&response_type=code&scope=openid&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8)
                + "&ui_locales=" + locale);
    }

    private void signIn(String clientId, String username, String password, String locale) {
        open(authorize(clientId, locale));
        chromium.driver.findElement(By.id("username")).sendKeys(username);
        chromium.driver.findElement(By.id("password")).sendKeys(password);
        chromium.driver.findElement(By.id("kc-login")).click();
        waitUpTo(30).until(d -> !d.getCurrentUrl().contains("/protocol/openid-connect/auth") || !d.findElements(By.cssSelector(".sso-alert")).isEmpty());
    }

    /** A fresh browser state (every site's cookies, not only the current page's), then the URI. */
    private void open(URI uri) {
        chromium.size(HeadlessChromium.DESKTOP);
        ((ChromeDriver) chromium.driver).executeCdpCommand("Network.clearBrowserCookies", Map.of());
        chromium.driver.get(uri.toString());
    }

    private WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(chromium.driver, Duration.ofSeconds(seconds));
    }

    private WebElement waitFor(By locator) {
        return waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    /** The page Keycloak rendered (its template, from the body's data-page-id) is the expected one and passes every check. */
    private void assertPage(String template, String name, String locale) {
        waitFor(By.id("kc-page-title"));
        assertThat(chromium.driver.findElement(By.tagName("body")).getAttribute("data-page-id")).isEqualTo("login-" + template);
        assertPageAnyId(name, locale);
    }

    private void assertPageAnyId(String name, String locale) {
        String page = name + " (" + locale + ")";
        assertThat(chromium.driver.findElement(By.tagName("html")).getAttribute("lang")).as(page).isEqualTo(locale);
        WebElement card = chromium.driver.findElement(By.cssSelector("main.sso-card"));
        assertThat(card.findElement(By.id("kc-page-title")).getText()).as("title of " + page).isNotBlank();
        assertThat(card.findElement(By.cssSelector(".sso-logo-tile")).isDisplayed()).isTrue();
        PageChecks.assertEveryTextAndIconIsLegible(chromium.driver, page);
        PageChecks.assertNoSeriousAxeViolations(chromium.driver, page);
        chromium.screenshot("page-" + name + "-" + locale + "-desktop");
        chromium.size(HeadlessChromium.PHONE);
        assertThat(card.getSize().getWidth()).as("card width on a phone, " + page).isLessThanOrEqualTo(HeadlessChromium.PHONE.getWidth());
        PageChecks.assertEveryTextAndIconIsLegible(chromium.driver, page + " phone");
        chromium.screenshot("page-" + name + "-" + locale + "-phone");
        chromium.size(HeadlessChromium.DESKTOP);
    }

    /** RFC 6238 TOTP as Keycloak's defaults compute it: HmacSHA1, 6 digits, 30-second steps. */
    static String totp(String base32Secret) throws Exception {
        byte[] key = base32(base32Secret.replace(" ", "").toUpperCase(Locale.ROOT));
        long step = Instant.now().getEpochSecond() / 30;
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key, "HmacSHA1"));
        byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        return String.format("%06d", binary % 1_000_000);
    }

    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8 + 1);
        int buffer = 0;
        int bits = 0;
        for (char c : text.replace("=", "").toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }
}
