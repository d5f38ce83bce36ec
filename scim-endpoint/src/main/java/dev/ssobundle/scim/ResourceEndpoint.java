package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.scim.filter.FilterEvaluator;
import dev.ssobundle.scim.schema.Projection;
import dev.ssobundle.scim.schema.ResourceNormalizer;
import dev.ssobundle.scim.schema.ScimSchema;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/**
 * A SCIM resource type (Users, Groups) over one Keycloak model; {@link ResourceCollection} routes RFC
 * 7644 requests to it. What both types answer alike is written here once: GET with ETag and
 * If-None-Match, the If-Match precondition of every write, admin events, and the shape of list,
 * create, update and delete answers. A subclass says how to find, version and represent its model
 * and how to list, create, replace and patch it.
 *
 * @param <M> the Keycloak model ({@code UserModel}, {@code GroupModel})
 */
abstract class ResourceEndpoint<M> {

    protected final ScimContext ctx;
    protected final ScimSchema.ResourceType type;
    protected final FilterEvaluator evaluator;
    protected final ResourceNormalizer normalizer;

    ResourceEndpoint(ScimContext ctx, ScimSchema.ResourceType type) {
        this.ctx = ctx;
        this.type = type;
        this.evaluator = new FilterEvaluator(type);
        this.normalizer = new ResourceNormalizer(type);
    }

    abstract Response list(ListRequest request);

    abstract Response create(JsonNode body);

    abstract Response replace(String id, JsonNode body, HttpHeaders headers);

    abstract Response patch(String id, JsonNode body, HttpHeaders headers, Projection projection);

    abstract Response delete(String id, HttpHeaders headers);

    /** The resource SCIM may see under {@code id}, else null (absent, or hidden from SCIM). */
    abstract M visible(String id);

    /** The resource SCIM may see under {@code id}, else 404: what SCIM does not manage does not exist for it. */
    final M find(String id) {
        M resource = visible(id);
        if (resource == null) {
            throw ScimException.notFound("No " + type.core().name().toLowerCase(Locale.ROOT) + " with id " + id + ".");
        }
        return resource;
    }

    /** Its meta.version (weak ETag), from what Keycloak stores. */
    abstract String version(M resource);

    /** Its SCIM representation, reading the costly attributes (groups, members) only if the projection returns them. */
    abstract ObjectNode representation(M resource, Projection projection);

    /** Refuses (403) a write to a resource SCIM may read but not change; by default every found resource may be changed. */
    void checkWritable(M resource) {
    }

    /** RFC 7232 §3.2 and RFC 7644 §3.14: 304 when If-None-Match names the current version, else 200 with the resource and its ETag. */
    final Response get(String id, Projection projection, HttpHeaders headers) {
        M resource = find(id);
        String version = version(resource);
        if (ResourceVersion.notModified(headers, version)) {
            return Response.notModified(ResourceVersion.etag(version)).build();
        }
        ObjectNode json = representation(resource, projection);
        return ctx.json(Response.ok().tag(ResourceVersion.etag(json)), projection.apply(json));
    }

    /** The resource a write names, once the caller may change it and its If-Match holds (else 404, 403, 412). */
    final M forWrite(String id, HttpHeaders headers) {
        M resource = find(id);
        checkWritable(resource);
        ResourceVersion.checkIfMatch(headers, version(resource));
        return resource;
    }

    /**
     * One listing the database windows itself, in its own order (reversed for a descending sort): the
     * total is counted first, then at most one page is read.
     */
    final Response databasePage(ListRequest request, long total, Rows<M> rows, Function<M, ObjectNode> toScim) {
        List<ObjectNode> page = new ArrayList<>();
        ListRequest.Window requested = request.window(total);
        if (!requested.isEmpty(total)) {
            try (Stream<M> read = rows.read(requested.first(), requested.max())) {
                read.forEach(row -> page.add(toScim.apply(row)));
            }
        }
        if (request.descending()) {
            Collections.reverse(page);
        }
        return listed(total, request.startIndex(), page);
    }

    final Response listed(long total, int startIndex, List<ObjectNode> page) {
        return ctx.json(Response.ok(), ListResponse.of(total, startIndex, page));
    }

    /** 201 with Location and ETag; the admin event carries the whole representation, as Keycloak's admin API does. */
    final Response created(String id, ObjectNode json) {
        adminEvent(OperationType.CREATE, id, json);
        return ctx.json(Response.created(URI.create(json.path("meta").path("location").asText())).tag(ResourceVersion.etag(json)), json);
    }

    /** 200 with the projected representation and its new ETag. */
    final Response updated(String id, ObjectNode json, Projection projection) {
        adminEvent(OperationType.UPDATE, id, json);
        return ctx.json(Response.ok().tag(ResourceVersion.etag(json)), projection.apply(json));
    }

    /** 204 with only the new ETag, for a PATCH the client asked nothing back from (RFC 7644 §3.5.2). */
    final Response updatedWithoutBody(String id, ObjectNode json) {
        adminEvent(OperationType.UPDATE, id, json);
        return Response.noContent().tag(ResourceVersion.etag(json)).build();
    }

    final Response deleted(String id) {
        adminEvent(OperationType.DELETE, id, null);
        return Response.noContent().build();
    }

    /** Recorded as Keycloak's admin API records the same change to a user or group. */
    private void adminEvent(OperationType operation, String id, ObjectNode representation) {
        boolean user = type == ScimSchema.ResourceType.USER;
        ctx.adminEvent(operation, user ? ResourceType.USER : ResourceType.GROUP, (user ? "users/" : "groups/") + id, representation);
    }
}
