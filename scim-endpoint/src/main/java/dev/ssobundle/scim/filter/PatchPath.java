package dev.ssobundle.scim.filter;

import dev.ssobundle.scim.ScimException;

/**
 * A PATCH operation path (RFC 7644 §3.5.2): {@code attrPath} or {@code valuePath [ "." subAttr ]},
 * e.g. {@code members[value eq "id"]}, {@code emails[type eq "work"].value},
 * {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager}.
 */
public record PatchPath(AttributePath attribute, Filter valueFilter, String subAttribute) {

    /** A path is an attribute name plus at most one value filter: the filter's cap bounds it too. */
    public static final int MAX_LENGTH = FilterParser.MAX_LENGTH;

    public static PatchPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw ScimException.invalidPath("The PATCH path is empty.");
        }
        if (text.length() > MAX_LENGTH) {
            throw ScimException.invalidPath("The PATCH path is longer than " + MAX_LENGTH + " characters.");
        }
        String path = text.trim();
        int open = path.indexOf('[');
        try {
            if (open < 0) {
                if (!path.matches("(?i)(urn:[A-Za-z0-9:._-]+:)?[A-Za-z$][A-Za-z0-9_$-]*(\\.[A-Za-z$][A-Za-z0-9_$-]*)?")) {
                    throw ScimException.invalidPath("'" + text + "' is not an attribute path.");
                }
                AttributePath attr = AttributePath.parse(path);
                return new PatchPath(attr, null, null);
            }
            int close = path.lastIndexOf(']');
            if (close < open) {
                throw ScimException.invalidPath("'" + text + "' has an unclosed value filter.");
            }
            String head = path.substring(0, open);
            if (!head.matches("(?i)(urn:[A-Za-z0-9:._-]+:)?[A-Za-z$][A-Za-z0-9_$-]*")) {
                throw ScimException.invalidPath("'" + head + "' is not a multi-valued attribute name.");
            }
            AttributePath attr = AttributePath.parse(head);
            Filter filter;
            try {
                filter = FilterParser.parse(path.substring(open + 1, close));
            } catch (ScimException e) {
                throw ScimException.invalidPath("Invalid value filter in path '" + text + "': " + e.getMessage());
            }
            String tail = path.substring(close + 1);
            String sub = null;
            if (!tail.isEmpty()) {
                if (!tail.matches("\\.[A-Za-z$][A-Za-z0-9_$-]*")) {
                    throw ScimException.invalidPath("'" + tail + "' after the value filter is not a sub-attribute.");
                }
                sub = tail.substring(1);
            }
            return new PatchPath(attr, filter, sub);
        } catch (IllegalArgumentException e) {
            throw ScimException.invalidPath("'" + text + "' is not an attribute path: " + e.getMessage());
        }
    }
}
