package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ssobundle.devsecrets.DevSecrets;
import dev.ssobundle.scim.schema.ScimSchema;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * JAX-RS root of {@code /realms/{realm}/scim}: every request is authenticated first (401 without a
 * valid token, 403 without the provisioning role, discovery included), runs in Keycloak's request
 * transaction, and is rolled back whole when it fails, so a failing PATCH operation leaves nothing
 * half-applied. Every response, errors included, is application/scim+json.
 */
public class ScimRootResource {

    static final String SCIM_JSON = "application/scim+json";

    private static final Logger LOG = Logger.getLogger(ScimRootResource.class);

    private final KeycloakSession session;
    private final ScimKeycloakAdapter keycloak;

    ScimRootResource(KeycloakSession session, ScimKeycloakAdapter keycloak) {
        this.session = session;
        this.keycloak = keycloak;
    }

    // ---- discovery ----

    @GET
    @Path("v2/ServiceProviderConfig")
    public Response serviceProviderConfig() {
        return run(ctx -> ctx.json(Response.ok(), new Discovery(ctx.baseUri).serviceProviderConfig()));
    }

    @GET
    @Path("v2/ResourceTypes")
    public Response resourceTypes() {
        return run(ctx -> {
            ArrayNode types = new Discovery(ctx.baseUri).resourceTypes();
            List<com.fasterxml.jackson.databind.node.ObjectNode> list = new ArrayList<>();
            types.forEach(t -> list.add((com.fasterxml.jackson.databind.node.ObjectNode) t));
            return ctx.json(Response.ok(), ListResponse.of(list.size(), 1, list));
        });
    }

    @GET
    @Path("v2/ResourceTypes/{name}")
    public Response resourceType(@PathParam("name") String name) {
        return run(ctx -> {
            for (ScimSchema.ResourceType type : ScimSchema.ResourceType.values()) {
                if (type.core().name().equalsIgnoreCase(name)) {
                    return ctx.json(Response.ok(), new Discovery(ctx.baseUri).resourceType(type));
                }
            }
            throw ScimException.notFound("No resource type " + name + "; there are User and Group.");
        });
    }

    @GET
    @Path("v2/Schemas")
    public Response schemas() {
        return run(ctx -> {
            Discovery discovery = new Discovery(ctx.baseUri);
            List<com.fasterxml.jackson.databind.node.ObjectNode> list = new ArrayList<>();
            discovery.schemas().forEach(s -> list.add(discovery.schema(s)));
            return ctx.json(Response.ok(), ListResponse.of(list.size(), 1, list));
        });
    }

    @GET
    @Path("v2/Schemas/{id}")
    public Response schema(@PathParam("id") String id) {
        return run(ctx -> {
            Discovery discovery = new Discovery(ctx.baseUri);
            for (ScimSchema schema : discovery.schemas()) {
                if (schema.urn().equalsIgnoreCase(id)) {
                    return ctx.json(Response.ok(), discovery.schema(schema));
                }
            }
            throw ScimException.notFound("No schema " + id + ".");
        });
    }

    // ---- resource types (sub-resource locators) ----

    @Path("v2/Users")
    public ResourceCollection users() {
        return new ResourceCollection(this, ScimSchema.ResourceType.USER, UsersEndpoint::new);
    }

    @Path("v2/Groups")
    public ResourceCollection groups() {
        return new ResourceCollection(this, ScimSchema.ResourceType.GROUP, GroupsEndpoint::new);
    }

    // ---- plumbing ----

    /** Authenticates, runs the action, and turns every failure into a SCIM error with the transaction rolled back. */
    Response run(Function<ScimContext, Response> action) {
        RealmModel realm = session.getContext().getRealm();
        AuthResult auth;
        try {
            auth = new ScimAuthenticator(session, keycloak).authenticate();
        } catch (ScimAuthenticator.Unauthorized e) {
            return e.response();
        } catch (ScimException e) {
            return ScimErrors.response(e);
        }
        org.keycloak.models.ClientModel caller = keycloak.client(auth);
        var devSecret = caller == null ? java.util.Optional.<DevSecrets.Refusal>empty() : devSecretRefusal(realm.getName(), caller);
        if (devSecret.isPresent()) {
            return ScimErrors.response(Response.Status.SERVICE_UNAVAILABLE, null, devSecret.get().reason()).header("Retry-After", "3600").build();
        }
        try {
            return action.apply(new ScimContext(session, auth, keycloak));
        } catch (ScimException e) {
            rollback();
            LOG.debugf("SCIM request refused in realm %s: %d %s", realm.getName(), e.status(), e.getMessage());
            return ScimErrors.response(e);
        } catch (ModelDuplicateException e) {
            rollback();
            return ScimErrors.response(409, "uniqueness", "The resource conflicts with an existing one: " + e.getMessage()).build();
        } catch (ModelException e) {
            rollback();
            LOG.warnf("SCIM request rejected by Keycloak in realm %s: %s", realm.getName(), e.getMessage());
            return ScimErrors.response(400, "invalidValue", "Keycloak rejected the change: " + e.getMessage()).build();
        }
    }

    /**
     * In production mode, a provisioning client whose secret is a published development value (the demo
     * realm's {@code scim-secret}) is refused with 503 until its secret is regenerated.
     */
    static java.util.Optional<DevSecrets.Refusal> devSecretRefusal(String realmName, org.keycloak.models.ClientModel client) {
        return DevSecrets.refusal(realmName, "SCIM provisioning", "client secret of " + client.getClientId(), client.getSecret());
    }

    private void rollback() {
        if (session.getTransactionManager().isActive()) {
            session.getTransactionManager().setRollbackOnly();
        }
    }
}
