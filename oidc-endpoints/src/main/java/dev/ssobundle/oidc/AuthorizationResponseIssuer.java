package dev.ssobundle.oidc;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Keycloak puts its own issuer into the {@code iss} parameter of authorization error redirects
 * (RFC 9207) computed from the request, not from the session note; through the alias that
 * parameter must carry the alias issuer too, or strict clients reject the error response.
 */
final class AuthorizationResponseIssuer {

    private AuthorizationResponseIssuer() {
    }

    static Response withAliasIssuer(Response response, String keycloakIssuer, String aliasIssuer) {
        String location = response.getHeaderString(HttpHeaders.LOCATION);
        if (location == null || response.getStatus() / 100 != 3) {
            return response;
        }
        String rewritten = rewrite(location, keycloakIssuer, aliasIssuer);
        if (rewritten.equals(location)) {
            return response;
        }
        return Response.fromResponse(response).header(HttpHeaders.LOCATION, null).header(HttpHeaders.LOCATION, rewritten).build();
    }

    /** Pure part: replaces the value of an {@code iss} parameter (query or fragment) equal to Keycloak's issuer. */
    static String rewrite(String location, String keycloakIssuer, String aliasIssuer) {
        String from = "iss=" + URLEncoder.encode(keycloakIssuer, StandardCharsets.UTF_8);
        String to = "iss=" + URLEncoder.encode(aliasIssuer, StandardCharsets.UTF_8);
        StringBuilder result = new StringBuilder(location);
        for (String separator : new String[] {"?", "&", "#"}) {
            int at = result.indexOf(separator + from);
            while (at >= 0) {
                int valueEnd = at + separator.length() + from.length();
                boolean wholeValue = valueEnd == result.length() || result.charAt(valueEnd) == '&';
                if (wholeValue) {
                    result.replace(at + separator.length(), valueEnd, to);
                }
                at = result.indexOf(separator + from, at + 1);
            }
        }
        return result.toString();
    }
}
