package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * meta.version / ETag of Users and Groups (weak, RFC 7644 §3.14) and the If-Match / If-None-Match
 * preconditions. A version is a digest of what Keycloak stores for the resource (fields and every
 * attribute), so it changes whatever wrote the change: SCIM, the admin console or REST API, the
 * account console, an identity-provider sync. Group membership has no such data in Keycloak; a
 * listener ({@link MembershipChangeListener}) stamps the group on every join and leave instead.
 */
final class ResourceVersion {

    private ResourceVersion() {
    }

    /** RFC 7643 §3.1 meta of a User or Group. */
    static void putMeta(ObjectNode node, String resourceType, long created, long lastModified, String location, String version) {
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", resourceType);
        meta.put("created", Instant.ofEpochMilli(created).toString());
        meta.put("lastModified", Instant.ofEpochMilli(lastModified).toString());
        meta.put("location", location);
        meta.put("version", version);
    }

    /** The weak version of a resource from its stored parts, in a stable order. */
    static String digest(List<String> fields, Map<String, List<String>> attributes) {
        MessageDigest sha = sha256();
        fields.forEach(f -> update(sha, f));
        new TreeMap<>(attributes).forEach((name, values) -> {
            update(sha, name);
            if (values != null) {
                // stores may return a multi-valued attribute in any order
                values.stream().sorted(Comparator.nullsFirst(Comparator.naturalOrder())).forEach(v -> update(sha, v));
            }
            update(sha, "\u0000end");
        });
        return "W/\"" + HexFormat.of().formatHex(sha.digest(), 0, 12) + "\"";
    }

    private static void update(MessageDigest sha, String value) {
        byte[] bytes = value == null ? new byte[] {0} : value.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 7232 §3.2: GET with If-None-Match naming the current version is 304. */
    static boolean notModified(HttpHeaders headers, String currentVersion) {
        String ifNoneMatch = headers == null ? null : headers.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        return ifNoneMatch != null && !ifNoneMatch.isBlank() && matches(ifNoneMatch, currentVersion);
    }

    /** The ETag header of a representation, from its meta.version. */
    static EntityTag etag(JsonNode json) {
        return etag(json.path("meta").path("version").asText());
    }

    static EntityTag etag(String version) {
        return new EntityTag(version.substring(3, version.length() - 1), true);
    }

    /** RFC 7644 §3.14: a stale If-Match is 412. */
    static void checkIfMatch(HttpHeaders headers, String currentVersion) {
        String ifMatch = headers.getHeaderString(HttpHeaders.IF_MATCH);
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        if (!matches(ifMatch, currentVersion)) {
            throw new ScimException(412, null, "The resource changed: its version is " + currentVersion + ", not " + ifMatch + ".");
        }
    }

    /** Weak comparison of a header's list of tags against the current version. */
    static boolean matches(String headerValue, String currentVersion) {
        for (String candidate : headerValue.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(currentVersion) || ("W/" + tag).equals(currentVersion) || tag.equals(currentVersion.substring(2))) {
                return true;
            }
        }
        return false;
    }
}
