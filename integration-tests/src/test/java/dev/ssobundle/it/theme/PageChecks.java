package dev.ssobundle.it.theme;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * What every login page must pass: axe-core with no serious or critical violation, and a
 * computed-colour check of every visible text and icon in the card (axe skips text whose
 * background it cannot resolve and reports it as "incomplete" rather than as a violation), and a
 * check of the pixels Chromium actually painted for the login-method buttons: a CSS filter (as
 * keycloak.v2's on every provider icon) changes the painted colour but not the computed one.
 */
final class PageChecks {

    /** WCAG 2.1 AA: 4.5:1 for text, 3:1 for graphical objects such as icons. */
    static final double TEXT_CONTRAST = 4.5;
    static final double ICON_CONTRAST = 3.0;

    private static final String CONTRAST_SCRIPT = """
            const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
              const p = m[1].split(',').map(s => parseFloat(s)); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
            const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
              return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
            const background = el => { for (let e = el; e; e = e.parentElement) {
                const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; }
              return {r: 255, g: 255, b: 255, a: 1}; };
            const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
            const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
              return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && parseFloat(s.opacity) > 0.1; };
            const found = [];
            const root = document.querySelector('.sso-card') || document.body;
            for (const el of root.querySelectorAll('*')) {
              if (!visible(el)) continue;
              const isIcon = el.tagName.toLowerCase() === 'svg' && !el.classList.contains('sso-logo');
              const hasText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim().length > 0)
                || (el.tagName === 'INPUT' && ['submit', 'button'].includes(el.type) && el.value);
              if (!isIcon && !hasText) continue;
              if (isIcon && el.closest('.sso-language-button')) continue;
              const fg = parse(getComputedStyle(el).color), bg = background(el);
              if (!fg) continue;
              found.push({element: (el.id ? '#' + el.id : el.tagName.toLowerCase()) + ' in ' + (el.closest('[id]') ? '#' + el.closest('[id]').id : 'card'),
                text: isIcon ? '(icon)' : (el.value || el.textContent.trim()).substring(0, 40),
                kind: isIcon ? 'icon' : 'text', ratio: ratio(fg, bg), colour: getComputedStyle(el).color,
                background: 'rgb(' + bg.r + ', ' + bg.g + ', ' + bg.b + ')'});
            }
            return found;
            """;

    private PageChecks() {
    }

    static void assertNoSeriousAxeViolations(WebDriver driver, String page) {
        Results results = new AxeBuilder().analyze(driver);
        List<String> serious = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(PageChecks::describe)
                .toList();
        assertThat(serious).as("axe-core serious/critical violations on the %s page", page).isEmpty();
    }

    /** Every visible text of the card reaches 4.5:1 against its background, every icon 3:1. */
    @SuppressWarnings("unchecked")
    static void assertEveryTextAndIconIsLegible(WebDriver driver, String page) {
        List<Map<String, Object>> measured = (List<Map<String, Object>>) ((JavascriptExecutor) driver).executeScript(CONTRAST_SCRIPT);
        assertThat(measured).as("texts measured on the %s page", page).isNotEmpty();
        List<String> illegible = measured.stream()
                .filter(m -> ((Number) m.get("ratio")).doubleValue() < ("icon".equals(m.get("kind")) ? ICON_CONTRAST : TEXT_CONTRAST))
                .map(m -> String.format("%s \"%s\": %s on %s = %.2f:1", m.get("element"), m.get("text"), m.get("colour"),
                        m.get("background"), ((Number) m.get("ratio")).doubleValue()))
                .toList();
        assertThat(illegible).as("texts/icons below WCAG AA contrast on the %s page", page).isEmpty();
    }

    private static final String RECT_AND_BACKGROUND_SCRIPT = """
            const el = arguments[0]; el.scrollIntoView({block: 'center'});
            const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
              const p = m[1].split(',').map(s => parseFloat(s)); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
            let bg = {r: 255, g: 255, b: 255};
            for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) { bg = c; break; } }
            const r = el.getBoundingClientRect();
            return [r.left, r.top, r.width, r.height, bg.r, bg.g, bg.b, window.devicePixelRatio];
            """;

    /**
     * For each visible element matching the selector, the painted pixel that contrasts most with
     * the element's background must reach the ratio: glyph and icon cores are painted at full
     * colour, so an illegible label or a filtered icon shows up here whatever the CSS says.
     */
    @SuppressWarnings("unchecked")
    static void assertPaintedContrast(WebDriver driver, String selector, double minimum, String page) {
        List<String> failures = new ArrayList<>();
        int measured = 0;
        for (WebElement element : driver.findElements(By.cssSelector(selector))) {
            if (!element.isDisplayed()) {
                continue;
            }
            List<Number> box = (List<Number>) ((JavascriptExecutor) driver).executeScript(RECT_AND_BACKGROUND_SCRIPT, element);
            BufferedImage painted = screenshot(driver);
            double scale = box.get(7).doubleValue();
            int x0 = (int) Math.floor(box.get(0).doubleValue() * scale);
            int y0 = (int) Math.floor(box.get(1).doubleValue() * scale);
            int x1 = Math.min(painted.getWidth(), (int) Math.ceil((box.get(0).doubleValue() + box.get(2).doubleValue()) * scale));
            int y1 = Math.min(painted.getHeight(), (int) Math.ceil((box.get(1).doubleValue() + box.get(3).doubleValue()) * scale));
            int[] background = {box.get(4).intValue(), box.get(5).intValue(), box.get(6).intValue()};
            double best = 1;
            for (int y = Math.max(0, y0); y < y1; y++) {
                for (int x = Math.max(0, x0); x < x1; x++) {
                    int rgb = painted.getRGB(x, y);
                    best = Math.max(best, ratio(new int[] {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff}, background));
                }
            }
            measured++;
            if (best < minimum) {
                String id = element.getAttribute("id");
                failures.add(String.format("%s \"%s\" painted at most %.2f:1 on rgb(%d, %d, %d)", id == null || id.isEmpty() ? selector : "#" + id,
                        element.getText(), best, background[0], background[1], background[2]));
            }
        }
        assertThat(measured).as("elements %s painted on the %s page", selector, page).isPositive();
        assertThat(failures).as("painted contrast below %.1f:1 on the %s page", minimum, page).isEmpty();
    }

    private static BufferedImage screenshot(WebDriver driver) {
        try {
            return ImageIO.read(new ByteArrayInputStream(((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double ratio(int[] a, int[] b) {
        double x = luminance(a);
        double y = luminance(b);
        return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
    }

    private static double luminance(int[] rgb) {
        double[] linear = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = rgb[i] / 255.0;
            linear[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
    }

    static String describe(Rule rule) {
        return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
                + rule.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList();
    }
}
