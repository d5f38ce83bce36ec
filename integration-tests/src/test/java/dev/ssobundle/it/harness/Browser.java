package dev.ssobundle.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A cookie-keeping HTTP user agent that walks Keycloak's HTML pages as a browser would, without
 * following redirects by itself, so tests see every hop (and the final redirect to the client).
 */
public final class Browser {

    private final HttpClient http;
    private final CookieJar cookies = new CookieJar();

    public Browser() {
        this(HttpClient.newBuilder());
    }

    public Browser(HttpClient.Builder builder) {
        this.http = builder.followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET().build());
    }

    /** GET, then follow redirects while they stay on {@code within}'s host and port. */
    public HttpResponse<String> getFollowing(URI uri, URI within) {
        HttpResponse<String> response = get(uri);
        while (isRedirect(response)) {
            URI next = location(response);
            if (!sameOrigin(next, within)) {
                return response;
            }
            response = get(next);
        }
        return response;
    }

    public HttpResponse<String> postForm(URI uri, Map<String, String> fields) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(fields))).build());
    }

    /**
     * Fills Keycloak's username/password form on {@code loginPage} and submits it; returns the
     * response to the submission (a redirect to the client on success).
     */
    public HttpResponse<String> submitLogin(HttpResponse<String> loginPage, String username, String password) {
        Document page = Jsoup.parse(loginPage.body(), loginPage.uri().toString());
        Element form = page.getElementById("kc-form-login");
        if (form == null) {
            throw new IllegalStateException("No login form on " + loginPage.uri() + ":\n" + loginPage.body());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[name]").forEach(input -> fields.put(input.attr("name"), input.val()));
        fields.put("username", username);
        fields.put("password", password);
        return postForm(URI.create(form.absUrl("action")), fields);
    }

    public HttpResponse<String> send(HttpRequest request) {
        HttpRequest.Builder withCookies = HttpRequest.newBuilder(request, (name, value) -> true);
        cookies.header(request.uri()).ifPresent(header -> withCookies.header("Cookie", header));
        try {
            HttpResponse<String> response = http.send(withCookies.build(), HttpResponse.BodyHandlers.ofString());
            cookies.store(request.uri(), response.headers().allValues("Set-Cookie"));
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static boolean isRedirect(HttpResponse<?> response) {
        return response.statusCode() / 100 == 3 && response.headers().firstValue("Location").isPresent();
    }

    public static URI location(HttpResponse<?> response) {
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow(
                () -> new IllegalStateException("No Location header on " + response.statusCode() + " from " + response.uri())));
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getHost().equals(b.getHost()) && a.getPort() == b.getPort();
    }

    /** Query parameters of a URI, decoded. */
    public static Map<String, String> queryParameters(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String query = uri.getRawQuery();
        if (query == null) {
            return params;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(java.net.URLDecoder.decode(key, java.nio.charset.StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8));
        }
        return params;
    }

    /** Names of the cookies this browser would send to {@code uri}. */
    public java.util.Set<String> cookieNames(URI uri) {
        return cookies.matching(uri).stream().map(HttpCookie::getName).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Browser-like cookie store. Unlike java.net.CookieManager it sends Secure cookies to loopback
     * http origins, as browsers do for these "potentially trustworthy" origins; Keycloak marks its
     * cookies Secure even in dev mode.
     */
    private static final class CookieJar {

        private final java.util.Map<String, HttpCookie> byKey = new java.util.LinkedHashMap<>();

        synchronized void store(URI uri, java.util.List<String> setCookies) {
            for (String header : setCookies) {
                for (HttpCookie cookie : HttpCookie.parse(header)) {
                    if (cookie.getDomain() == null) {
                        cookie.setDomain(uri.getHost());
                    }
                    if (cookie.getPath() == null) {
                        cookie.setPath("/");
                    }
                    String key = cookie.getDomain() + "|" + cookie.getPath() + "|" + cookie.getName();
                    if (cookie.getMaxAge() == 0) {
                        byKey.remove(key);
                    } else {
                        byKey.put(key, cookie);
                    }
                }
            }
        }

        synchronized java.util.List<HttpCookie> matching(URI uri) {
            boolean trustworthy = "https".equals(uri.getScheme()) || "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost());
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            byKey.values().removeIf(HttpCookie::hasExpired);
            return byKey.values().stream()
                    .filter(c -> HttpCookie.domainMatches(c.getDomain(), uri.getHost()) || c.getDomain().equalsIgnoreCase(uri.getHost()))
                    .filter(c -> path.startsWith(c.getPath()) || (path + "/").equals(c.getPath()))
                    .filter(c -> !c.getSecure() || trustworthy)
                    .toList();
        }

        java.util.Optional<String> header(URI uri) {
            java.util.List<HttpCookie> cookies = matching(uri);
            if (cookies.isEmpty()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(cookies.stream().map(c -> c.getName() + "=" + c.getValue())
                    .collect(java.util.stream.Collectors.joining("; ")));
        }
    }
}
