package dev.ssobundle.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.scim.filter.AttributePath;
import dev.ssobundle.scim.schema.ScimSchema.ResourceType;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code attributes} / {@code excludedAttributes} query parameters (RFC 7644 §3.4.2.5):
 * names resolved case-insensitively; {@code id} and {@code schemas} are always returned;
 * unknown names are ignored. A value filter written after a name ({@code emails[type eq "work"]})
 * selects the attribute.
 */
public final class Projection {

    private final ResourceType type;
    private final List<ScimSchema.Resolved> included;
    private final List<ScimSchema.Resolved> excluded;
    private final boolean requested;

    private Projection(ResourceType type, List<ScimSchema.Resolved> included, List<ScimSchema.Resolved> excluded, boolean requested) {
        this.type = type;
        this.included = included;
        this.excluded = excluded;
        this.requested = requested;
    }

    public static Projection of(ResourceType type, String attributes, String excludedAttributes) {
        return new Projection(type, resolve(type, attributes), resolve(type, excludedAttributes),
                attributes != null || excludedAttributes != null);
    }

    /**
     * Whether the request named {@code attributes} or {@code excludedAttributes} at all (even unknown
     * ones): RFC 7644 §3.5.2 then requires a PATCH to answer 200 with the resource.
     */
    public boolean requested() {
        return requested;
    }

    private static List<ScimSchema.Resolved> resolve(ResourceType type, String list) {
        List<ScimSchema.Resolved> out = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return out;
        }
        for (String raw : list.split(",")) {
            String name = raw.trim();
            int bracket = name.indexOf('[');
            if (bracket >= 0) {
                name = name.substring(0, bracket);
            }
            if (name.isEmpty()) {
                continue;
            }
            try {
                ScimSchema.Resolved resolved = type.resolve(AttributePath.parse(name));
                if (resolved != null) {
                    out.add(resolved);
                }
            } catch (IllegalArgumentException ignored) {
                // not a path: ignored like an unknown attribute
            }
        }
        return out;
    }

    /** Whether an attribute may appear in the output (lets callers skip costly ones, e.g. group members). */
    public boolean returns(String attributeName) {
        for (ScimSchema.Resolved r : excluded) {
            if (r.subAttribute() == null && r.attribute().name().equals(attributeName)) {
                return false;
            }
        }
        if (included.isEmpty()) {
            return true;
        }
        return included.stream().anyMatch(r -> r.attribute().name().equals(attributeName));
    }

    public ObjectNode apply(ObjectNode resource) {
        ObjectNode out = resource;
        if (!included.isEmpty()) {
            out = JsonNodeFactory.instance.objectNode();
            out.set("schemas", resource.get("schemas"));
            out.set("id", resource.get("id"));
            for (ScimSchema.Resolved r : included) {
                copy(resource, out, r);
            }
            if (resource.has("meta") && included.stream().noneMatch(r -> r.attribute().name().equals("meta"))) {
                // meta is "returned by default"; keep only the version so clients can still use ETags
                ObjectNode meta = out.putObject("meta");
                meta.set("resourceType", resource.path("meta").get("resourceType"));
                meta.set("location", resource.path("meta").get("location"));
                meta.set("version", resource.path("meta").get("version"));
            }
        }
        for (ScimSchema.Resolved r : excluded) {
            if (r.attribute().name().equals("id")) {
                continue;
            }
            ObjectNode container = container(out, r, false);
            if (container == null) {
                continue;
            }
            if (r.subAttribute() == null) {
                container.remove(r.attribute().name());
            } else {
                JsonNode value = container.get(r.attribute().name());
                for (JsonNode element : value == null ? List.<JsonNode>of() : value.isArray() ? value : List.of(value)) {
                    if (element instanceof ObjectNode o) {
                        o.remove(r.subAttribute().name());
                    }
                }
            }
            if (r.extension() && container.isEmpty()) {
                out.remove(r.schema().urn());
            }
        }
        return out;
    }

    private static ObjectNode container(ObjectNode node, ScimSchema.Resolved r, boolean create) {
        if (!r.extension()) {
            return node;
        }
        JsonNode ext = node.get(r.schema().urn());
        if (ext instanceof ObjectNode o) {
            return o;
        }
        return create ? node.putObject(r.schema().urn()) : null;
    }

    private static void copy(ObjectNode from, ObjectNode to, ScimSchema.Resolved r) {
        ObjectNode source = container(from, r, false);
        if (source == null || !source.has(r.attribute().name())) {
            return;
        }
        JsonNode value = source.get(r.attribute().name());
        ObjectNode target = container(to, r, true);
        if (r.subAttribute() == null) {
            target.set(r.attribute().name(), value);
            return;
        }
        String sub = r.subAttribute().name();
        if (value.isArray()) {
            ArrayNode existing = target.get(r.attribute().name()) instanceof ArrayNode a ? a : target.putArray(r.attribute().name());
            for (int i = 0; i < value.size(); i++) {
                ObjectNode element = i < existing.size() ? (ObjectNode) existing.get(i) : existing.addObject();
                if (value.get(i).has(sub)) {
                    element.set(sub, value.get(i).get(sub));
                }
            }
        } else {
            ObjectNode existing = target.get(r.attribute().name()) instanceof ObjectNode o ? o : target.putObject(r.attribute().name());
            if (value.has(sub)) {
                existing.set(sub, value.get(sub));
            }
        }
    }
}
