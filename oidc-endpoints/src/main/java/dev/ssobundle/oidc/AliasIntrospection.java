package dev.ssobundle.oidc;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.protocol.oidc.utils.AuthorizeClientUtil;

/**
 * {@code token/introspection}: Keycloak's client authentication and introspection provider; access
 * tokens are checked against the alias issuer (the response's {@code iss} is the token's, i.e. the
 * alias), refresh tokens go to Keycloak's refresh-token introspection unchanged.
 */
record AliasIntrospection(KeycloakSession session, String aliasIssuer, EventBuilder event) {

    AliasIntrospection {
        event = event.event(EventType.INTROSPECT_TOKEN);
    }

    Response introspect() {
        ClientModel client;
        try {
            client = AuthorizeClientUtil.authorizeClient(session, event, null).getClient();
        } catch (WebApplicationException e) {
            return OAuthErrorResponses.clientFriendly(e.getResponse(), session.getContext().getRealm());
        }
        if (client == null || client.isPublicClient()) {
            event.error(Errors.NOT_ALLOWED);
            return error(Response.Status.FORBIDDEN, "invalid_request", "Client not allowed.");
        }
        MultivaluedMap<String, String> form = session.getContext().getHttpRequest().getDecodedFormParameters();
        String token = form.getFirst("token");
        if (token == null) {
            event.error(Errors.INVALID_REQUEST);
            return error(Response.Status.BAD_REQUEST, "invalid_request", "Token not provided.");
        }
        String hint = form.getFirst("token_type_hint");
        TokenIntrospectionProvider provider = hint == null || hint.equals("access_token")
                ? new AliasAccessTokenValidator(session, aliasIssuer, true)
                : session.getProvider(TokenIntrospectionProvider.class, hint);
        if (provider == null) {
            event.error(Errors.INVALID_REQUEST);
            return error(Response.Status.BAD_REQUEST, "invalid_request", "Unsupported token type.");
        }
        return provider.introspect(token, event);
    }

    private static Response error(Response.Status status, String error, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", error, "error_description", description)).build();
    }
}
