package dev.ssobundle.it.brokers;

import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Walks a login across Keycloak and upstream identity providers as a browser does: follows
 * redirects and auto-submitted SAML forms, stopping at a page that wants user input or at the
 * redirect back to the application.
 */
final class BrokerFlow {

    static final String APP_CALLBACK = "http://127.0.0.1:3001/callback";

    /**
     * Lets the realm's customers use plain-http metadata (the loopback stand-ins of these tests
     * have no TLS).
     */
    static final String ALLOW_INSECURE_METADATA = "ssoBundle.customers.allowInsecureMetadata";

    private BrokerFlow() {
    }

    static void allowInsecureMetadata(AdminApi admin, String realm) {
        admin.setRealmAttribute(realm, ALLOW_INSECURE_METADATA, "true");
    }

    /** Keeps IDENTITY_PROVIDER_LOGIN_ERROR among the realm's saved login events (the customer guards' refusals). */
    static void saveIdentityProviderLoginErrors(AdminApi admin, String realm) {
        admin.saveLoginEvents(realm, "IDENTITY_PROVIDER_LOGIN_ERROR");
    }

    static URI authorizeFlatchrApp(URI baseUri) {
        return URI.create(baseUri.resolve("/realms/flatchr/protocol/openid-connect/auth") + "?client_id=flatchr-app&response_type=code"
                + "&scope=openid%20email%20profile&state=st-1&redirect_uri=" + URLEncoder.encode(APP_CALLBACK, StandardCharsets.UTF_8));
    }

    /** Follows redirects and auto-posting forms until a page needs the user, or the app callback is reached. */
    static HttpResponse<String> walk(Browser browser, HttpResponse<String> response) {
        for (int hop = 0; hop < 30; hop++) {
            if (Browser.isRedirect(response)) {
                URI next = Browser.location(response);
                if (next.toString().startsWith(APP_CALLBACK)) {
                    return response;
                }
                response = browser.get(next);
                continue;
            }
            Document page = Jsoup.parse(response.body(), response.uri().toString());
            Element autoPost = page.selectFirst("form:has(input[name=SAMLRequest]), form:has(input[name=SAMLResponse])");
            if (response.statusCode() == 200 && autoPost != null) {
                response = browser.postForm(URI.create(autoPost.absUrl("action")), fields(autoPost));
                continue;
            }
            return response;
        }
        throw new IllegalStateException("too many hops, last at " + response.uri());
    }

    /** The identity-first step of the flatchr login page: type the email, submit. */
    static HttpResponse<String> submitEmail(Browser browser, HttpResponse<String> page, String email) {
        Element form = loginForm(page);
        Map<String, String> fields = fields(form);
        fields.put("username", email);
        return browser.postForm(URI.create(form.absUrl("action")), fields);
    }

    static HttpResponse<String> submitPassword(Browser browser, HttpResponse<String> page, String username, String password) {
        Element form = loginForm(page);
        Map<String, String> fields = fields(form);
        if (form.selectFirst("input[name=username]") != null) {
            fields.put("username", username);
        }
        fields.put("password", password);
        return browser.postForm(URI.create(form.absUrl("action")), fields);
    }

    static boolean reachedApp(HttpResponse<String> response) {
        return Browser.isRedirect(response) && Browser.location(response).toString().startsWith(APP_CALLBACK)
                && Browser.queryParameters(Browser.location(response)).containsKey("code");
    }

    static boolean asksForPassword(HttpResponse<String> page) {
        return page.statusCode() == 200 && Jsoup.parse(page.body()).selectFirst("form#kc-form-login input[name=password]") != null;
    }

    private static Element loginForm(HttpResponse<String> page) {
        Element form = Jsoup.parse(page.body(), page.uri().toString()).getElementById("kc-form-login");
        if (form == null) {
            throw new IllegalStateException("No login form on " + page.uri() + " (" + page.statusCode() + "):\n" + page.body());
        }
        return form;
    }

    private static Map<String, String> fields(Element form) {
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[name]").forEach(input -> {
            if (!"checkbox".equals(input.attr("type")) || input.hasAttr("checked")) {
                fields.put(input.attr("name"), input.val());
            }
        });
        return fields;
    }
}
