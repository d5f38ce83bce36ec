package dev.ssobundle.scim;

import java.lang.invoke.MethodHandle;
import dev.ssobundle.compat.AdapterUnavailableException;
import dev.ssobundle.compat.KeycloakMethods;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * SCIM's seam to the Keycloak internals it needs, bound once at start-up. SCIM authenticates bearer
 * tokens with Keycloak's {@code BearerTokenAuthenticator} and writes admin events through
 * {@code AdminAuth} (no public SPI does either), and both speak {@code AuthResult}: a class with
 * {@code getUser()}/{@code getToken()}/{@code getClient()} in 26.4, a record with
 * {@code user()}/{@code token()}/{@code client()} from 26.5.
 */
record ScimKeycloakAdapter(MethodHandle userAccessor, MethodHandle tokenAccessor, MethodHandle clientAccessor) {

    static final String FEATURE = "scim";

    static ScimKeycloakAdapter bind() throws ReflectiveOperationException, AdapterUnavailableException {
        ScimKeycloakAdapter adapter = new ScimKeycloakAdapter(
                KeycloakMethods.accessor(AuthResult.class, UserModel.class, "user", "getUser"),
                KeycloakMethods.accessor(AuthResult.class, AccessToken.class, "token", "getToken"),
                KeycloakMethods.accessor(AuthResult.class, ClientModel.class, "client", "getClient"));
        // Same on every supported line; probed so that a change is refused at start-up.
        AuthResult.class.getConstructor(UserModel.class, org.keycloak.models.UserSessionModel.class, AccessToken.class, ClientModel.class);
        AppAuthManager.BearerTokenAuthenticator.class.getMethod("authenticate");
        AdminAuth.class.getConstructor(org.keycloak.models.RealmModel.class, AccessToken.class, UserModel.class, ClientModel.class);
        return adapter;
    }

    UserModel user(AuthResult auth) {
        return (UserModel) call(userAccessor, auth);
    }

    AccessToken token(AuthResult auth) {
        return (AccessToken) call(tokenAccessor, auth);
    }

    ClientModel client(AuthResult auth) {
        return (ClientModel) call(clientAccessor, auth);
    }

    private static Object call(MethodHandle accessor, AuthResult auth) {
        return KeycloakMethods.call(() -> accessor.invoke(auth));
    }
}
