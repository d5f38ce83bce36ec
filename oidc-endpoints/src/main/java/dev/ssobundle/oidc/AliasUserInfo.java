package dev.ssobundle.oidc;

import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.events.Errors;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.services.util.MtlsHoKTokenUtil;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.util.DefaultClientSessionContext;
import org.keycloak.util.TokenUtil;

/**
 * {@code /me}: the token is validated by Keycloak's checks against the alias issuer, the claims
 * come from Keycloak's userinfo protocol mappers, plus Encvoy's extra claims.
 */
record AliasUserInfo(KeycloakSession session, OidcAliasRealmConfig config, OidcKeycloakAdapter keycloak) {

    Response respond(MultivaluedMap<String, String> form) {
        RealmModel realm = session.getContext().getRealm();
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.USER_INFO_REQUEST)
                .detail(Details.AUTH_METHOD, Details.VALIDATE_ACCESS_TOKEN);

        String tokenString = presentedToken(form);
        if (tokenString == null) {
            event.detail(Details.REASON, "Missing token");
            event.error("invalid_token");
            return unauthorized(null, null);
        }

        AliasAccessTokenValidator validator = new AliasAccessTokenValidator(session, config.issuer(), false);
        AccessToken token = validator.validateForUserInfo(tokenString, config.endpointBase() + "/me", event);
        if (token == null) {
            return unauthorized("invalid_token", "Token verification failed");
        }
        if (!TokenUtil.hasScope(token.getScope(), OAuth2Constants.SCOPE_OPENID)) {
            return Response.status(Response.Status.FORBIDDEN)
                    .header(HttpHeaders.WWW_AUTHENTICATE, OAuthErrorResponses.bearerChallenge(realm, "insufficient_scope", "Missing openid scope"))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "insufficient_scope", "error_description", "Missing openid scope"))
                    .build();
        }

        UserSessionModel userSession = validator.userSession();
        UserModel user = userSession.getUser();
        ClientModel client = realm.getClientByClientId(token.getIssuedFor());
        session.getContext().setClient(client);
        event.client(client).user(user).session(userSession.getId()).detail(Details.USERNAME, user.getUsername());
        // certificate-bound tokens (RFC 8705), checked as Keycloak's userinfo endpoint checks them
        if (OIDCAdvancedConfigWrapper.fromClientModel(client).isUseMtlsHokToken()
                && !MtlsHoKTokenUtil.verifyTokenBindingWithClientCertificate(token, session.getContext().getHttpRequest(), session)) {
            event.detail(Details.REASON, "Client certificate missing or not the one the token is bound to");
            event.error(Errors.NOT_ALLOWED);
            return unauthorized("invalid_token", "Token bound to a client certificate that this request does not present");
        }

        AuthenticatedClientSessionModel clientSession = userSession.getAuthenticatedClientSessionByClient(client.getId());
        ClientSessionContext clientSessionCtx = DefaultClientSessionContext.fromClientSessionAndScopeParameter(clientSession, token.getScope(), session);
        TokenManager tokenManager = new TokenManager();
        AccessToken userInfo = keycloak.userInfoToken(tokenManager, session, token, userSession, clientSessionCtx);
        Map<String, Object> claims = new LinkedHashMap<>(tokenManager.generateUserInfoClaims(userInfo, user));
        try {
            EncvoyClaims.addTo(session, claims, user, client, token.getScope(), config);
        } catch (LegacySubject.NotUnique e) {
            event.detail(Details.REASON, "legacy subject not unique");
            event.error(LegacySubject.NOT_UNIQUE);
            return unauthorized("invalid_token", LegacySubject.NotUnique.DESCRIPTION);
        }
        event.success();

        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(claims, MediaType.APPLICATION_JSON_TYPE).cacheControl(noStore).build();
    }

    /** Header first (RFC 6750 2.1), then form body (2.2), then the query string (2.3) when the realm allows it. */
    private String presentedToken(MultivaluedMap<String, String> form) {
        AppAuthManager.AuthHeader header = AppAuthManager.extractAuthorizationHeaderTokenOrReturnNull(session.getContext().getRequestHeaders());
        if (header != null && header.getToken() != null) {
            return header.getToken();
        }
        if (form != null && form.getFirst(OAuth2Constants.ACCESS_TOKEN) != null) {
            return form.getFirst(OAuth2Constants.ACCESS_TOKEN);
        }
        List<String> query = session.getContext().getUri().getQueryParameters().get(OAuth2Constants.ACCESS_TOKEN);
        if (query != null && !query.isEmpty() && config.queryAccessTokenAllowed()) {
            return query.get(0);
        }
        return null;
    }

    private Response unauthorized(String error, String description) {
        Response.ResponseBuilder response = Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, OAuthErrorResponses.bearerChallenge(session.getContext().getRealm(), error, description));
        if (error != null) {
            response.type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", error, "error_description", description));
        }
        return response.build();
    }
}
