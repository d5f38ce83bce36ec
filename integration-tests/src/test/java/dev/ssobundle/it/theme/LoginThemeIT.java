package dev.ssobundle.it.theme;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The sso-bundle login theme in a real headless Chromium against the real Keycloak. */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginThemeIT {

    private static final String REDIRECT_URI = "http://127.0.0.1:3000/_oauth/keycloak";

    private final KeycloakServer server;
    private final AdminApi admin;
    private HeadlessChromium chromium;

    LoginThemeIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @BeforeAll
    void startBrowser() {
        new ThemeRealms(admin).create();
        chromium = new HeadlessChromium();
    }

    @AfterAll
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
        new ThemeRealms(admin).delete();
    }

    private URI authorize(String realm, String clientId, String redirectUri, String locale) {
        String redirect = redirectUri != null ? redirectUri : server.realmUri(realm) + "/account/";
        return URI.create(server.realmUri(realm) + "/protocol/openid-connect/auth?client_id=" + clientId
                + "&response_type=code&scope=openid&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8)
                + "&ui_locales=" + locale + (clientId.equals("account-console") ? "&code_challenge_method=S256&code_challenge=" + PKCE_CHALLENGE : ""));
    }

    /** account-console is a public client that requires PKCE; the challenge only has to be well-formed here. */
    private static final String PKCE_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private URI rocketChatLogin(String locale) {
        return URI.create(server.realmUri("demo") + "/protocol/openid-connect/auth?client_id=rocketchat&response_type=code"
                + "&scope=openid&state=theme&redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8)
                + "&ui_locales=" + locale);
    }

    private WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(chromium.driver, Duration.ofSeconds(seconds));
    }

    private void open(URI uri) {
        chromium.forgetCookiesAndPage();
        chromium.driver.get(uri.toString());
    }

    @ParameterizedTest(name = "demo login in {0}")
    @CsvSource(delimiterString = "|", value = {
            "en|Sign in Rocket.Chat|Sign In",
            "fr|Connexion à Rocket.Chat|Connexion",
            "ru|Вход в Rocket.Chat|Вход"})
    void aliceSignsInAndOutInEachLanguage(String locale, String title, String loginButton) {
        chromium.size(HeadlessChromium.DESKTOP);
        open(rocketChatLogin(locale));

        assertThat(chromium.driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(locale);
        assertThat(chromium.driver.findElement(By.id("kc-page-title")).getText()).isEqualTo(title);
        assertThat(chromium.driver.findElement(By.id("kc-login")).getAttribute("value") + chromium.driver.findElement(By.id("kc-login")).getText())
                .contains(loginButton);
        assertThat(chromium.driver.findElement(By.cssSelector(".sso-logo-tile .sso-logo")).isDisplayed()).isTrue();
        chromium.screenshot("demo-login-" + locale + "-desktop");
        chromium.size(HeadlessChromium.PHONE);
        assertThat(chromium.driver.findElement(By.cssSelector(".sso-card")).getSize().getWidth()).isLessThanOrEqualTo(375);
        chromium.screenshot("demo-login-" + locale + "-phone");
        chromium.size(HeadlessChromium.DESKTOP);

        chromium.driver.findElement(By.id("username")).sendKeys("alice");
        chromium.driver.findElement(By.id("password")).sendKeys("alice");
        chromium.driver.findElement(By.id("kc-login")).click();
        waitUpTo(30).until(d -> d.getCurrentUrl().startsWith(REDIRECT_URI));
        assertThat(chromium.driver.getCurrentUrl()).contains("code=").contains("state=theme");

        chromium.driver.get(server.realmUri("demo") + "/protocol/openid-connect/logout?ui_locales=" + locale);
        WebElement confirm = waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("kc-logout")));
        chromium.screenshot("demo-logout-confirm-" + locale);
        confirm.click();
        waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("kc-page-title")));
        chromium.screenshot("demo-logged-out-" + locale);

        // Signed out: the same authorization request shows the login form again instead of a code.
        chromium.driver.get(rocketChatLogin(locale).toString());
        assertThat(chromium.driver.findElements(By.id("kc-form-login"))).hasSize(1);
    }

    /**
     * The realms exactly as shipped in realm-exports/ (imported by scripts/start.sh), not test-made
     * ones: the demo realm's primary mTLS pill must show its label and icon legibly.
     */
    @ParameterizedTest(name = "shipped {0} realm, {1}, {2}")
    @CsvSource({
            "demo,en,desktop", "demo,fr,desktop", "demo,ru,desktop", "demo,en,phone", "demo,fr,phone", "demo,ru,phone",
            "flatchr,en,desktop", "flatchr,fr,desktop", "flatchr,ru,desktop", "flatchr,en,phone", "flatchr,fr,phone", "flatchr,ru,phone"})
    void shippedRealmLoginPageIsLegibleAndAccessible(String realm, String locale, String viewport) {
        chromium.size(viewport.equals("phone") ? HeadlessChromium.PHONE : HeadlessChromium.DESKTOP);
        open(realm.equals("demo") ? rocketChatLogin(locale) : authorize("flatchr", "flatchr-app", "http://127.0.0.1:3001/cb", locale));
        waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
        assertThat(chromium.driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(locale);

        String page = realm + " login " + locale + " " + viewport;
        PageChecks.assertEveryTextAndIconIsLegible(chromium.driver, page);
        PageChecks.assertPaintedContrast(chromium.driver, "#kc-login", PageChecks.TEXT_CONTRAST, page);
        if (realm.equals("demo")) {
            PageChecks.assertPaintedContrast(chromium.driver, "#social-mtls span:not(.sso-method-icon)", PageChecks.TEXT_CONTRAST, page);
            PageChecks.assertPaintedContrast(chromium.driver, "#social-mtls .sso-method-icon", PageChecks.ICON_CONTRAST, page);
        }
        PageChecks.assertNoSeriousAxeViolations(chromium.driver, page);
        chromium.screenshot("shipped-" + realm + "-login-" + locale + "-" + viewport);
    }

    @ParameterizedTest(name = "mTLS pill on the shipped demo realm in {0}")
    @CsvSource({"en", "fr", "ru"})
    void shippedDemoRealmShowsTheMtlsPillLabelInTheButtonTextColour(String locale) {
        chromium.size(HeadlessChromium.DESKTOP);
        open(rocketChatLogin(locale));
        WebElement pill = chromium.driver.findElement(By.cssSelector(".sso-primary-methods a.sso-method-pill#social-mtls"));
        WebElement label = pill.findElement(By.cssSelector("span:not(.sso-method-icon)"));
        assertThat(label.isDisplayed()).isTrue();
        assertThat(label.getText()).isEqualTo("mTLS");
        // The label and the icon take the button text colour (white by default), not the link colour.
        assertThat(label.getCssValue("color")).isIn("rgba(255, 255, 255, 1)", "rgb(255, 255, 255)");
        assertThat(pill.findElement(By.cssSelector(".sso-method-icon svg")).getCssValue("color"))
                .isIn("rgba(255, 255, 255, 1)", "rgb(255, 255, 255)");
        assertThat(pill.getCssValue("background-color")).isIn("rgba(74, 103, 214, 1)", "rgb(74, 103, 214)");
    }

    @ParameterizedTest(name = "flatchr login in {0}")
    @CsvSource({"en", "fr", "ru"})
    void flatchrLoginPageRendersInEachLanguage(String locale) {
        chromium.size(HeadlessChromium.DESKTOP);
        open(authorize("flatchr", "flatchr-app", "http://127.0.0.1:3001/cb", locale));
        waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));

        assertThat(chromium.driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(locale);
        assertThat(chromium.driver.findElement(By.id("username")).isDisplayed()).isTrue();
        assertThat(chromium.driver.findElement(By.id("kc-page-title")).getText()).contains("Flatchr");
        chromium.screenshot("flatchr-login-" + locale + "-desktop");
        chromium.size(HeadlessChromium.PHONE);
        chromium.screenshot("flatchr-login-" + locale + "-phone");
    }

    @ParameterizedTest(name = "identity-first (Organizations) in {0}")
    @CsvSource({"en", "fr", "ru"})
    void organizationsIdentityFirstPageAsksForTheEmailOnly(String locale) {
        chromium.size(HeadlessChromium.DESKTOP);
        open(authorize(ThemeRealms.ORGS_REALM, "account-console", null, locale));
        waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));

        assertThat(chromium.driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(locale);
        assertThat(chromium.driver.findElement(By.id("username")).isDisplayed()).isTrue();
        assertThat(chromium.driver.findElements(By.id("password"))).as("identity-first: no password field yet").isEmpty();
        chromium.screenshot("identity-first-" + locale + "-desktop");
        chromium.size(HeadlessChromium.PHONE);
        chromium.screenshot("identity-first-" + locale + "-phone");
    }

    @Test
    void primaryProvidersArePillsAndTheOthersRoundIconsCollapsingPastFive() {
        chromium.size(HeadlessChromium.DESKTOP);
        open(authorize(ThemeRealms.METHODS_REALM, "account-console", null, "en"));
        waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));

        List<WebElement> pills = chromium.driver.findElements(By.cssSelector(".sso-primary-methods a.sso-method-pill"));
        assertThat(pills).extracting(e -> e.getAttribute("id")).containsExactly("social-corporate-sso");
        assertThat(pills.get(0).getText()).isEqualTo("Corporate SSO");
        List<WebElement> round = chromium.driver.findElements(By.cssSelector(".sso-round-methods > li > a.sso-round-button"));
        assertThat(round).hasSize(4).allSatisfy(a -> assertThat(a.getAttribute("aria-label")).isNotBlank());
        WebElement more = chromium.driver.findElement(By.cssSelector(".sso-more-methods summary"));
        assertThat(chromium.driver.findElements(By.cssSelector(".sso-more-list a"))).hasSize(2)
                .allSatisfy(a -> assertThat(a.isDisplayed()).isFalse());
        PageChecks.assertPaintedContrast(chromium.driver, ".sso-primary-methods .sso-method-icon", PageChecks.ICON_CONTRAST, "login methods, menu closed");
        PageChecks.assertPaintedContrast(chromium.driver, ".sso-round-methods > li > a.sso-round-button", PageChecks.ICON_CONTRAST, "login methods, menu closed");
        more.click();
        assertThat(chromium.driver.findElements(By.cssSelector(".sso-more-list a"))).allSatisfy(a -> assertThat(a.isDisplayed()).isTrue());
        assertThat(chromium.driver.findElement(By.id("sso-other-methods-title")).getText()).isEqualTo("Other login methods");
        chromium.screenshot("login-methods-desktop");
        chromium.size(HeadlessChromium.PHONE);
        chromium.screenshot("login-methods-phone");
        assertNoSeriousViolations("login methods");
    }

    @Test
    void loginErrorAndIdentityFirstPagesHaveNoSeriousAccessibilityViolations() {
        chromium.size(HeadlessChromium.DESKTOP);
        open(rocketChatLogin("en"));
        assertNoSeriousViolations("login");

        chromium.driver.findElement(By.id("username")).sendKeys("alice");
        chromium.driver.findElement(By.id("password")).sendKeys("wrong");
        chromium.driver.findElement(By.id("kc-login")).click();
        waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".kc-feedback-text, #input-error")));
        assertNoSeriousViolations("login-with-error");

        open(URI.create(server.realmUri("demo") + "/protocol/openid-connect/auth?client_id=rocketchat&response_type=code"
                + "&scope=openid&redirect_uri=" + URLEncoder.encode("https://evil.example/cb", StandardCharsets.UTF_8)));
        assertThat(chromium.driver.getPageSource()).contains("sso-card");
        chromium.screenshot("demo-error-page");
        assertNoSeriousViolations("error page");

        open(authorize(ThemeRealms.ORGS_REALM, "account-console", null, "en"));
        waitUpTo(30).until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
        assertThat(chromium.driver.findElements(By.id("password"))).isEmpty();
        assertNoSeriousViolations("identity-first");
    }

    private void assertNoSeriousViolations(String page) {
        Results results = new AxeBuilder().analyze(chromium.driver);
        List<String> serious = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(LoginThemeIT::describe)
                .toList();
        assertThat(serious).as("axe-core serious/critical violations on the %s page", page).isEmpty();
    }

    private static String describe(Rule rule) {
        return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
                + rule.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList();
    }

    @Test
    void keyboardReachesEveryControlWithAVisibleFocus() {
        chromium.size(HeadlessChromium.DESKTOP);
        open(rocketChatLogin("en"));
        List<String> reached = new java.util.ArrayList<>();
        WebElement body = chromium.driver.findElement(By.tagName("body"));
        body.sendKeys(Keys.TAB);
        for (int i = 0; i < 8; i++) {
            WebElement focused = chromium.driver.switchTo().activeElement();
            String id = focused.getAttribute("id");
            reached.add(id == null || id.isEmpty() ? focused.getTagName() : id);
            if ("kc-login".equals(id)) {
                String outline = focused.getCssValue("outline-style");
                assertThat(outline).as("visible focus on the login button").isNotEqualTo("none");
            }
            focused.sendKeys(Keys.TAB);
        }
        assertThat(reached).contains("username", "password", "kc-login");
        assertThat(reached).anyMatch(id -> id.equals("summary"));
    }

    @Test
    void primaryColourAndLogoChangeThroughRealmAttributesWithoutRebuild() {
        String logo = server.baseUri() + "/resources/test-customer-logo.svg";
        try {
            updateDemoRealm(attributes -> {
                attributes.put("ssoBundle.primaryColor", "#0a7d33");
                attributes.put("ssoBundle.logoUrl", logo);
            });
            chromium.size(HeadlessChromium.DESKTOP);
            open(rocketChatLogin("en"));

            assertThat(chromium.driver.findElement(By.id("kc-login")).getCssValue("background-color"))
                    .isIn("rgba(10, 125, 51, 1)", "rgb(10, 125, 51)");
            assertThat(chromium.driver.findElement(By.cssSelector(".sso-logo-tile img")).getAttribute("src")).isEqualTo(logo);
            chromium.screenshot("demo-login-custom-colour");
        } finally {
            updateDemoRealm(attributes -> {
                attributes.remove("ssoBundle.primaryColor");
                attributes.remove("ssoBundle.logoUrl");
            });
        }
        open(rocketChatLogin("en"));
        assertThat(chromium.driver.findElement(By.id("kc-login")).getCssValue("background-color"))
                .isIn("rgba(74, 103, 214, 1)", "rgb(74, 103, 214)");
    }

    /**
     * The realm's login theme serves the account console's sign-in as well as the applications', and
     * a colour set as a realm attribute (no rebuild, no restart) reaches both.
     */
    @Test
    void accountConsoleAndApplicationSignInShareTheLookConfiguredWithoutRebuild() {
        assertThat(admin.get("realms/demo").path("loginTheme").asText()).isEqualTo("sso-bundle");
        try {
            updateDemoRealm(attributes -> attributes.put("ssoBundle.primaryColor", "#8a2be2"));
            chromium.size(HeadlessChromium.DESKTOP);
            chromium.forgetCookiesAndPage();
            chromium.driver.get(server.realmUri("demo") + "/account/");
            WebElement login = waitUpTo(60).until(ExpectedConditions.presenceOfElementLocated(By.id("kc-login")));
            assertThat(chromium.driver.getCurrentUrl()).contains("client_id=account-console");
            assertThat(chromium.driver.findElements(By.cssSelector("main.sso-card"))).hasSize(1);
            assertThat(login.getCssValue("background-color")).isIn("rgba(138, 43, 226, 1)", "rgb(138, 43, 226)");
            PageChecks.assertEveryTextAndIconIsLegible(chromium.driver, "account console sign-in");
            chromium.screenshot("account-console-login-custom-colour");
            chromium.driver.findElement(By.id("username")).sendKeys("alice");
            chromium.driver.findElement(By.id("password")).sendKeys("alice");
            login.click();
            waitUpTo(60).until(d -> d.getCurrentUrl().startsWith(server.realmUri("demo") + "/account")
                    && !d.getCurrentUrl().contains("/protocol/openid-connect/"));

            open(rocketChatLogin("en"));
            assertThat(chromium.driver.findElement(By.id("kc-login")).getCssValue("background-color"))
                    .isIn("rgba(138, 43, 226, 1)", "rgb(138, 43, 226)");
        } finally {
            updateDemoRealm(attributes -> attributes.remove("ssoBundle.primaryColor"));
        }
    }

    @Test
    void aColourThatIsNotAHexValueIsIgnoredSoNoCssCanBeInjected() {
        try {
            updateDemoRealm(attributes -> attributes.put("ssoBundle.primaryColor", "red;} body{display:none"));
            open(rocketChatLogin("en"));
            assertThat(chromium.driver.findElement(By.id("sso-bundle-settings")).getAttribute("textContent"))
                    .contains("--sso-primary: #4a67d6;").doesNotContain("display:none");
        } finally {
            updateDemoRealm(attributes -> attributes.remove("ssoBundle.primaryColor"));
        }
    }

    private void updateDemoRealm(Consumer<ObjectNode> attributes) {
        ObjectNode realm = (ObjectNode) admin.get("realms/demo");
        ObjectNode realmAttributes = realm.has("attributes") ? (ObjectNode) realm.get("attributes") : realm.putObject("attributes");
        attributes.accept(realmAttributes);
        ObjectNode update = AdminApi.JSON.createObjectNode();
        update.set("attributes", realmAttributes);
        var response = admin.put("realms/demo", update.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    @Test
    void createAccountCanBeHiddenAndInfoTextsAddedWithoutRebuild() {
        String realmPath = "realms/" + ThemeRealms.METHODS_REALM;
        put(realmPath, "{\"registrationAllowed\":true}");
        put(realmPath + "/localization/en/ssoBundleInfoInside", "Use your company account.", "text/plain");
        put(realmPath + "/localization/en/ssoBundleInfoBelow", "Help: it@example.com", "text/plain");
        open(authorize(ThemeRealms.METHODS_REALM, "account-console", null, "en"));
        assertThat(chromium.driver.findElements(By.id("sso-create-account"))).hasSize(1);
        assertThat(chromium.driver.findElement(By.id("sso-info-inside")).getText()).isEqualTo("Use your company account.");
        assertThat(chromium.driver.findElement(By.id("sso-info-below")).getText()).isEqualTo("Help: it@example.com");

        put(realmPath, "{\"attributes\":{\"ssoBundle.hideRegistration\":\"true\"}}");
        open(authorize(ThemeRealms.METHODS_REALM, "account-console", null, "en"));
        assertThat(chromium.driver.findElements(By.id("sso-create-account"))).isEmpty();
        assertThat(chromium.driver.findElements(By.id("kc-form-login"))).hasSize(1);
    }

    private void put(String path, String body) {
        put(path, body, "application/json");
    }

    private void put(String path, String body, String contentType) {
        var response = admin.exchange(HttpRequest.newBuilder(admin.adminUri(path))
                .header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as("PUT %s: %s", path, response.body()).isIn(200, 204);
    }
}
