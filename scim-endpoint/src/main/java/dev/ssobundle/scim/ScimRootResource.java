package dev.ssobundle.scim;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/** JAX-RS root of {@code /realms/{realm}/scim}. */
public class ScimRootResource {

    static final String SCIM_JSON = "application/scim+json";
    /** Realm role a provisioning client must hold; nothing under /scim answers without it. */
    static final String PROVISIONING_ROLE = "scim-provisioning";

    private final KeycloakSession session;

    public ScimRootResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("v2/ServiceProviderConfig")
    @Produces(SCIM_JSON)
    public Response serviceProviderConfig() {
        Response denied = denyUnlessProvisioner();
        if (denied != null) {
            return denied;
        }
        Map<String, Object> config = Map.of(
                "schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"),
                "patch", Map.of("supported", true),
                "bulk", Map.of("supported", false, "maxOperations", 0, "maxPayloadSize", 0),
                "filter", Map.of("supported", true, "maxResults", 200),
                "changePassword", Map.of("supported", false),
                "sort", Map.of("supported", false),
                "etag", Map.of("supported", false),
                "authenticationSchemes", List.of(Map.of(
                        "type", "oauthbearertoken",
                        "name", "OAuth Bearer Token",
                        "description", "Keycloak access token of a client holding the realm role " + PROVISIONING_ROLE)));
        return Response.ok(config, SCIM_JSON).build();
    }

    /** 401 without a valid bearer token of this realm, 403 without the provisioning role. */
    private Response denyUnlessProvisioner() {
        RealmModel realm = session.getContext().getRealm();
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).authenticate();
        if (auth == null) {
            return ScimErrors.response(Response.Status.UNAUTHORIZED, null, "A valid bearer token of realm " + realm.getName() + " is required.")
                    .header("WWW-Authenticate", "Bearer realm=\"" + realm.getName() + "\"").build();
        }
        RoleModel role = realm.getRole(PROVISIONING_ROLE);
        if (role == null || !auth.user().hasRole(role)) {
            return ScimErrors.response(Response.Status.FORBIDDEN, null, "The caller lacks the realm role " + PROVISIONING_ROLE + ".").build();
        }
        return null;
    }
}
