package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.scim.schema.Projection;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** What a SCIM resource type (Users, Groups) answers; {@link ResourceCollection} routes RFC 7644 requests to it. */
interface ResourceEndpoint {

    Response list(ListRequest request);

    Response create(JsonNode body);

    Response get(String id, Projection projection, HttpHeaders headers);

    Response replace(String id, JsonNode body, HttpHeaders headers);

    Response patch(String id, JsonNode body, HttpHeaders headers, Projection projection);

    Response delete(String id, HttpHeaders headers);
}
