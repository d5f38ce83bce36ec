package dev.ssobundle.scim;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * The one gate in front of every SCIM request, discovery included: a Keycloak access token of this
 * realm or a long-lived provisioning token, held by a caller with the realm role
 * {@value #PROVISIONING_ROLE}; a refusal is a {@link ScimException} (401 with a Bearer challenge, 403).
 */
record ScimAuthenticator(KeycloakSession session, ScimKeycloakAdapter keycloak) {

    /** Realm role a provisioning client must hold; nothing under /scim answers without it. */
    static final String PROVISIONING_ROLE = "scim-provisioning";


    /** The authenticated caller, or a {@link ScimException} (401/403) saying why not. */
    AuthResult authenticate() {
        RealmModel realm = session.getContext().getRealm();
        if (realm.getName().equals(Config.getAdminRealm())) {
            // master holds the server's administrators: no provisioning client may ever manage it
            throw new ScimException(403, null, "SCIM is not served on the " + realm.getName() + " realm, which holds the server's administrators.");
        }
        AuthResult auth = bearer(realm);
        if (auth == null) {
            throw new Unauthorized("A valid bearer token of realm " + realm.getName() + " is required.", realm.getName());
        }
        RoleModel role = realm.getRole(PROVISIONING_ROLE);
        if (role == null || !keycloak.user(auth).hasRole(role)) {
            throw new ScimException(403, null, "The caller lacks the realm role " + PROVISIONING_ROLE + ".");
        }
        return auth;
    }

    /** A long-lived provisioning token acts as its client's service account; anything else must be a Keycloak access token of this realm. */
    private AuthResult bearer(RealmModel realm) {
        List<String> headers = session.getContext().getRequestHeaders().getRequestHeader(HttpHeaders.AUTHORIZATION);
        String header = headers == null || headers.size() != 1 ? null : headers.get(0).trim();
        String bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (bearer != null && bearer.startsWith(ProvisioningTokens.PREFIX)) {
            return new ProvisioningTokens(session, realm).verify(bearer).map(client -> {
                UserModel serviceAccount = session.users().getServiceAccount(client);
                if (serviceAccount == null || !serviceAccount.isEnabled() || !client.isEnabled()) {
                    return null;
                }
                AccessToken token = new AccessToken();
                token.subject(serviceAccount.getId());
                token.issuedFor(client.getClientId());
                return new AuthResult(serviceAccount, null, token, client);
            }).orElse(null);
        }
        return new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).authenticate();
    }

    /** 401 with the Bearer challenge RFC 6750 asks for. */
    static final class Unauthorized extends ScimException {

        private final String realmName;

        Unauthorized(String detail, String realmName) {
            super(401, null, detail);
            this.realmName = realmName;
        }

        Response response() {
            return ScimErrors.response(status(), null, getMessage()).header("WWW-Authenticate", "Bearer realm=\"" + realmName + "\"").build();
        }
    }
}
