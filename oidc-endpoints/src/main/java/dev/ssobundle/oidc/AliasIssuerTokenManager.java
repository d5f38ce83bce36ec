package dev.ssobundle.oidc;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.Urls;

/**
 * Keycloak's own token manager, issuing through the alias: access tokens (and the ID tokens that
 * copy their issuer) carry the alias issuer. Refresh tokens are opaque to clients and keep
 * Keycloak's issuer, so Keycloak's own refresh-token verification accepts them unchanged.
 *
 * <p>Only hooks that are the same on every supported Keycloak line are overridden
 * ({@code transformAccessToken}, {@code transformIDToken}, {@code transformAccessTokenResponse};
 * {@link OidcKeycloakAdapter} probes them at start-up): {@code initToken} and the
 * {@code AccessTokenResponseBuilder} constructor changed signature between 26.5, 26.6 and 26.7.
 */
final class AliasIssuerTokenManager extends TokenManager {

    private final String aliasIssuer;
    private final String legacySubjectAttribute;

    AliasIssuerTokenManager(String aliasIssuer, String legacySubjectAttribute) {
        this.aliasIssuer = aliasIssuer;
        this.legacySubjectAttribute = legacySubjectAttribute;
    }

    /**
     * ID tokens carry the user's Encvoy subject when the realm names a legacy-subject attribute and
     * the user has it, so migrated users keep their accounts in the applications. Access tokens keep
     * Keycloak's subject: Keycloak matches it against the user session when they come back.
     */
    @Override
    public IDToken transformIDToken(KeycloakSession session, IDToken token, UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        IDToken transformed = super.transformIDToken(session, token, userSession, clientSessionCtx);
        String legacySubject = LegacySubject.of(session, userSession == null ? null : userSession.getUser(), legacySubjectAttribute);
        if (legacySubject != null) {
            transformed.subject(legacySubject);
        }
        return transformed;
    }

    /** Called right after Keycloak builds the access token (and before the refresh token copies its issuer). */
    @Override
    public AccessToken transformAccessToken(KeycloakSession session, AccessToken token, UserSessionModel userSession,
                                            ClientSessionContext clientSessionCtx) {
        AccessToken transformed = super.transformAccessToken(session, token, userSession, clientSessionCtx);
        transformed.issuer(aliasIssuer);
        return transformed;
    }

    /**
     * Last step of every token response: the refresh token, which copied the alias issuer from the
     * access token, is signed again with Keycloak's issuer (and audience), as Keycloak's refresh,
     * revocation and logout code expect it. Same key and algorithm as Keycloak's own encoding.
     */
    @Override
    public AccessTokenResponse transformAccessTokenResponse(KeycloakSession session, AccessTokenResponse response,
                                                            UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        AccessTokenResponse transformed = super.transformAccessTokenResponse(session, response, userSession, clientSessionCtx);
        String encoded = transformed.getRefreshToken();
        if (encoded != null) {
            RefreshToken refreshToken = session.tokens().decode(encoded, RefreshToken.class);
            if (refreshToken != null && aliasIssuer.equals(refreshToken.getIssuer())) {
                String keycloakIssuer = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), session.getContext().getRealm().getName());
                refreshToken.issuer(keycloakIssuer);
                refreshToken.audience(keycloakIssuer);
                transformed.setRefreshToken(session.tokens().encode(refreshToken));
            }
        }
        return transformed;
    }
}
