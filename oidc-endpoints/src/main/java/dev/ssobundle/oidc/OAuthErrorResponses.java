package dev.ssobundle.oidc;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/** Small corrections of Keycloak's token-endpoint error responses towards RFC 6749 section 5.2. */
final class OAuthErrorResponses {

    private OAuthErrorResponses() {
    }

    /**
     * A failed client authentication is {@code invalid_client} with 401 and {@code WWW-Authenticate}
     * (RFC 6749 section 5.2); Keycloak's client authenticators answer 401 {@code unauthorized_client}
     * without the header, which OAuth libraries (and Rocket.Chat) do not read as a credentials error.
     */
    static Response clientFriendly(Response response, RealmModel realm) {
        if (response.getStatus() != Response.Status.UNAUTHORIZED.getStatusCode()) {
            return response;
        }
        Response.ResponseBuilder corrected = Response.fromResponse(response);
        if (response.getEntity() instanceof OAuth2ErrorRepresentation error && "unauthorized_client".equals(error.getError())) {
            corrected.entity(new OAuth2ErrorRepresentation("invalid_client", error.getErrorDescription()));
        }
        if (response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE) == null) {
            corrected.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + realm.getName() + "\", error=\"invalid_client\"");
        }
        return corrected.build();
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
