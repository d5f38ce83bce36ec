package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Instant;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/scim-tokens}: realm administrators (manage-realm) generate, list and
 * revoke long-lived SCIM provisioning tokens (the same store and rules as the admin console page
 * {@link ProvisioningTokensPageFactory}). The secret is in the creation response only.
 */
public class ProvisioningTokensAdminResource {

    // a class, not a record: Keycloak's RESTEasy Reactive refuses records as resource classes at build time
    private final ProvisioningTokens tokens;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public ProvisioningTokensAdminResource(ProvisioningTokens tokens, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.tokens = tokens;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    public Response list() {
        auth.realm().requireViewRealm();
        ArrayNode listed = ScimContext.JSON.createArrayNode();
        tokens.list().forEach(t -> listed.add(describe(t)));
        return Response.ok(listed.toString(), MediaType.APPLICATION_JSON).build();
    }

    @POST
    public Response create(InputStream body) {
        auth.realm().requireManageRealm();
        JsonNode request;
        try {
            request = ScimContext.JSON.readTree(body);
        } catch (Exception e) {
            return error("The body must be JSON: {\"clientId\": \"...\", \"description\": \"...\"}.");
        }
        String clientId = request == null ? "" : request.path("clientId").asText("");
        if (clientId.isBlank()) {
            return error("clientId is required: the client (with a service account holding " + ScimAuthenticator.PROVISIONING_ROLE + ") the token acts as.");
        }
        try {
            ProvisioningTokens.Created created = tokens.create(clientId, request.path("description").asText(""));
            adminEvent.operation(OperationType.CREATE).resource(ResourceType.REALM).resourcePath("scim-tokens", created.token().id()).success();
            ObjectNode answer = describe(created.token()).put("token", created.secret());
            return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON).entity(answer.toString()).build();
        } catch (ScimException e) {
            return error(e.getMessage());
        }
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        if (!tokens.revoke(id)) {
            return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                    .entity(ScimContext.JSON.createObjectNode().put("error", "No provisioning token " + id + ".").toString()).build();
        }
        adminEvent.operation(OperationType.DELETE).resource(ResourceType.REALM).resourcePath("scim-tokens", id).success();
        return Response.noContent().build();
    }

    private static ObjectNode describe(ProvisioningTokens.Token token) {
        return ScimContext.JSON.createObjectNode().put("id", token.id()).put("clientId", token.clientId())
                .put("created", Instant.ofEpochMilli(token.created()).toString()).put("description", token.description())
                .put("prefix", token.prefix()).put("lastUsed", token.lastUsed() == 0 ? null : Instant.ofEpochMilli(token.lastUsed()).toString());
    }

    private static Response error(String message) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(ScimContext.JSON.createObjectNode().put("error", message).toString()).build();
    }
}
