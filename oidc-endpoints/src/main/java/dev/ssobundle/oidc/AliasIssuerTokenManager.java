package dev.ssobundle.oidc;

import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.Urls;

/**
 * Keycloak's own token manager, issuing through the alias: access tokens (and the ID tokens that
 * copy their issuer) carry the alias issuer. Refresh tokens are opaque to clients and keep
 * Keycloak's issuer, so Keycloak's own refresh-token verification accepts them unchanged.
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

    @Override
    protected AccessToken initToken(KeycloakSession session, RealmModel realm, ClientModel client, UserModel user,
                                    UserSessionModel userSession, ClientSessionContext clientSessionCtx, boolean isOffline) {
        AccessToken token = super.initToken(session, realm, client, user, userSession, clientSessionCtx, isOffline);
        token.issuer(aliasIssuer);
        return token;
    }

    @Override
    public AccessTokenResponseBuilder responseBuilder(RealmModel realm, ClientModel client, EventBuilder event, KeycloakSession session,
                                                      UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        String keycloakIssuer = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
        return new AccessTokenResponseBuilder(realm, client, event, session, userSession, clientSessionCtx, this) {
            @Override
            public AccessTokenResponseBuilder generateRefreshToken() {
                super.generateRefreshToken();
                keepKeycloakIssuer(getRefreshToken(), keycloakIssuer);
                return this;
            }

            @Override
            public AccessTokenResponseBuilder generateRefreshToken(RefreshToken oldRefreshToken,
                                                                   org.keycloak.models.AuthenticatedClientSessionModel clientSession) {
                super.generateRefreshToken(oldRefreshToken, clientSession);
                keepKeycloakIssuer(getRefreshToken(), keycloakIssuer);
                return this;
            }
        };
    }

    private void keepKeycloakIssuer(RefreshToken refreshToken, String keycloakIssuer) {
        if (refreshToken != null && aliasIssuer.equals(refreshToken.getIssuer())) {
            refreshToken.issuer(keycloakIssuer);
            refreshToken.audience(keycloakIssuer);
        }
    }
}
