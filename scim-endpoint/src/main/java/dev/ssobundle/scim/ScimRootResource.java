package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ssobundle.devsecrets.DevSecrets;
import dev.ssobundle.scim.schema.Projection;
import dev.ssobundle.scim.schema.ScimSchema;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * JAX-RS root of {@code /realms/{realm}/scim}: every request is authenticated first (401 without a
 * valid token, 403 without the provisioning role, discovery included), runs in Keycloak's request
 * transaction, and is rolled back whole when it fails, so a failing PATCH operation leaves nothing
 * half-applied. Every response, errors included, is application/scim+json.
 */
public class ScimRootResource {

    static final String SCIM_JSON = "application/scim+json";
    /** Realm role a provisioning client must hold; nothing under /scim answers without it. */
    static final String PROVISIONING_ROLE = "scim-provisioning";

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
            return ctx.json(Response.ok(), UsersEndpoint.listResponse(list.size(), 1, list));
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
            return ctx.json(Response.ok(), UsersEndpoint.listResponse(list.size(), 1, list));
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

    // ---- Users ----

    @GET
    @Path("v2/Users")
    public Response listUsers(@Context UriInfo uri) {
        return run(ctx -> new UsersEndpoint(ctx).list(ListRequest.fromQuery(uri.getQueryParameters())));
    }

    @POST
    @Path("v2/Users/.search")
    public Response searchUsers(InputStream body) {
        return run(ctx -> new UsersEndpoint(ctx).list(ListRequest.fromSearchBody(ctx.readBody(body))));
    }

    @POST
    @Path("v2/Users")
    public Response createUser(InputStream body) {
        return run(ctx -> new UsersEndpoint(ctx).create(ctx.readBody(body)));
    }

    @GET
    @Path("v2/Users/{id}")
    public Response getUser(@PathParam("id") String id, @QueryParam("attributes") String attributes,
            @QueryParam("excludedAttributes") String excluded) {
        return run(ctx -> new UsersEndpoint(ctx).get(id, Projection.of(ScimSchema.ResourceType.USER, attributes, excluded)));
    }

    @PUT
    @Path("v2/Users/{id}")
    public Response replaceUser(@PathParam("id") String id, @Context HttpHeaders headers, InputStream body) {
        return run(ctx -> new UsersEndpoint(ctx).replace(id, ctx.readBody(body), headers));
    }

    @PATCH
    @Path("v2/Users/{id}")
    public Response patchUser(@PathParam("id") String id, @Context HttpHeaders headers, InputStream body) {
        return run(ctx -> new UsersEndpoint(ctx).patch(id, ctx.readBody(body), headers));
    }

    @DELETE
    @Path("v2/Users/{id}")
    public Response deleteUser(@PathParam("id") String id, @Context HttpHeaders headers) {
        return run(ctx -> new UsersEndpoint(ctx).delete(id, headers));
    }

    // ---- Groups ----

    @GET
    @Path("v2/Groups")
    public Response listGroups(@Context UriInfo uri) {
        return run(ctx -> new GroupsEndpoint(ctx).list(ListRequest.fromQuery(uri.getQueryParameters())));
    }

    @POST
    @Path("v2/Groups/.search")
    public Response searchGroups(InputStream body) {
        return run(ctx -> new GroupsEndpoint(ctx).list(ListRequest.fromSearchBody(ctx.readBody(body))));
    }

    @POST
    @Path("v2/Groups")
    public Response createGroup(InputStream body) {
        return run(ctx -> new GroupsEndpoint(ctx).create(ctx.readBody(body)));
    }

    @GET
    @Path("v2/Groups/{id}")
    public Response getGroup(@PathParam("id") String id, @QueryParam("attributes") String attributes,
            @QueryParam("excludedAttributes") String excluded) {
        return run(ctx -> new GroupsEndpoint(ctx).get(id, Projection.of(ScimSchema.ResourceType.GROUP, attributes, excluded)));
    }

    @PUT
    @Path("v2/Groups/{id}")
    public Response replaceGroup(@PathParam("id") String id, @Context HttpHeaders headers, InputStream body) {
        return run(ctx -> new GroupsEndpoint(ctx).replace(id, ctx.readBody(body), headers));
    }

    @PATCH
    @Path("v2/Groups/{id}")
    public Response patchGroup(@PathParam("id") String id, @Context HttpHeaders headers, @QueryParam("attributes") String attributes,
            @QueryParam("excludedAttributes") String excluded, InputStream body) {
        return run(ctx -> new GroupsEndpoint(ctx).patch(id, ctx.readBody(body), headers,
                Projection.of(ScimSchema.ResourceType.GROUP, attributes, excluded)));
    }

    @DELETE
    @Path("v2/Groups/{id}")
    public Response deleteGroup(@PathParam("id") String id, @Context HttpHeaders headers) {
        return run(ctx -> new GroupsEndpoint(ctx).delete(id, headers));
    }

    // ---- plumbing ----

    /** Authenticates, runs the action, and turns every failure into a SCIM error with the transaction rolled back. */
    private Response run(Function<ScimContext, Response> action) {
        RealmModel realm = session.getContext().getRealm();
        AuthResult auth = authenticate(realm);
        if (auth == null) {
            return ScimErrors.response(Response.Status.UNAUTHORIZED, null, "A valid bearer token of realm " + realm.getName() + " is required.")
                    .header("WWW-Authenticate", "Bearer realm=\"" + realm.getName() + "\"").build();
        }
        RoleModel role = realm.getRole(PROVISIONING_ROLE);
        if (role == null || !keycloak.user(auth).hasRole(role)) {
            return ScimErrors.response(Response.Status.FORBIDDEN, null, "The caller lacks the realm role " + PROVISIONING_ROLE + ".").build();
        }
        var devSecret = auth.client() == null ? java.util.Optional.<DevSecrets.Refusal>empty()
                : devSecretRefusal(realm.getName(), auth.client());
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

    /** A long-lived provisioning token acts as its client's service account; anything else must be a Keycloak access token of this realm. */
    private AuthResult authenticate(RealmModel realm) {
        java.util.List<String> headers = session.getContext().getRequestHeaders().getRequestHeader(HttpHeaders.AUTHORIZATION);
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

    private void rollback() {
        if (session.getTransactionManager().isActive()) {
            session.getTransactionManager().setRollbackOnly();
        }
    }
}
