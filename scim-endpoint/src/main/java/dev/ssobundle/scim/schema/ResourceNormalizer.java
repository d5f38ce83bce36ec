package dev.ssobundle.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ssobundle.scim.ScimException;
import dev.ssobundle.scim.filter.AttributePath;
import dev.ssobundle.scim.schema.ScimSchema.ResourceType;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns a client's resource JSON into canonical form: attribute names resolved case-insensitively
 * to their schema spelling, unknown and read-only attributes dropped (RFC 7644 §3.3: ignored, never
 * echoed), string booleans ({@code "False"}, as Entra sends) made booleans, single objects of
 * multi-valued attributes wrapped in arrays, extension attributes under their schema URN.
 */
public final class ResourceNormalizer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ResourceType type;

    public ResourceNormalizer(ResourceType type) {
        this.type = type;
    }

    public ObjectNode normalize(JsonNode input) {
        if (input == null || !input.isObject()) {
            throw ScimException.invalidSyntax("The request body must be a JSON object.");
        }
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = input.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            ScimSchema extension = type.extension() != null && type.extension().urn().equalsIgnoreCase(key) ? type.extension() : null;
            if (extension != null) {
                if (value.isObject()) {
                    ObjectNode target = extensionNode(out, extension);
                    value.fields().forEachRemaining(e -> putAttribute(target, extension.attribute(e.getKey()), e.getValue()));
                }
                continue;
            }
            ScimSchema.Resolved resolved;
            try {
                resolved = type.resolve(AttributePath.parse(key));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (resolved == null || resolved.attribute().mutability() == Attribute.Mutability.READ_ONLY) {
                continue;
            }
            ObjectNode target = resolved.extension() ? extensionNode(out, resolved.schema()) : out;
            if (resolved.subAttribute() != null) {
                // "name.givenName": a flattened sub-attribute, as some clients send in path-less PATCH values
                JsonNode sub = value(resolved.subAttribute(), value);
                if (sub != null) {
                    JsonNode existing = target.get(resolved.attribute().name());
                    ObjectNode complex = existing instanceof ObjectNode o ? o : target.putObject(resolved.attribute().name());
                    complex.set(resolved.subAttribute().name(), sub);
                }
            } else {
                putAttribute(target, resolved.attribute(), value);
            }
        }
        return out;
    }

    private static ObjectNode extensionNode(ObjectNode out, ScimSchema extension) {
        JsonNode existing = out.get(extension.urn());
        return existing instanceof ObjectNode o ? o : out.putObject(extension.urn());
    }

    private void putAttribute(ObjectNode target, Attribute attribute, JsonNode value) {
        if (attribute == null || attribute.mutability() == Attribute.Mutability.READ_ONLY) {
            return;
        }
        JsonNode normalized = value(attribute, value);
        if (normalized != null) {
            target.set(attribute.name(), normalized);
        }
    }

    /** The canonical value of one attribute, or null when absent/null. */
    public JsonNode value(Attribute attribute, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (attribute.multiValued()) {
            ArrayNode array = NODES.arrayNode();
            for (JsonNode element : value.isArray() ? value : NODES.arrayNode().add(value)) {
                JsonNode single = singleValue(attribute, element);
                if (single != null) {
                    array.add(single);
                }
            }
            return array;
        }
        return singleValue(attribute, value);
    }

    /** One value (an element, for multi-valued attributes). */
    public JsonNode singleValue(Attribute attribute, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (attribute.isComplex()) {
            if (!value.isObject()) {
                Attribute valueSub = attribute.sub("value");
                if (valueSub == null || value.isContainerNode()) {
                    throw ScimException.invalidValue("'" + attribute.name() + "' expects an object.");
                }
                // Entra sends the manager and members as bare ids
                return NODES.objectNode().put("value", value.asText());
            }
            ObjectNode complex = NODES.objectNode();
            value.fields().forEachRemaining(e -> {
                Attribute sub = attribute.sub(e.getKey());
                if (sub != null && sub.mutability() != Attribute.Mutability.READ_ONLY) {
                    JsonNode subValue = singleValue(sub, e.getValue());
                    if (subValue != null) {
                        complex.set(sub.name(), subValue);
                    }
                }
            });
            return complex;
        }
        if (attribute.type() == Attribute.Type.BOOLEAN) {
            if (value.isBoolean()) {
                return value;
            }
            if (value.isTextual() && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"))) {
                return BooleanNode.valueOf(Boolean.parseBoolean(value.asText().toLowerCase()));
            }
            throw ScimException.invalidValue("'" + attribute.name() + "' must be a boolean, not " + value + ".");
        }
        if (value.isContainerNode()) {
            throw ScimException.invalidValue("'" + attribute.name() + "' must be a single " + attribute.type().name().toLowerCase() + " value.");
        }
        return TextNode.valueOf(value.asText());
    }
}
