package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.MultivaluedMap;

/** Query parameters of a list or .search request (RFC 7644 §3.4.2, §3.4.3), validated and bounded. */
record ListRequest(String filter, int startIndex, int count, String sortBy, boolean descending, String attributes, String excludedAttributes) {

    /** Largest page served; also announced as filter.maxResults in ServiceProviderConfig. */
    static final int MAX_COUNT = 200;
    static final int DEFAULT_COUNT = 100;

    static ListRequest fromQuery(MultivaluedMap<String, String> query) {
        return of(first(query, "filter"), first(query, "startIndex"), first(query, "count"), first(query, "sortBy"),
                first(query, "sortOrder"), first(query, "attributes"), first(query, "excludedAttributes"));
    }

    static ListRequest fromSearchBody(JsonNode body) {
        if (!body.isObject()) {
            throw ScimException.invalidSyntax("The search body must be a JSON object.");
        }
        return of(text(body, "filter"), text(body, "startIndex"), text(body, "count"), text(body, "sortBy"), text(body, "sortOrder"),
                list(body, "attributes"), list(body, "excludedAttributes"));
    }

    private static ListRequest of(String filter, String startIndex, String count, String sortBy, String sortOrder, String attributes,
            String excluded) {
        int start = parseInt("startIndex", startIndex, 1);
        int size = parseInt("count", count, DEFAULT_COUNT);
        boolean descending = false;
        if (sortOrder != null && !sortOrder.isBlank()) {
            if (sortOrder.equalsIgnoreCase("descending")) {
                descending = true;
            } else if (!sortOrder.equalsIgnoreCase("ascending")) {
                throw ScimException.invalidValue("sortOrder must be ascending or descending.");
            }
        }
        return new ListRequest(filter == null || filter.isBlank() ? null : filter, Math.max(start, 1),
                Math.max(0, Math.min(size, MAX_COUNT)), sortBy == null || sortBy.isBlank() ? null : sortBy.trim(), descending, attributes, excluded);
    }

    private static int parseInt(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ScimException.invalidValue(name + " must be an integer, not '" + value + "'.");
        }
    }

    private static String first(MultivaluedMap<String, String> query, String name) {
        for (String key : query.keySet()) {
            if (key.equalsIgnoreCase(name)) {
                return query.getFirst(key);
            }
        }
        return null;
    }

    private static String text(JsonNode body, String name) {
        for (var it = body.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isNull()) {
                return e.getValue().asText();
            }
        }
        return null;
    }

    private static String list(JsonNode body, String name) {
        for (var it = body.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name) && e.getValue().isArray()) {
                StringBuilder joined = new StringBuilder();
                e.getValue().forEach(v -> joined.append(joined.length() == 0 ? "" : ",").append(v.asText()));
                return joined.toString();
            }
            if (e.getKey().equalsIgnoreCase(name) && e.getValue().isTextual()) {
                return e.getValue().asText();
            }
        }
        return null;
    }

    /** Zero-based offset and size of the requested page in Keycloak's ascending order. */
    record Window(int first, int max) {

        boolean isEmpty(long total) {
            return max <= 0 || first >= total;
        }
    }

    /**
     * The requested page as a window of Keycloak's ascending order; for a descending sort, the same
     * window counted from the end (read ascending, then reversed by the caller).
     */
    Window window(long total) {
        int first = startIndex - 1;
        int max = count;
        if (descending) {
            int end = (int) Math.max(0, total - first);
            first = Math.max(0, end - max);
            max = end - first;
        }
        return new Window(first, max);
    }
}
