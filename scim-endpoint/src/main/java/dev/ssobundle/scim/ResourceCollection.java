package dev.ssobundle.scim;

import dev.ssobundle.scim.schema.Projection;
import dev.ssobundle.scim.schema.ScimSchema.ResourceType;
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
import java.util.function.Function;

/**
 * Sub-resource for {@code /Users} or {@code /Groups}: the RFC 7644 routes (list, .search, create,
 * get, replace, patch, delete) once, each run through {@link ScimRootResource#run} (authentication,
 * rollback on failure, SCIM errors) and answered by the resource type's {@link ResourceEndpoint}.
 */
public class ResourceCollection {

    private final ScimRootResource root;
    private final ResourceType type;
    private final Function<ScimContext, ResourceEndpoint<?>> endpoint;

    ResourceCollection(ScimRootResource root, ResourceType type, Function<ScimContext, ResourceEndpoint<?>> endpoint) {
        this.root = root;
        this.type = type;
        this.endpoint = endpoint;
    }

    @GET
    public Response list(@Context UriInfo uri) {
        return root.run(ctx -> endpoint.apply(ctx).list(ListRequest.fromQuery(uri.getQueryParameters())));
    }

    @POST
    @Path(".search")
    public Response search(InputStream body) {
        return root.run(ctx -> endpoint.apply(ctx).list(ListRequest.fromSearchBody(ctx.readBody(body))));
    }

    @POST
    public Response create(InputStream body) {
        return root.run(ctx -> endpoint.apply(ctx).create(ctx.readBody(body)));
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @QueryParam("attributes") String attributes,
            @QueryParam("excludedAttributes") String excluded, @Context HttpHeaders headers) {
        return root.run(ctx -> endpoint.apply(ctx).get(id, Projection.of(type, attributes, excluded), headers));
    }

    @PUT
    @Path("{id}")
    public Response replace(@PathParam("id") String id, @Context HttpHeaders headers, InputStream body) {
        return root.run(ctx -> endpoint.apply(ctx).replace(id, ctx.readBody(body), headers));
    }

    @PATCH
    @Path("{id}")
    public Response patch(@PathParam("id") String id, @Context HttpHeaders headers, @QueryParam("attributes") String attributes,
            @QueryParam("excludedAttributes") String excluded, InputStream body) {
        return root.run(ctx -> endpoint.apply(ctx).patch(id, ctx.readBody(body), headers, Projection.of(type, attributes, excluded)));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context HttpHeaders headers) {
        return root.run(ctx -> endpoint.apply(ctx).delete(id, headers));
    }
}
