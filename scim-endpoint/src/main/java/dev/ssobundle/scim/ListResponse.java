package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** RFC 7644 §3.4.2 ListResponse, the one shape of every listing (Users, Groups, discovery). */
final class ListResponse {

    static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    private ListResponse() {
    }

    static ObjectNode of(long total, int startIndex, List<ObjectNode> page) {
        ObjectNode body = ScimContext.JSON.createObjectNode();
        body.putArray("schemas").add(SCHEMA);
        body.put("totalResults", total);
        body.put("startIndex", startIndex);
        body.put("itemsPerPage", page.size());
        ArrayNode resources = body.putArray("Resources");
        page.forEach(resources::add);
        return body;
    }
}
