package dev.ssobundle.oidc;

import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.messages.Messages;
import org.keycloak.forms.login.LoginFormsProvider;
import org.jboss.logging.Logger;

/**
 * Encvoy's bare {@code session/end} (what Nextcloud Social Login opens verbatim: no id_token_hint,
 * no client_id): the browser's own SSO session ends at once, through Keycloak's browser logout
 * (front- and back-channel logout of the clients included), without a confirmation page.
 * Enabled per realm: it lets any page log the user out by navigation.
 */
record BareLogout(KeycloakSession session, OidcKeycloakAdapter keycloak) {

    private static final Logger LOG = Logger.getLogger(BareLogout.class);

    Response logout() {
        RealmModel realm = session.getContext().getRealm();
        AuthenticationManager.AuthResult authResult = AuthenticationManager.authenticateIdentityCookie(session, realm, false);
        if (authResult == null) {
            LOG.debugf("Bare logout in realm %s without a browser session", realm.getName());
            return session.getProvider(LoginFormsProvider.class).setSuccess(Messages.SUCCESS_LOGOUT).createInfoPage();
        }
        UserSessionModel userSession = keycloak.userSession(authResult);
        new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.LOGOUT)
                .user(userSession.getUser()).session(userSession).detail("logout_mode", "bare session/end");
        userSession.setNote(AuthenticationManager.KEYCLOAK_LOGOUT_PROTOCOL, OIDCLoginProtocol.LOGIN_PROTOCOL);
        return AuthenticationManager.browserLogout(session, realm, userSession, session.getContext().getUri(),
                session.getContext().getConnection(), session.getContext().getRequestHeaders());
    }
}
