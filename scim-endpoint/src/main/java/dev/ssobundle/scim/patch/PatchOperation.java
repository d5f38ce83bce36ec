package dev.ssobundle.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.scim.ScimException;
import dev.ssobundle.scim.filter.PatchPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One operation of a PatchOp request (RFC 7644 §3.5.2); {@code op} is read case-insensitively ("Replace" from Entra). */
public record PatchOperation(Op op, PatchPath path, String rawPath, JsonNode value) {

    public static final String PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    /** Bounds the work one request can ask for. */
    public static final int MAX_OPERATIONS = 1000;

    public enum Op { ADD, REPLACE, REMOVE }

    /** Parses a whole PatchOp body; every malformed part is a 400 before anything is applied. */
    public static List<PatchOperation> parseRequest(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("The PATCH body must be a JSON object.");
        }
        boolean declared = false;
        for (JsonNode schema : body.path("schemas")) {
            declared |= PATCH_OP_SCHEMA.equalsIgnoreCase(schema.asText());
        }
        if (!declared) {
            throw ScimException.invalidSyntax("The PATCH body must declare the schema " + PATCH_OP_SCHEMA + ".");
        }
        JsonNode operations = null;
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.equalsIgnoreCase("Operations")) {
                operations = body.get(name);
            }
        }
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimException.invalidSyntax("The PATCH body needs a non-empty \"Operations\" array.");
        }
        if (operations.size() > MAX_OPERATIONS) {
            throw new ScimException(413, null, "At most " + MAX_OPERATIONS + " operations per PATCH request.");
        }
        List<PatchOperation> result = new ArrayList<>();
        for (JsonNode operation : operations) {
            result.add(parse(operation));
        }
        return result;
    }

    static PatchOperation parse(JsonNode operation) {
        if (!operation.isObject()) {
            throw ScimException.invalidSyntax("Each PATCH operation must be an object.");
        }
        JsonNode opNode = field(operation, "op");
        if (opNode == null || !opNode.isTextual()) {
            throw ScimException.invalidSyntax("A PATCH operation lacks \"op\".");
        }
        Op op;
        try {
            op = Op.valueOf(opNode.asText().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ScimException.invalidSyntax("Unknown PATCH op '" + opNode.asText() + "'; use add, replace or remove.");
        }
        JsonNode pathNode = field(operation, "path");
        String rawPath = pathNode == null || pathNode.isNull() || pathNode.asText().isBlank() ? null : pathNode.asText();
        PatchPath path = rawPath == null ? null : PatchPath.parse(rawPath);
        JsonNode value = field(operation, "value");
        if (op == Op.REMOVE && path == null) {
            throw ScimException.noTarget("A remove operation needs a \"path\".");
        }
        if (op != Op.REMOVE && (value == null || value.isMissingNode())) {
            throw ScimException.invalidSyntax("A " + op.name().toLowerCase(Locale.ROOT) + " operation needs a \"value\".");
        }
        if (op != Op.REMOVE && path == null && !value.isObject()) {
            throw ScimException.invalidSyntax("A " + op.name().toLowerCase(Locale.ROOT) + " operation without \"path\" needs an object \"value\".");
        }
        return new PatchOperation(op, path, rawPath, value);
    }

    private static JsonNode field(JsonNode node, String name) {
        for (var it = node.fields(); it.hasNext(); ) {
            var entry = it.next();
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
