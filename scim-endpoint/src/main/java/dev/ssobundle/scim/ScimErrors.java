package dev.ssobundle.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 7644 §3.12 error bodies, always as application/scim+json. */
final class ScimErrors {

    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScimErrors() {
    }

    static Map<String, Object> body(int status, String scimType, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemas", List.of(ERROR_SCHEMA));
        body.put("status", Integer.toString(status));
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        body.put("detail", detail);
        return body;
    }

    static Response.ResponseBuilder response(Response.Status status, String scimType, String detail) {
        return response(status.getStatusCode(), scimType, detail);
    }

    static Response.ResponseBuilder response(int status, String scimType, String detail) {
        try {
            return Response.status(status).type(ScimRootResource.SCIM_JSON).entity(JSON.writeValueAsString(body(status, scimType, detail)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Response response(ScimException e) {
        return response(e.status(), e.scimType(), e.getMessage()).build();
    }
}
