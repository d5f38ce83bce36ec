package dev.ssobundle.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.scim.ScimException;
import dev.ssobundle.scim.filter.AttributePath;
import dev.ssobundle.scim.filter.Filter;
import dev.ssobundle.scim.filter.FilterEvaluator;
import dev.ssobundle.scim.filter.PatchPath;
import dev.ssobundle.scim.schema.Attribute;
import dev.ssobundle.scim.schema.ResourceNormalizer;
import dev.ssobundle.scim.schema.ScimSchema;
import dev.ssobundle.scim.schema.ScimSchema.ResourceType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Applies PATCH operations to a canonical SCIM JSON resource (RFC 7644 §3.5.2) in memory. Callers
 * apply all operations to a copy and write the result only when every operation succeeded, so a
 * failing operation leaves nothing half-applied.
 */
public final class PatchApplier {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ResourceType type;
    private final ResourceNormalizer normalizer;
    private final FilterEvaluator evaluator;

    public PatchApplier(ResourceType type) {
        this.type = type;
        this.normalizer = new ResourceNormalizer(type);
        this.evaluator = new FilterEvaluator(type);
    }

    public void apply(ObjectNode resource, PatchOperation operation) {
        if (operation.path() == null) {
            applyPathless(resource, operation);
        } else {
            apply(resource, operation.op(), operation.path(), operation.rawPath(), operation.value());
        }
    }

    private void applyPathless(ObjectNode resource, PatchOperation operation) {
        for (Iterator<Map.Entry<String, JsonNode>> it = operation.value().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (type.extension() != null && type.extension().urn().equalsIgnoreCase(key) && field.getValue().isObject()) {
                field.getValue().fields().forEachRemaining(e -> applyKnown(resource, operation.op(),
                        type.extension().urn() + ":" + e.getKey(), e.getValue()));
            } else {
                applyKnown(resource, operation.op(), key, field.getValue());
            }
        }
    }

    /** Path-less values name attributes as keys; unknown and read-only keys ("id", "schemas") are ignored as in a create. */
    private void applyKnown(ObjectNode resource, PatchOperation.Op op, String key, JsonNode value) {
        PatchPath path;
        try {
            path = PatchPath.parse(key);
        } catch (ScimException e) {
            return;
        }
        ScimSchema.Resolved resolved = type.resolve(path.attribute());
        if (resolved == null || resolved.attribute().mutability() == Attribute.Mutability.READ_ONLY) {
            return;
        }
        apply(resource, op, path, key, value);
    }

    private void apply(ObjectNode resource, PatchOperation.Op op, PatchPath path, String rawPath, JsonNode value) {
        ScimSchema.Resolved resolved = type.resolve(path.attribute());
        if (resolved == null) {
            throw ScimException.invalidPath("Unknown attribute '" + rawPath + "' for " + type.core().name() + " resources.");
        }
        Attribute attribute = resolved.attribute();
        if (attribute.mutability() == Attribute.Mutability.READ_ONLY) {
            throw new ScimException(400, "mutability", "'" + attribute.name() + "' is read-only.");
        }
        Attribute sub = resolved.subAttribute();
        if (path.subAttribute() != null) {
            if (sub != null) {
                throw ScimException.invalidPath("'" + rawPath + "' names two sub-attributes.");
            }
            sub = attribute.sub(path.subAttribute());
            if (sub == null) {
                throw ScimException.invalidPath("Unknown sub-attribute '" + path.subAttribute() + "' of '" + attribute.name() + "'.");
            }
        }
        ObjectNode container = resolved.extension() ? objectField(resource, resolved.schema().urn()) : resource;
        if (path.valueFilter() != null) {
            if (!attribute.multiValued()) {
                throw ScimException.invalidPath("'" + attribute.name() + "' is not multi-valued; it takes no value filter.");
            }
            AttributePath canonical = resolved.canonicalPath();
            Filter filter = evaluator.canonicalizeWithin(canonical, path.valueFilter());
            applyFiltered(container, op, attribute, canonical, filter, sub, value);
        } else if (sub != null) {
            applySub(container, op, attribute, sub, value);
        } else {
            applyWhole(container, op, attribute, value);
        }
        if (resolved.extension() && container.isEmpty()) {
            resource.remove(resolved.schema().urn());
        }
    }

