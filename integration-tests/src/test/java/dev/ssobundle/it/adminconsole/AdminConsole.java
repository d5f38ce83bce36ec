package dev.ssobundle.it.adminconsole;

import dev.ssobundle.it.harness.KeycloakServer;
import dev.ssobundle.it.theme.HeadlessChromium;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Keycloak's own admin console (the keycloak-admin-ui bundled in the distribution) in headless
 * Chromium, signed in as the master realm's bootstrap admin, with the bundle's declarative pages.
 */
public final class AdminConsole implements AutoCloseable {

    public final HeadlessChromium chromium;
    private final KeycloakServer server;

    public AdminConsole(KeycloakServer server) {
        this.server = server;
        this.chromium = new HeadlessChromium();
        chromium.driver.get(server.baseUri().resolve("/admin/master/console/") .toString());
        WebDriverWait wait = waitUpTo(90);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(server.adminUsername());
        chromium.driver.findElement(By.id("password")).sendKeys(server.adminPassword());
        chromium.driver.findElement(By.id("kc-login")).click();
        wait.until(d -> d.getCurrentUrl().contains("/console/") && !d.findElements(By.cssSelector("[data-testid='realmSelector'], nav")).isEmpty());
    }

    public WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(chromium.driver, Duration.ofSeconds(seconds));
    }

    /** Opens a page of a realm by the console's own route, e.g. {@code page-section/scim-provisioning-tokens}. */
    public void open(String realm, String route) {
        chromium.driver.get(server.baseUri().resolve("/admin/master/console/#/" + realm + "/" + route).toString());
        ((JavascriptExecutor) chromium.driver).executeScript("window.location.reload()");
    }

    /** The input (or text area) the declarative form renders for a config property. */
    public WebElement field(String property) {
        return waitUpTo(60).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[name='config." + property + "'], [data-testid='" + property + "']")));
    }

    public void type(String property, String value) {
        WebElement field = field(property);
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(value);
    }

    public void clickButton(String text) {
        waitUpTo(60).until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//*[self::button or self::a][normalize-space(.)='" + text + "']"))).click();
    }

    public void save() {
        waitUpTo(30).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid='save']"))).click();
    }

    /** The text of the console's newest alert (PatternFly toast). */
    public String alert() {
        return waitUpTo(60).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".pf-v5-c-alert__title"))).getText();
    }

    /** Waits until the page's table shows a row containing this text; returns the row. */
    public WebElement row(String text) {
        return waitUpTo(60).until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//tr[.//*[contains(normalize-space(.), \"" + text + "\")]]")));
    }

    /** Deletes a row through its kebab menu and the confirmation dialog, as an admin does. */
    public void deleteRow(String text) {
        WebElement row = row(text);
        row.findElement(By.cssSelector("button[aria-label='Kebab toggle'], td.pf-v5-c-table__action button")).click();
        clickButton("Delete");
        waitUpTo(30).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid='confirm']"))).click();
    }

    public List<WebElement> rows() {
        return chromium.driver.findElements(By.cssSelector("table tbody tr"));
    }

    /** Screenshot into target/screenshots (copied to docs/screenshots/). */
    public Path screenshot(String name) {
        return chromium.screenshot(name);
    }

    /** The page's HTML next to the screenshots, for a failing test. */
    public void dump(String name) {
        try {
            Path dir = Files.createDirectories(Path.of(System.getProperty("screenshots.dir", "target/screenshots")));
            Files.writeString(dir.resolve(name + ".html"), chromium.driver.getPageSource());
            chromium.screenshot(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        chromium.close();
    }
}
