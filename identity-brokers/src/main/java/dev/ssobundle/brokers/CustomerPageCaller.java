package dev.ssobundle.brokers;

import jakarta.ws.rs.NotAuthorizedException;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

/**
 * The admin saving or deleting a row of the Customers page. Keycloak's component endpoint only
 * requires manage-realm; onboarding a customer writes identity providers too, so the page asks
 * for what the customers API asks ({@code manage-identity-providers} and {@code manage-realm}),
 * with Keycloak's own permission evaluator, and records the same admin events with that admin as
 * author. The component SPI does not hand the caller over, so it is read again from the request's
 * bearer token the way Keycloak's admin root does (its helper for that is not public in 26.4).
 */
record CustomerPageCaller(KeycloakSession session, RealmModel realm, AdminAuth auth) {

    /** The request's admin, who must hold manage-identity-providers and manage-realm on {@code realm} (else 403). */
    static CustomerPageCaller requireManage(KeycloakSession session, RealmModel realm) {
        CustomerPageCaller caller = new CustomerPageCaller(session, realm, authenticate(session, realm));
        AdminPermissionEvaluator permissions = AdminPermissions.evaluator(session, realm, caller.auth);
        permissions.realm().requireManageIdentityProviders();
        permissions.realm().requireManageRealm();
        return caller;
    }

    CustomerAudit audit() {
        return new CustomerAudit(session, new AdminEventBuilder(realm, auth, session, session.getContext().getConnection()));
    }

    private static AdminAuth authenticate(KeycloakSession session, RealmModel target) {
        String tokenString = AppAuthManager.extractAuthorizationHeaderToken(session.getContext().getRequestHeaders());
        if (tokenString == null) {
            throw new NotAuthorizedException("Bearer");
        }
        AccessToken unverified;
        try {
            unverified = new JWSInput(tokenString).readJsonContent(AccessToken.class);
        } catch (JWSInputException e) {
            throw new NotAuthorizedException("Bearer token format error");
        }
        String issuer = unverified.getIssuer();
        RealmModel authRealm = issuer == null ? null : session.realms().getRealmByName(issuer.substring(issuer.lastIndexOf('/') + 1));
        if (authRealm == null) {
            throw new NotAuthorizedException("Unknown realm in token");
        }
        // the authenticator works on the session's realm: verify in the token's realm, then give the target back
        RealmModel contextRealm = session.getContext().getRealm();
        try {
            session.getContext().setRealm(authRealm);
            AuthenticationManager.AuthResult result = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(authRealm)
                    .setConnection(session.getContext().getConnection()).setHeaders(session.getContext().getRequestHeaders())
                    .authenticate();
            if (result == null) {
                throw new NotAuthorizedException("Bearer");
            }
            ClientModel client = authRealm.getClientByClientId(result.getToken().getIssuedFor());
            return new AdminAuth(authRealm, result.getToken(), result.getUser(), client);
        } finally {
            session.getContext().setRealm(contextRealm != null ? contextRealm : target);
        }
    }
}
