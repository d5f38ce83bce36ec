package dev.ssobundle.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.scim.ScimException;
import dev.ssobundle.scim.schema.Attribute;
import dev.ssobundle.scim.schema.ScimSchema;
import dev.ssobundle.scim.schema.ScimSchema.ResourceType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validates a parsed filter against a resource type (unknown attributes are 400 invalidFilter) and
 * rewrites its paths to canonical names; then evaluates it on a SCIM JSON resource with RFC 7644
 * semantics (case-insensitive unless the attribute is caseExact, any-value matching for
 * multi-valued attributes, dateTime ordering by instant).
 */
public final class FilterEvaluator {

    private final ResourceType type;

    public FilterEvaluator(ResourceType type) {
        this.type = type;
    }

    /** Returns the same filter with every path in canonical spelling; throws invalidFilter for unknown paths. */
    public Filter canonicalize(Filter filter) {
        return canonicalize(filter, null);
    }

    private Filter canonicalize(Filter filter, ScimSchema.Resolved parent) {
        if (filter instanceof Filter.Comparison c) {
            ScimSchema.Resolved resolved = resolve(c.path(), parent);
            return new Filter.Comparison(parent == null ? resolved.canonicalPath() : new AttributePath(null, resolved.subAttribute().name(), null),
                    c.operator(), checkValue(c, resolved));
        }
        if (filter instanceof Filter.Present p) {
            ScimSchema.Resolved resolved = resolve(p.path(), parent);
            return new Filter.Present(parent == null ? resolved.canonicalPath() : new AttributePath(null, resolved.subAttribute().name(), null));
        }
        if (filter instanceof Filter.And a) {
            return new Filter.And(canonicalize(a.left(), parent), canonicalize(a.right(), parent));
        }
        if (filter instanceof Filter.Or o) {
            return new Filter.Or(canonicalize(o.left(), parent), canonicalize(o.right(), parent));
        }
        if (filter instanceof Filter.Not n) {
            return new Filter.Not(canonicalize(n.inner(), parent));
        }
        Filter.ValuePath v = (Filter.ValuePath) filter;
        if (parent != null) {
            throw ScimException.invalidFilter("Value filters cannot be nested ('" + v.path() + "[...]').");
        }
        ScimSchema.Resolved resolved = type.resolve(v.path());
        if (resolved == null) {
            throw ScimException.invalidFilter("Unknown attribute '" + v.path() + "' in filter for " + type.core().name() + " resources.");
        }
        if (!resolved.attribute().isComplex() || resolved.subAttribute() != null) {
            throw ScimException.invalidFilter("'" + v.path() + "' is not a complex attribute; it cannot take a value filter.");
        }
        return new Filter.ValuePath(resolved.canonicalPath(), canonicalize(v.inner(), resolved));
    }

    private JsonNode checkValue(Filter.Comparison comparison, ScimSchema.Resolved resolved) {
        Attribute leaf = resolved.leaf();
        if (leaf.isComplex()) {
            throw ScimException.invalidFilter("'" + comparison.path() + "' is a complex attribute; compare one of its sub-attributes.");
        }
        if (leaf.type() == Attribute.Type.BOOLEAN && comparison.operator() != Filter.Operator.EQ && comparison.operator() != Filter.Operator.NE) {
            throw ScimException.invalidFilter("'" + comparison.path() + "' is boolean; only eq and ne apply.");
        }
        return comparison.value();
    }

    private ScimSchema.Resolved resolve(AttributePath path, ScimSchema.Resolved parent) {
        ScimSchema.Resolved resolved = parent == null ? type.resolve(path) : type.resolveWithin(parent, path);
        if (resolved == null) {
            throw ScimException.invalidFilter("Unknown attribute '" + path + "' in filter for " + type.core().name() + " resources.");
        }
        if (parent == null && resolved.subAttribute() == null && resolved.attribute().multiValued() && resolved.attribute().sub("value") != null) {
            // RFC 7644 §3.4.2.2: a multi-valued attribute without sub-attribute compares its "value"s ("emails co ...").
            return new ScimSchema.Resolved(resolved.schema(), resolved.attribute(), resolved.attribute().sub("value"));
        }
        return resolved;
    }

    /** Evaluates a canonical filter on a resource. */
    public boolean matches(Filter filter, JsonNode resource) {
        if (filter instanceof Filter.And a) {
            return matches(a.left(), resource) && matches(a.right(), resource);
        }
        if (filter instanceof Filter.Or o) {
            return matches(o.left(), resource) || matches(o.right(), resource);
        }
        if (filter instanceof Filter.Not n) {
            return !matches(n.inner(), resource);
        }
        if (filter instanceof Filter.Present p) {
            return values(resource, p.path()).stream().anyMatch(FilterEvaluator::present);
        }
        if (filter instanceof Filter.Comparison c) {
            return compareAny(values(resource, c.path()), c, type.resolve(c.path()).leaf());
        }
        Filter.ValuePath v = (Filter.ValuePath) filter;
        JsonNode base = base(resource, v.path());
        JsonNode multi = base == null ? null : base.get(v.path().attribute());
        if (multi == null || multi.isNull()) {
            return false;
        }
        for (JsonNode element : multi.isArray() ? multi : List.of(multi)) {
            if (matchesElement(v.inner(), element, v.path())) {
                return true;
            }
        }
        return false;
    }

