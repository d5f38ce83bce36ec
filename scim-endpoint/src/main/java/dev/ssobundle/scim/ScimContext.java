package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/** What one authenticated SCIM request works with: realm, caller, base URI, admin events, body reading. */
final class ScimContext {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Request bodies above this are refused with 413 before parsing. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    final KeycloakSession session;
    final RealmModel realm;
    final AuthResult auth;
    final String baseUri;
    private final ScimKeycloakAdapter keycloak;
    private AdministrativePower power;

    ScimContext(KeycloakSession session, AuthResult auth, ScimKeycloakAdapter keycloak) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.auth = auth;
        this.keycloak = keycloak;
        String base = session.getContext().getUri().getBaseUri().toString();
        this.baseUri = (base.endsWith("/") ? base : base + "/") + "realms/" + realm.getName() + "/scim/v2";
    }

    JsonNode readBody(InputStream body) {
        if (body == null) {
            throw ScimException.invalidSyntax("A JSON request body is required.");
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = body.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                if (out.size() > MAX_BODY_BYTES) {
                    throw new ScimException(413, null, "The request body exceeds " + MAX_BODY_BYTES + " bytes.");
                }
            }
            if (out.size() == 0) {
                throw ScimException.invalidSyntax("A JSON request body is required.");
            }
            return JSON.readTree(out.toByteArray());
        } catch (IOException e) {
            throw ScimException.invalidSyntax("The request body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "parse error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    void adminEvent(OperationType operation, ResourceType type, String path, Object representation) {
        AdminAuth adminAuth = new AdminAuth(realm, keycloak.token(auth), keycloak.user(auth), keycloak.client(auth));
        AdminEventBuilder event = new AdminEventBuilder(realm, adminAuth, session, session.getContext().getConnection())
                .operation(operation).resource(type).resourcePath(path.split("/"));
        if (representation != null) {
            event.representation(representation);
        }
        event.success();
    }

    /** What SCIM must not touch in this realm (memoised for the request). */
    AdministrativePower power() {
        if (power == null) {
            power = new AdministrativePower(session, realm);
        }
        return power;
    }

    /** A provisioning client must not be able to take over or lock out an administrator. */
    void checkManageable(UserModel user) {
        if (power().isProtected(user)) {
            throw new ScimException(403, null, "User " + user.getId() + " administers the realm or is a service account; SCIM does not manage it.");
        }
    }

    Response json(Response.ResponseBuilder builder, JsonNode body) {
        try {
            return builder.type(ScimRootResource.SCIM_JSON).entity(JSON.writeValueAsString(body)).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