    private void applyFiltered(ObjectNode container, PatchOperation.Op op, Attribute attribute, AttributePath canonical, Filter filter,
            Attribute sub, JsonNode value) {
        ArrayNode array = arrayField(container, attribute.name());
        List<ObjectNode> matched = new ArrayList<>();
        for (JsonNode element : array) {
            if (element instanceof ObjectNode object && evaluator.matchesElement(filter, object, canonical)) {
                matched.add(object);
            }
        }
        if (op == PatchOperation.Op.REMOVE) {
            if (sub == null) {
                for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
                    if (matched.contains(it.next())) {
                        it.remove();
                    }
                }
            } else {
                matched.forEach(m -> m.remove(sub.name()));
            }
        } else {
            if (matched.isEmpty()) {
                // Entra adds "emails[type eq \"work\"].value" to users that have no work email yet: create the element
                ObjectNode created = elementFromEqualities(filter);
                if (created == null) {
                    throw ScimException.noTarget("No value of '" + attribute.name() + "' matches the filter.");
                }
                array.add(created);
                matched.add(created);
            }
            for (ObjectNode m : matched) {
                if (sub != null) {
                    setOrRemove(m, sub.name(), normalizer.singleValue(sub, value));
                } else {
                    JsonNode element = normalizer.singleValue(attribute, value.isArray() && value.size() == 1 ? value.get(0) : value);
                    if (element instanceof ObjectNode object) {
                        m.setAll(object);
                    }
                }
            }
        }
        dropIfEmpty(container, attribute.name());
        if (sub != null && attribute.sub("primary") != null) {
            keepOnePrimary(array);
        }
    }

    /** {@code type eq "work" and ...}: the element those equalities describe, or null when the filter says more than that. */
    private static ObjectNode elementFromEqualities(Filter filter) {
        ObjectNode element = NODES.objectNode();
        return collectEqualities(filter, element) ? element : null;
    }

    private static boolean collectEqualities(Filter filter, ObjectNode element) {
        if (filter instanceof Filter.And and) {
            return collectEqualities(and.left(), element) && collectEqualities(and.right(), element);
        }
        if (filter instanceof Filter.Comparison c && c.operator() == Filter.Operator.EQ && !c.value().isNull()) {
            element.set(c.path().attribute(), c.value());
            return true;
        }
        return false;
    }

    private void applySub(ObjectNode container, PatchOperation.Op op, Attribute attribute, Attribute sub, JsonNode value) {
        JsonNode subValue = op == PatchOperation.Op.REMOVE ? null : normalizer.singleValue(sub, value);
        if (attribute.multiValued()) {
            ArrayNode array = arrayField(container, attribute.name());
            if (array.isEmpty() && subValue != null) {
                array.addObject();
            }
            array.forEach(element -> setOrRemove((ObjectNode) element, sub.name(), subValue));
            dropIfEmpty(container, attribute.name());
            return;
        }
        ObjectNode complex = objectField(container, attribute.name());
        setOrRemove(complex, sub.name(), subValue);
        if (complex.isEmpty()) {
            container.remove(attribute.name());
        }
    }

    private void applyWhole(ObjectNode container, PatchOperation.Op op, Attribute attribute, JsonNode value) {
        String name = attribute.name();
        if (op == PatchOperation.Op.REMOVE) {
            if (attribute.multiValued() && value != null && value.isArray() && !value.isEmpty()) {
                // Entra's {"op":"Remove","path":"members","value":[{"value":"id"}]}: remove just those values
                JsonNode listed = normalizer.value(attribute, value);
                ArrayNode array = arrayField(container, name);
                for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
                    JsonNode element = it.next();
                    for (JsonNode remove : listed) {
                        if (sameValue(element, remove)) {
                            it.remove();
                            break;
                        }
                    }
                }
                dropIfEmpty(container, name);
            } else {
                container.remove(name);
            }
            return;
        }
        JsonNode normalized = normalizer.value(attribute, value);
        if (attribute.multiValued()) {
            if (op == PatchOperation.Op.REPLACE || !container.has(name)) {
                container.set(name, normalized == null ? NODES.arrayNode() : normalized);
            } else if (normalized != null) {
                ArrayNode array = arrayField(container, name);
                for (JsonNode added : normalized) {
                    boolean present = false;
                    for (JsonNode existing : array) {
                        present |= sameValue(existing, added);
                    }
                    if (!present) {
                        array.add(added);
                    }
                }
            }
            if (attribute.sub("primary") != null) {
                keepOnePrimary(arrayField(container, name));
            }
            dropIfEmpty(container, name);
        } else if (attribute.isComplex() && normalized instanceof ObjectNode object) {
            if (op == PatchOperation.Op.REPLACE) {
                container.set(name, object);
            } else {
                objectField(container, name).setAll(object);
            }
        } else {
            setOrRemove(container, name, normalized);
        }
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.has("value") && b.has("value")) {
            return a.get("value").asText().equals(b.get("value").asText());
        }
        return a.equals(b);
    }

    /** RFC 7643 §2.4: at most one value may be primary; the last one set wins. */
    private static void keepOnePrimary(ArrayNode array) {
        boolean seen = false;
        for (int i = array.size() - 1; i >= 0; i--) {
            JsonNode element = array.get(i);
            if (element.path("primary").asBoolean(false)) {
                if (seen) {
                    ((ObjectNode) element).put("primary", false);
                }
                seen = true;
            }
        }
    }

    private static void setOrRemove(ObjectNode node, String name, JsonNode value) {
        if (value == null) {
            node.remove(name);
        } else {
            node.set(name, value);
        }
    }

    private static void dropIfEmpty(ObjectNode container, String name) {
        JsonNode node = container.get(name);
        if (node != null && node.isContainerNode() && node.isEmpty()) {
            container.remove(name);
        }
    }

    private static ObjectNode objectField(ObjectNode parent, String name) {
        JsonNode existing = parent.get(name);
        if (existing instanceof ObjectNode object) {
            return object;
        }
        return parent.putObject(name);
    }

    private static ArrayNode arrayField(ObjectNode parent, String name) {
        JsonNode existing = parent.get(name);
        if (existing instanceof ArrayNode array) {
            return array;
        }
        return parent.putArray(name);
    }
}
