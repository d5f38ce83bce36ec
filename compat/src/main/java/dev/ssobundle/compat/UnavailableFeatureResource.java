package dev.ssobundle.compat;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * Stands in for a refused feature's JAX-RS resource: every method on every path below it answers
 * 503 with the body the feature chose (its own error format: OAuth, SCIM, ...). JAX-RS needs one
 * method per HTTP verb; the paths below reach them through one sub-resource locator.
 */
public final class UnavailableFeatureResource {

    private final Response.ResponseBuilder template;
    private final Object body;
    private final String mediaType;

    public UnavailableFeatureResource(Object body, String mediaType) {
        this.template = Response.status(Response.Status.SERVICE_UNAVAILABLE);
        this.body = body;
        this.mediaType = mediaType;
    }

    private Response answer() {
        return template.clone().type(mediaType).entity(body).header("Cache-Control", "no-store").build();
    }

    @GET
    public Response get() {
        return answer();
    }

    @POST
    public Response post() {
        return answer();
    }

    @PUT
    public Response put() {
        return answer();
    }

    @PATCH
    public Response patch() {
        return answer();
    }

    @DELETE
    public Response delete() {
        return answer();
    }

    @HEAD
    public Response head() {
        return answer();
    }

    @OPTIONS
    public Response options() {
        return answer();
    }

    /** Every path below answers as the root does: the locator hands the rest of the request back to this resource. */
    @Path("{any: .+}")
    public UnavailableFeatureResource below() {
        return this;
    }
}
