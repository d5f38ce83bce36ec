package dev.ssobundle.oidc;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.RealmModel;

/** Small corrections of Keycloak's token-endpoint error responses towards RFC 6749 section 5.2. */
final class OAuthErrorResponses {

    private OAuthErrorResponses() {
    }

    /**
     * A failed client authentication (401) must carry {@code WWW-Authenticate}; Keycloak's token
     * endpoint answers {@code invalid_client} with 401 but without that header.
     */
    static Response clientFriendly(Response response, RealmModel realm) {
        if (response.getStatus() != Response.Status.UNAUTHORIZED.getStatusCode()
                || response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE) != null) {
            return response;
        }
        return Response.fromResponse(response)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + realm.getName() + "\", error=\"invalid_client\"")
                .build();
    }

    static String bearerChallenge(RealmModel realm, String error, String description) {
        StringBuilder challenge = new StringBuilder("Bearer realm=\"").append(realm.getName()).append('"');
        if (error != null) {
            challenge.append(", error=\"").append(error).append('"');
        }
        if (description != null) {
            challenge.append(", error_description=\"").append(description.replace("\"", "'")).append('"');
        }
        return challenge.toString();
    }
}
