package dev.ssobundle.scim.filter;

import java.util.Locale;

/**
 * An attribute path as written in a filter or PATCH path (RFC 7644 §3.10): optional schema URN,
 * attribute name, optional sub-attribute. Names keep the caller's spelling until
 * {@link dev.ssobundle.scim.schema.ScimSchema#canonical} resolves them case-insensitively.
 */
public record AttributePath(String schemaUrn, String attribute, String subAttribute) {

    public AttributePath {
        if (attribute == null || attribute.isEmpty()) {
            throw new IllegalArgumentException("attribute");
        }
    }

    /** Parses {@code [urn:...:]attr[.sub]}; the URN part is everything up to the last colon. */
    public static AttributePath parse(String text) {
        String urn = null;
        String rest = text;
        if (text.regionMatches(true, 0, "urn:", 0, 4)) {
            int colon = text.lastIndexOf(':');
            urn = text.substring(0, colon);
            rest = text.substring(colon + 1);
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("no attribute name in '" + text + "'");
        }
        int dot = rest.indexOf('.');
        if (dot < 0) {
            return new AttributePath(urn, rest, null);
        }
        String sub = rest.substring(dot + 1);
        if (dot == 0 || sub.isEmpty() || sub.indexOf('.') >= 0) {
            throw new IllegalArgumentException("malformed attribute path '" + text + "'");
        }
        return new AttributePath(urn, rest.substring(0, dot), sub);
    }

    public AttributePath withSubAttribute(String sub) {
        return new AttributePath(schemaUrn, attribute, sub);
    }

    /** Lower-case key for case-insensitive comparisons. */
    public String key() {
        return (schemaUrn == null ? "" : schemaUrn.toLowerCase(Locale.ROOT) + ":") + attribute.toLowerCase(Locale.ROOT)
                + (subAttribute == null ? "" : "." + subAttribute.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return (schemaUrn == null ? "" : schemaUrn + ":") + attribute + (subAttribute == null ? "" : "." + subAttribute);
    }
}
