package dev.ssobundle.oidc;

import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpoint;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keycloak's authorization endpoint, with the alias issuer recorded in the authentication session:
 * Keycloak copies that note into the authorization response {@code iss} parameter (RFC 9207) and
 * into back-channel logout tokens of the client session.
 */
final class AliasAuthorizationEndpoint extends AuthorizationEndpoint {

    private final String aliasIssuer;

    AliasAuthorizationEndpoint(KeycloakSession session, EventBuilder event, String aliasIssuer) {
        super(session, event);
        this.aliasIssuer = aliasIssuer;
    }

    @Override
    protected Response handleBrowserAuthenticationRequest(AuthenticationSessionModel authSession, LoginProtocol protocol,
                                                          boolean isPassive, boolean redirectToAuthentication) {
        authSession.setClientNote(OIDCLoginProtocol.ISSUER, aliasIssuer);
        return super.handleBrowserAuthenticationRequest(authSession, protocol, isPassive, redirectToAuthentication);
    }
}
