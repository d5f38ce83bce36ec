package dev.ssobundle.oidc;

import dev.ssobundle.compat.AdapterUnavailableException;
import dev.ssobundle.compat.KeycloakMethods;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.List;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpoint;
import org.keycloak.protocol.oidc.endpoints.LogoutEndpoint;
import org.keycloak.protocol.oidc.endpoints.TokenEndpoint;
import org.keycloak.protocol.oidc.endpoints.TokenRevocationEndpoint;
import org.keycloak.protocol.oidc.endpoints.UserInfoEndpoint;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.IDToken;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The OIDC API's seam to Keycloak internals that differ between the supported lines, bound once at
 * start-up by probing the running server. Internal classes are needed here because the feature's
 * point is to run Keycloak's own OIDC endpoints (token issuance, userinfo mappers, logout) under
 * another path and issuer; Keycloak has no public SPI for that.
 *
 * <ul>
 *   <li>{@code TokenManager.transformUserInfoAccessToken}: 26.6+ takes the source token and a fresh
 *       userinfo token; 26.4/26.5 take only the token the mappers write into.</li>
 *   <li>{@code AuthenticationManager.AuthResult}: a record ({@code session()}) from 26.5, a class
 *       ({@code getSession()}) in 26.4.</li>
 * </ul>
 * Everything else the feature calls or overrides (endpoint constructors, the {@code TokenManager}
 * hooks {@link AliasIssuerTokenManager} overrides) is the same on every supported line; it is
 * probed here too, so that a future line that changes it refuses the feature at start-up instead
 * of failing, or silently skipping an override, on a request.
 */
record OidcKeycloakAdapter(MethodHandle transformUserInfo, boolean userInfoTakesSourceToken, MethodHandle authResultSession) {

    static final String FEATURE = "oidc-api";

    static OidcKeycloakAdapter bind() throws ReflectiveOperationException, AdapterUnavailableException {
        // 26.6 added the source token as a parameter; either form is found once, here.
        MethodHandle transformUserInfo = KeycloakMethods.firstOf(TokenManager.class, List.of("transformUserInfoAccessToken"), List.of(
                MethodType.methodType(AccessToken.class, KeycloakSession.class, AccessToken.class, AccessToken.class,
                        UserSessionModel.class, ClientSessionContext.class),
                MethodType.methodType(AccessToken.class, KeycloakSession.class, AccessToken.class, UserSessionModel.class,
                        ClientSessionContext.class)));
        boolean takesSource = transformUserInfo.type().parameterCount() == 6;
        MethodHandle session = KeycloakMethods.accessor(AuthenticationManager.AuthResult.class, UserSessionModel.class, "session", "getSession");

        // Same on every supported line; probed so that a change is refused at start-up.
        TokenEndpoint.class.getConstructor(KeycloakSession.class, TokenManager.class, EventBuilder.class);
        UserInfoEndpoint.class.getConstructor(KeycloakSession.class, TokenManager.class);
        LogoutEndpoint.class.getConstructor(KeycloakSession.class, TokenManager.class, EventBuilder.class);
        TokenRevocationEndpoint.class.getConstructor(KeycloakSession.class, EventBuilder.class);
        OIDCLoginProtocolService.class.getConstructor(KeycloakSession.class, EventBuilder.class);
        AuthorizationEndpoint.class.getConstructor(KeycloakSession.class, EventBuilder.class);
        AccessTokenIntrospectionProvider.class.getConstructor(KeycloakSession.class);
        TokenManager.class.getMethod("transformAccessToken", KeycloakSession.class, AccessToken.class, UserSessionModel.class, ClientSessionContext.class);
        TokenManager.class.getMethod("transformAccessTokenResponse", KeycloakSession.class, AccessTokenResponse.class,
                UserSessionModel.class, ClientSessionContext.class);
        TokenManager.class.getMethod("transformIDToken", KeycloakSession.class, IDToken.class, UserSessionModel.class, ClientSessionContext.class);
        return new OidcKeycloakAdapter(transformUserInfo, takesSource, session);
    }


    /** The userinfo claims Keycloak's mappers produce for {@code token}, as {@code UserInfoEndpoint} computes them. */
    AccessToken userInfoToken(TokenManager tokenManager, KeycloakSession session, AccessToken token, UserSessionModel userSession,
                              ClientSessionContext clientSessionCtx) {
        return KeycloakMethods.call(() -> userInfoTakesSourceToken
                ? (AccessToken) transformUserInfo.invoke(tokenManager, session, token, new AccessToken(), userSession, clientSessionCtx)
                : (AccessToken) transformUserInfo.invoke(tokenManager, session, new AccessToken(), userSession, clientSessionCtx));
    }

    UserSessionModel userSession(AuthenticationManager.AuthResult authResult) {
        return KeycloakMethods.call(() -> (UserSessionModel) authResultSession.invoke(authResult));
    }
}
