package dev.ssobundle.it.brokers;

import static dev.ssobundle.it.brokers.CustomerOnboardingIT.customer;
import static dev.ssobundle.it.brokers.CustomerOnboardingIT.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.adminconsole.AdminConsole;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import dev.ssobundle.it.theme.HeadlessChromium;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console's Customers page (issue 15 points 1 and 4), in headless Chromium against the
 * real admin console of the run's Keycloak. The admin is who support staff would be: a user of
 * realm flatchr holding the customers API's roles (manage-identity-providers, manage-realm and their
 * view- roles), signed in at {@code /admin/flatchr/console/}, not the master admin. The customer's
 * OpenID provider is the npm {@code oidc-provider} stand-in on loopback ({@link GoogleStandIn},
 * onboarded here as a plain {@code oidc} customer). Screenshots of the list and of the form go to
 * {@code screenshots.dir} (copied to docs/screenshots/ for docs/customers.md).
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomersConsolePageIT {

    private static final String PAGE = "Customers";
    private static final List<String> SUPPORT_ROLES = List.of("manage-identity-providers", "view-identity-providers", "manage-realm",
            "view-realm");

    private final KeycloakServer server;
    private final AdminApi admin;
    private final String id = unique();
    private final String slug = "ui-" + id;
    private final String domain = slug + ".example";
    private final String supportUser = "support-" + id;
    private final GoogleStandIn idp;
    private final HeadlessChromium chromium;
    private final WebDriverWait wait;

    CustomersConsolePageIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        BrokerFlow.allowInsecureMetadata(admin, "flatchr");
        createUser(supportUser, "support@" + id + ".staff.example", SUPPORT_ROLES);
        String redirectUri = server.baseUri().resolve("/realms/flatchr/broker/" + slug + "/endpoint").toString();
        this.idp = GoogleStandIn.start("ui-client-" + id, "ui-secret-" + id, redirectUri, List.of(
                new GoogleStandIn.Account("alice", "alice@" + domain, null, "Alice", "Customer")));
        this.chromium = new HeadlessChromium();
        this.wait = new WebDriverWait(chromium.driver, Duration.ofSeconds(90));
    }

    @AfterAll
    void stop() {
        try {
            chromium.close();
            for (JsonNode user : admin.getJson("realms/flatchr/users?search=" + enc(id) + "&max=20")) {
                admin.delete("realms/flatchr/users/" + user.path("id").asText());
            }
            for (String s : List.of(slug, "api-" + id, "bad-" + id)) {
                admin.delete("realms/flatchr/customers/" + s);
            }
        } finally {
            idp.close();
        }
    }

    @Test
    @Order(0)
    void customersImportedWithTheShippedRealmAreListedFromStartUp() {
        // flatchr-realm.json brings contoso (ADFS) and northwind (Entra ID) without page rows: start-up adds them
        for (String shipped : List.of("contoso", "northwind")) {
            List<JsonNode> rows = pageRows(shipped);
            assertThat(rows).as(shipped).hasSize(1);
            JsonNode customer = admin.getJson("realms/flatchr/customers/" + shipped);
            assertThat(rows.get(0).path("config").path("protocol").path(0).asText()).isEqualTo(customer.path("protocol").asText());
            assertThat(rows.get(0).path("config").path("domains").path(0).asText()).isEqualTo(customer.path("domains").path(0).asText());
            assertThat(rows.get(0).path("config").path("clientSecret").isMissingNode()).as("no secret in a row").isTrue();
        }
        signInToConsole(supportUser);
        openList();
        wait.until(d -> !d.findElements(By.linkText("contoso")).isEmpty() && !d.findElements(By.linkText("northwind")).isEmpty());
    }

    /** The README's link for the master realm's admin: {@code /admin/master/console/#/flatchr/page-section/Customers}. */
    @Test
    @Order(0)
    void masterAdminReachesThePageThroughTheMasterRealmsConsole() {
        try (AdminConsole master = new AdminConsole(server)) {
            master.open("flatchr", "page-section/" + PAGE);
            assertThat(master.row("contoso").getText()).contains("contoso.example");
            assertThat(master.row("northwind").getText()).contains("northwind");
            assertThat(master.chromium.driver.getCurrentUrl()).contains("/admin/master/console/#/flatchr/page-section/" + PAGE);
        }
    }

    @Test
    @Order(1)
    void supportStaffOnboardsAnOidcCustomerOnThePageAndItsUserSignsInThroughEmailDomainDiscovery() {
        signInToConsole(supportUser);
        openAddForm();
        type("slug", slug);
        type("displayName", "UI customer " + id);
        typeDomain(domain);
        type("discoveryUrl", idp.discoveryUrl());
        type("clientId", "ui-client-" + id);
        type("clientSecret", "ui-secret-" + id);
        wholePageScreenshot("admin-customers-form-new");
        save();

        wait.until(d -> admin.getResponse("realms/flatchr/customers/" + slug).statusCode() == 200);
        JsonNode stored = admin.getJson("realms/flatchr/customers/" + slug);
        assertThat(stored.path("protocol").asText()).isEqualTo("oidc");
        assertThat(stored.path("domains").get(0).asText()).isEqualTo(domain);
        assertThat(admin.getResponse("realms/flatchr/identity-provider/instances/" + slug).statusCode()).isEqualTo(200);
        assertThat(admin.getJson("realms/flatchr/identity-provider/instances/" + slug).path("config").path("clientSecret").asText())
                .as("the secret went to the identity provider (masked in its representation)").isNotEmpty();

        // reopened from the list: what the customer's IT needs, as the API says it
        openList();
        openRow(slug);
        WebElement redirect = waitForInput("redirectUri");
        wait.until(d -> !redirect.getAttribute("value").isEmpty());
        assertThat(redirect.getAttribute("value")).isEqualTo(stored.path("redirectUri").asText())
                .isEqualTo(server.baseUri().resolve("/realms/flatchr/broker/" + slug + "/endpoint").toString());
        assertThat(input("clientSecret").getAttribute("value")).as("no secret in the page's row").doesNotContain("ui-secret");
        wholePageScreenshot("admin-customers-form-saved");
        openList();
        chromium.screenshot("admin-customers-list");

        HttpResponse<String> done = idp.signInThroughFlatchr(BrokerFlow.authorizeFlatchrApp(server.baseUri()), "alice@" + domain, "alice");
        assertThat(BrokerFlow.reachedApp(done)).as("%s %s\nstand-in: %s", done.statusCode(), done.body(), idp.output()).isTrue();
        JsonNode alice = admin.getJson("realms/flatchr/users?email=" + enc("alice@" + domain) + "&exact=true");
        assertThat(alice).hasSize(1);
        JsonNode links = admin.getJson("realms/flatchr/users/" + alice.get(0).path("id").asText() + "/federated-identity");
        assertThat(links.findValuesAsText("identityProvider")).containsExactly(slug);
    }

    @Test
    @Order(2)
    void malformedDiscoveryUrlShowsTheApisErrorAndCreatesNothing() {
        String bad = "bad-" + id;
        Map<String, Object> body = customer(bad, "oidc", List.of(bad + ".example"),
                Map.of("discoveryUrl", "not a url", "clientId", "c", "clientSecret", "s"));
        HttpResponse<String> api = admin.post("realms/flatchr/customers", body);
        assertThat(api.statusCode()).as(api.body()).isEqualTo(400);
        String apiMessage = AdminApi.read(api.body()).path("errorMessage").asText();
        assertThat(apiMessage).isNotBlank();

        signInToConsole(supportUser);
        openAddForm();
        type("slug", bad);
        type("displayName", "Customer " + bad);
        typeDomain(bad + ".example");
        type("discoveryUrl", "not a url");
        type("clientId", "c");
        type("clientSecret", "s");
        save();

        waitForText(apiMessage);
        chromium.screenshot("admin-customers-form-error");
        assertNothingStored(bad);
    }

    @Test
    @Order(3)
    void duplicateSlugShowsTheApisConflictAndChangesNothing() {
        HttpResponse<String> api = admin.post("realms/flatchr/customers", customer(slug, "oidc", List.of("other-" + domain),
                Map.of("discoveryUrl", idp.discoveryUrl(), "clientId", "x", "clientSecret", "y")));
        assertThat(api.statusCode()).as(api.body()).isEqualTo(409);
        String apiMessage = AdminApi.read(api.body()).path("errorMessage").asText();

        signInToConsole(supportUser);
        openAddForm();
        type("slug", slug);
        typeDomain("other-" + domain);
        type("discoveryUrl", idp.discoveryUrl());
        type("clientId", "x");
        type("clientSecret", "y");
        save();

        waitForText(apiMessage);
        assertThat(pageRows(slug)).as("still one row for the slug").hasSize(1);
        assertThat(admin.getJson("realms/flatchr/customers/" + slug).path("domains").toString()).doesNotContain("other-");
    }

    @Test
    @Order(4)
    void changingTheCustomerOnThePageChangesItAndAMovedDiscoveryUrlNeedsTheSecretAgain() {
        String moved = "http://127.0.0.1:9/.well-known/openid-configuration";
        HttpResponse<String> api = admin.put("realms/flatchr/customers/" + slug, Map.of("discoveryUrl", moved));
        assertThat(api.statusCode()).as(api.body()).isEqualTo(400);
        String apiMessage = AdminApi.read(api.body()).path("errorMessage").asText();

        signInToConsole(supportUser);
        openList();
        openRow(slug);
        waitForInput("redirectUri");
        type("displayName", "Renamed on the page " + id);
        save();
        wait.until(d -> ("Renamed on the page " + id).equals(admin.getJson("realms/flatchr/customers/" + slug).path("displayName").asText()));
        assertThat(pageRows(slug).get(0).path("config").path("displayName").get(0).asText()).isEqualTo("Renamed on the page " + id);

        type("discoveryUrl", moved);
        save();

        waitForText(apiMessage);
        assertThat(admin.getJson("realms/flatchr/customers/" + slug).path("discoveryUrl").asText()).isEqualTo(idp.discoveryUrl());
        assertThat(pageRows(slug).get(0).path("config").path("discoveryUrl").get(0).asText()).isEqualTo(idp.discoveryUrl());
    }

    @Test
    @Order(5)
    void customerOnboardedThroughTheApiIsListedAndItsRowFollowsChangesAndDeletion() {
        String viaApi = "api-" + id;
        admin.require2xx(admin.post("realms/flatchr/customers", customer(viaApi, "oidc", List.of(viaApi + ".example"),
                Map.of("discoveryUrl", idp.discoveryUrl(), "clientId", "a", "clientSecret", "b"))));
        assertThat(pageRows(viaApi)).hasSize(1);
        admin.require2xx(admin.put("realms/flatchr/customers/" + viaApi, Map.of("displayName", "Renamed " + id)));
        assertThat(pageRows(viaApi).get(0).path("config").path("displayName").get(0).asText()).isEqualTo("Renamed " + id);

        signInToConsole(supportUser);
        openList();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText(viaApi)));

        admin.require2xx(admin.delete("realms/flatchr/customers/" + viaApi));
        assertThat(pageRows(viaApi)).as("row removed with the customer").isEmpty();
    }

    @Test
    @Order(6)
    void deletingTheRowOnThePageRemovesTheCustomerAndItsIdentityProvider() {
        signInToConsole(supportUser);
        openList();
        openRow(slug);
        waitForInput("redirectUri");
        clickWhenReady(By.xpath("//button[normalize-space()='Action']"));
        clickWhenReady(By.cssSelector("[data-testid=delete-item]"));
        clickWhenReady(By.cssSelector("[data-testid=confirm]"));

        wait.until(d -> admin.getResponse("realms/flatchr/customers/" + slug).statusCode() == 404);
        assertThat(admin.getResponse("realms/flatchr/identity-provider/instances/" + slug).statusCode()).isEqualTo(404);
        assertThat(admin.getJson("realms/flatchr/organizations?search=" + enc(slug))).isEmpty();
        assertThat(pageRows(slug)).isEmpty();
    }

    @Test
    @Order(7)
    void pageRowCannotOnboardACustomerWithoutManageIdentityProviders() {
        // Keycloak's component endpoint asks only manage-realm: the page must ask what the customers API asks
        String realmOnly = "realmonly-" + id;
        createUser(realmOnly, realmOnly + "@" + id + ".staff.example", List.of("manage-realm", "view-realm"));
        HttpResponse<String> tokenResponse = new Browser().postForm(server.baseUri().resolve("/realms/flatchr/protocol/openid-connect/token"),
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", realmOnly, "password", "pw-" + realmOnly));
        assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
        String token = AdminApi.read(tokenResponse.body()).path("access_token").asText();
        String flatchrId = admin.get("realms/flatchr").path("id").asText();
        String attempt = "noidp-" + id;
        Map<String, Object> row = Map.of("name", attempt, "providerId", PAGE, "providerType", "org.keycloak.services.ui.extend.UiPageProvider",
                "parentId", flatchrId, "config", Map.of("slug", List.of(attempt), "domains", List.of(attempt + ".example"),
                        "protocol", List.of("oidc"), "discoveryUrl", List.of(idp.discoveryUrl()), "clientId", List.of("c"),
                        "clientSecret", List.of("s")));
        HttpResponse<String> refused = new Browser().send(java.net.http.HttpRequest.newBuilder(admin.adminUri("realms/flatchr/components"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(AdminApi.write(row))).build());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertNothingStored(attempt);
    }

    // --- the console -------------------------------------------------------------------------

    private void signInToConsole(String username) {
        chromium.forgetCookiesAndPage();
        chromium.driver.get(server.baseUri().resolve("/admin/flatchr/console/").toString());
        WebElement user = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        user.sendKeys(username);
        if (chromium.driver.findElements(By.id("password")).isEmpty()) {
            user.sendKeys(Keys.ENTER); // the flatchr login page is identity-first: the password comes on the next page
        }
        WebElement password = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password")));
        password.sendKeys("pw-" + username, Keys.ENTER);
        wait.until(d -> d.getCurrentUrl().contains("/admin/flatchr/console/"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav, [data-testid=realmSelector]")));
    }

    private void openList() {
        chromium.driver.get(server.baseUri().resolve("/admin/flatchr/console/#/flatchr/page-section/" + PAGE).toString());
        wait.until(d -> text().contains("Slug") || text().contains("No items"));
        wait.until(d -> text().contains("Create item") || text().contains("Create"));
    }

    /** The list's header can render before its rows (they load after it): waits for the row's link, then opens it. */
    private void openRow(String rowSlug) {
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText(rowSlug))).click();
    }

    private void openAddForm() {
        chromium.driver.get(server.baseUri().resolve("/admin/flatchr/console/#/flatchr/page-section/" + PAGE + "/add").toString());
        waitForInput("slug");
    }

    private WebElement input(String field) {
        return chromium.driver.findElement(By.cssSelector("[name='config." + field + "']"));
    }

    private WebElement waitForInput(String field) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[name='config." + field + "']")));
    }

    private void type(String field, String value) {
        WebElement input = waitForInput(field);
        // select what is there and type over it: clear() does not reach the console's form state
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), value);
    }

    private void typeDomain(String value) {
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[name='config.domains.0.value']")));
        input.clear();
        input.sendKeys(value);
    }

    private void save() {
        clickWhenReady(By.cssSelector("[data-testid=save]"));
    }

    private void clickWhenReady(By by) {
        WebElement element = wait.until(ExpectedConditions.elementToBeClickable(by));
        ((JavascriptExecutor) chromium.driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    private void waitForText(String expected) {
        try {
            wait.until(d -> text().contains(expected));
        } catch (RuntimeException e) {
            chromium.screenshot("admin-customers-failed-" + id);
            throw new AssertionError("the page never showed \"" + expected + "\"; it shows:\n" + text(), e);
        }
    }

    /** The form is longer than the desktop window: a tall window shows every field in one picture. */
    private void wholePageScreenshot(String name) {
        chromium.size(new org.openqa.selenium.Dimension(1280, 2000));
        try {
            ((JavascriptExecutor) chromium.driver).executeScript("window.scrollTo(0, 0)");
            chromium.screenshot(name);
        } finally {
            chromium.size(new org.openqa.selenium.Dimension(1280, 900));
        }
    }

    private String text() {
        return String.valueOf(((JavascriptExecutor) chromium.driver).executeScript("return document.body ? document.body.innerText : ''"));
    }

    // --- Keycloak's side -----------------------------------------------------------------------

    private void createUser(String username, String email, List<String> realmManagementRoles) {
        String userId = AdminApi.createdId(admin.require2xx(admin.post("realms/flatchr/users", Map.of("username", username, "email", email,
                "emailVerified", true, "enabled", true, "firstName", "Support", "lastName", "Staff",
                "credentials", List.of(Map.of("type", "password", "value", "pw-" + username, "temporary", false))))));
        admin.grantClientRoles("flatchr", userId, "realm-management", realmManagementRoles);
    }

    /** The Customers page's rows for {@code slug}, read as the console reads them (components of the realm). */
    private List<JsonNode> pageRows(String slug) {
        String flatchrId = admin.get("realms/flatchr").path("id").asText();
        List<JsonNode> rows = new java.util.ArrayList<>();
        admin.getJson("realms/flatchr/components?parent=" + flatchrId + "&type=org.keycloak.services.ui.extend.UiPageProvider")
                .forEach(row -> {
                    if (PAGE.equals(row.path("providerId").asText()) && slug.equals(row.path("config").path("slug").path(0).asText())) {
                        rows.add(row);
                    }
                });
        return rows;
    }

    private void assertNothingStored(String slug) {
        assertThat(admin.getResponse("realms/flatchr/customers/" + slug).statusCode()).isEqualTo(404);
        assertThat(admin.getResponse("realms/flatchr/identity-provider/instances/" + slug).statusCode()).isEqualTo(404);
        assertThat(admin.getJson("realms/flatchr/organizations?search=" + enc(slug))).isEmpty();
        assertThat(pageRows(slug)).as("no row").isEmpty();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