    /** Evaluates a canonical value filter (paths are sub-attribute names of {@code parent}) on one element. */
    public boolean matchesElement(Filter filter, JsonNode element, AttributePath parent) {
        if (filter instanceof Filter.And a) {
            return matchesElement(a.left(), element, parent) && matchesElement(a.right(), element, parent);
        }
        if (filter instanceof Filter.Or o) {
            return matchesElement(o.left(), element, parent) || matchesElement(o.right(), element, parent);
        }
        if (filter instanceof Filter.Not n) {
            return !matchesElement(n.inner(), element, parent);
        }
        if (filter instanceof Filter.Present p) {
            return present(element.get(p.path().attribute()));
        }
        if (filter instanceof Filter.Comparison c) {
            JsonNode value = element.get(c.path().attribute());
            Attribute leaf = type.resolve(parent.withSubAttribute(c.path().attribute())).leaf();
            return compareAny(value == null ? List.of() : List.of(value), c, leaf);
        }
        throw ScimException.invalidFilter("Value filters cannot be nested.");
    }

    /** Canonicalizes a value filter whose paths are sub-attributes of the multi-valued attribute {@code parent}. */
    public Filter canonicalizeWithin(AttributePath parent, Filter filter) {
        ScimSchema.Resolved resolved = type.resolve(parent);
        if (resolved == null || !resolved.attribute().isComplex()) {
            throw ScimException.invalidPath("'" + parent + "' is not a complex attribute; it cannot take a value filter.");
        }
        return canonicalize(filter, resolved);
    }

    private static JsonNode base(JsonNode resource, AttributePath path) {
        return path.schemaUrn() == null ? resource : resource.get(path.schemaUrn());
    }

    /** All values a path designates: one for single-valued attributes, each element's sub-attribute for multi-valued ones. */
    static List<JsonNode> values(JsonNode resource, AttributePath path) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode base = base(resource, path);
        JsonNode node = base == null ? null : base.get(path.attribute());
        if (node == null || node.isNull()) {
            return out;
        }
        if (path.subAttribute() == null) {
            if (node.isArray()) {
                node.forEach(element -> out.add(element.isObject() && element.has("value") ? element.get("value") : element));
            } else {
                out.add(node);
            }
            return out;
        }
        for (JsonNode element : node.isArray() ? node : List.of(node)) {
            JsonNode sub = element.get(path.subAttribute());
            if (sub != null && !sub.isNull()) {
                out.add(sub);
            }
        }
        return out;
    }

    private static boolean present(JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isTextual()) {
            return !node.asText().isEmpty();
        }
        if (node.isContainerNode()) {
            return !node.isEmpty();
        }
        return true;
    }

    private static boolean compareAny(List<JsonNode> values, Filter.Comparison c, Attribute leaf) {
        if (c.operator() == Filter.Operator.NE) {
            Filter.Comparison eq = new Filter.Comparison(c.path(), Filter.Operator.EQ, c.value());
            return values.stream().noneMatch(v -> compare(v, eq, leaf));
        }
        return values.stream().anyMatch(v -> compare(v, c, leaf));
    }

    private static boolean compare(JsonNode actual, Filter.Comparison c, Attribute leaf) {
        JsonNode expected = c.value();
        if (expected.isNull()) {
            return c.operator() == Filter.Operator.EQ && (actual == null || actual.isNull());
        }
        if (actual == null || actual.isNull()) {
            return false;
        }
        if (leaf.type() == Attribute.Type.BOOLEAN) {
            boolean wanted = expected.isBoolean() ? expected.booleanValue() : Boolean.parseBoolean(expected.asText());
            boolean has = actual.isBoolean() ? actual.booleanValue() : Boolean.parseBoolean(actual.asText());
            return c.operator() == Filter.Operator.EQ && wanted == has;
        }
        if (leaf.type() == Attribute.Type.DATETIME) {
            Instant a = instant(actual.asText());
            Instant e = instant(expected.asText());
            if (a != null && e != null) {
                return ordered(a.compareTo(e), c.operator());
            }
        }
        if (actual.isNumber() && expected.isNumber()) {
            return ordered(actual.decimalValue().compareTo(expected.decimalValue()), c.operator());
        }
        String a = actual.asText();
        String e = expected.asText();
        if (!leaf.caseExact()) {
            a = a.toLowerCase(Locale.ROOT);
            e = e.toLowerCase(Locale.ROOT);
        }
        switch (c.operator()) {
            case CO:
                return a.contains(e);
            case SW:
                return a.startsWith(e);
            case EW:
                return a.endsWith(e);
            default:
                return ordered(a.compareTo(e), c.operator());
        }
    }

    private static boolean ordered(int comparison, Filter.Operator operator) {
        return switch (operator) {
            case EQ -> comparison == 0;
            case NE -> comparison != 0;
            case GT -> comparison > 0;
            case GE -> comparison >= 0;
            case LT -> comparison < 0;
            case LE -> comparison <= 0;
            default -> false;
        };
    }

    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
