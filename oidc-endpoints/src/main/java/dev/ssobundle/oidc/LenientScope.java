package dev.ssobundle.oidc;

import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.keycloak.models.ClientModel;

/**
 * Encvoy's scope handling: {@code openid} always first, scopes the client does not have dropped
 * rather than fatal (Keycloak would answer {@code invalid_scope}).
 */
final class LenientScope {

    static final String OPENID = "openid";

    private LenientScope() {
    }

    static String normalize(String requested, ClientModel client) {
        Set<String> allowed = new LinkedHashSet<>();
        allowed.addAll(client.getClientScopes(true).keySet());
        allowed.addAll(client.getClientScopes(false).keySet());
        return normalize(requested, allowed);
    }

    /** Pure part, unit-tested: keeps the requested order, de-duplicates, drops unknown scopes, puts openid first. */
    static String normalize(String requested, Set<String> clientScopes) {
        Set<String> kept = new LinkedHashSet<>();
        kept.add(OPENID);
        List<String> asked = requested == null ? List.of() : Arrays.asList(requested.trim().split("\\s+"));
        for (String scope : asked) {
            if (!scope.isEmpty() && clientScopes.contains(scope)) {
                kept.add(scope);
            }
        }
        return String.join(" ", kept);
    }

    /**
     * The same authorization request with another scope, as a path-relative URL ({@code auth?...})
     * so that it stays on whatever public host and path the browser used (host root through nginx).
     */
    static String sameRequestWithScope(URI requestUri, MultivaluedMap<String, String> params, String scope) {
        String path = requestUri.getPath();
        String lastSegment = path.substring(path.lastIndexOf('/') + 1);
        StringJoiner query = new StringJoiner("&");
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            if (param.getKey().equals("scope")) {
                continue;
            }
            for (String value : param.getValue()) {
                query.add(encode(param.getKey()) + "=" + encode(value));
            }
        }
        query.add("scope=" + encode(scope));
        return lastSegment + "?" + query;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
