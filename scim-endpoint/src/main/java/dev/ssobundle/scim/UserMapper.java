package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.scim.schema.ScimSchema;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Maps a Keycloak user to the SCIM User resource and back. Keycloak's own fields carry what they
 * can (username, first/last name, email, enabled); the rest are user attributes declared in the
 * realm's user profile (see realm-exports/demo-realm.json), multi-valued complex attributes as
 * JSON. The attribute names are public: they appear in the admin console and in the README.
 */
final class UserMapper {

    static final ObjectMapper JSON = new ObjectMapper();

    /** userName exactly as the client sent it; Keycloak lower-cases usernames. */
    static final String USER_NAME = "scimUserName";
    static final String LAST_MODIFIED = "scimLastModified";
    static final String EMAILS = "scimEmails";
    static final String MANAGER = "manager";

    /** SCIM simple attribute (core) → Keycloak user attribute. */
    static final Map<String, String> CORE_ATTRIBUTES = new LinkedHashMap<>();
    /** name.* sub-attributes other than given/family name → Keycloak user attribute. */
    static final Map<String, String> NAME_ATTRIBUTES = new LinkedHashMap<>();
    /** Enterprise extension simple attributes → Keycloak user attribute. */
    static final Map<String, String> ENTERPRISE_ATTRIBUTES = new LinkedHashMap<>();
    /** Multi-valued complex attributes stored as JSON. */
    static final Map<String, String> JSON_ATTRIBUTES = new LinkedHashMap<>();

    static {
        for (String name : new String[] {"externalId", "displayName", "nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone"}) {
            CORE_ATTRIBUTES.put(name, name);
        }
        NAME_ATTRIBUTES.put("formatted", "nameFormatted");
        NAME_ATTRIBUTES.put("middleName", "middleName");
        NAME_ATTRIBUTES.put("honorificPrefix", "honorificPrefix");
        NAME_ATTRIBUTES.put("honorificSuffix", "honorificSuffix");
        for (String name : new String[] {"employeeNumber", "costCenter", "organization", "division", "department"}) {
            ENTERPRISE_ATTRIBUTES.put(name, name);
        }
        for (String name : new String[] {"phoneNumbers", "ims", "photos", "addresses", "entitlements", "roles", "x509Certificates"}) {
            JSON_ATTRIBUTES.put(name, "scim" + Character.toUpperCase(name.charAt(0)) + name.substring(1));
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String baseUri;
    private final Predicate<GroupModel> visibleGroup;

    /** {@code visibleGroup} hides groups SCIM must not reveal (privileged ones) from a user's groups. */
    UserMapper(KeycloakSession session, RealmModel realm, String baseUri, Predicate<GroupModel> visibleGroup) {
        this.session = session;
        this.realm = realm;
        this.baseUri = baseUri;
        this.visibleGroup = visibleGroup;
    }

    /** The SCIM resource of a user; {@code withGroups} costs one query, so listings skip it when not returned. */
    ObjectNode toScim(UserModel user, boolean withGroups) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode schemas = node.putArray("schemas").add(ScimSchema.USER);
        node.put("id", user.getId());
        putIfPresent(node, "externalId", user.getFirstAttribute("externalId"));
        String userName = user.getFirstAttribute(USER_NAME);
        node.put("userName", userName != null && userName.equalsIgnoreCase(user.getUsername()) ? userName : user.getUsername());
        ObjectNode name = JSON.createObjectNode();
        putIfPresent(name, "givenName", user.getFirstName());
        putIfPresent(name, "familyName", user.getLastName());
        NAME_ATTRIBUTES.forEach((scim, kc) -> putIfPresent(name, scim, user.getFirstAttribute(kc)));
        if (!name.isEmpty()) {
            node.set("name", name);
        }
        CORE_ATTRIBUTES.forEach((scim, kc) -> {
            if (!scim.equals("externalId")) {
                putIfPresent(node, scim, user.getFirstAttribute(kc));
            }
        });
        node.put("active", user.isEnabled());
        ArrayNode emails = emails(user);
        if (emails != null) {
            node.set("emails", emails);
        }
        JSON_ATTRIBUTES.forEach((scim, kc) -> {
            JsonNode value = readJson(user.getFirstAttribute(kc));
            if (value != null && value.isArray() && !value.isEmpty()) {
                node.set(scim, value);
            }
        });
        if (withGroups) {
            ArrayNode groups = JSON.createArrayNode();
            user.getGroupsStream().filter(visibleGroup).forEach(group -> groups.addObject().put("value", group.getId())
                    .put("$ref", baseUri + "/Groups/" + group.getId()).put("display", group.getName()).put("type", "direct"));
            if (!groups.isEmpty()) {
                node.set("groups", groups);
            }
        }
        ObjectNode enterprise = JSON.createObjectNode();
        ENTERPRISE_ATTRIBUTES.forEach((scim, kc) -> putIfPresent(enterprise, scim, user.getFirstAttribute(kc)));
        String manager = user.getFirstAttribute(MANAGER);
        if (manager != null && !manager.isBlank()) {
            enterprise.putObject("manager").put("value", manager).put("$ref", baseUri + "/Users/" + manager);
        }
        if (!enterprise.isEmpty()) {
            schemas.add(ScimSchema.ENTERPRISE_USER);
            node.set(ScimSchema.ENTERPRISE_USER, enterprise);
        }
        ResourceVersion.putMeta(node, "User", createdTimestamp(user), lastModified(user), baseUri + "/Users/" + user.getId(), version(user));
        return node;
    }

    /** Digest of everything Keycloak stores on the user (fields and attributes, scimLastModified included). */
    static String version(UserModel user) {
        return ResourceVersion.digest(Arrays.asList(user.getUsername(), user.getEmail(), Boolean.toString(user.isEmailVerified()),
                user.getFirstName(), user.getLastName(), Boolean.toString(user.isEnabled()), user.getFederationLink()), user.getAttributes());
    }

    static long createdTimestamp(UserModel user) {
        Long created = user.getCreatedTimestamp();
        return created == null ? 0L : created;
    }

    static long lastModified(UserModel user) {
        String stored = user.getFirstAttribute(LAST_MODIFIED);
        if (stored != null) {
            try {
                return Long.parseLong(stored);
            } catch (NumberFormatException ignored) {
                // an admin edited it by hand: fall back to the creation time
            }
        }
        return createdTimestamp(user);
    }

    /** Keycloak holds one email: the stored SCIM list when it still agrees with it, else that one email as the primary work address. */
    private ArrayNode emails(UserModel user) {
        String email = user.getEmail();
        JsonNode stored = readJson(user.getFirstAttribute(EMAILS));
        if (stored instanceof ArrayNode array && !array.isEmpty()) {
            String main = mainEmail(array);
            if (main == null ? email == null : main.equalsIgnoreCase(email)) {
                return array;
            }
        }
        if (email == null) {
            return null;
        }
        ArrayNode array = JSON.createArrayNode();
        array.addObject().put("value", email).put("type", "work").put("primary", true);
        return array;
    }

    /** The address Keycloak keeps as its email: the primary one, else the work one, else the first. */
    static String mainEmail(JsonNode emails) {
        if (emails == null || !emails.isArray() || emails.isEmpty()) {
            return null;
        }
        JsonNode chosen = null;
        for (JsonNode e : emails) {
            if (e.path("primary").asBoolean(false)) {
                chosen = e;
                break;
            }
        }
        if (chosen == null) {
            for (JsonNode e : emails) {
                if ("work".equalsIgnoreCase(e.path("type").asText())) {
                    chosen = e;
                    break;
                }
            }
        }
        if (chosen == null) {
            chosen = emails.get(0);
        }
        String value = chosen.path("value").asText(null);
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Writes a canonical SCIM user onto the Keycloak user as a full replacement: what the resource
     * omits is cleared (RFC 7644 §3.5.1), except {@code active}, which keeps its state when omitted.
     * The caller has checked uniqueness of userName and email.
     */
    void write(UserModel user, ObjectNode scim) {
        String userName = scim.path("userName").asText(null);
        if (userName != null) {
            if (!userName.toLowerCase(Locale.ROOT).equals(user.getUsername())) {
                user.setUsername(userName);
            }
            user.setSingleAttribute(USER_NAME, userName);
        }
        JsonNode name = scim.path("name");
        user.setFirstName(text(name, "givenName"));
        user.setLastName(text(name, "familyName"));
        NAME_ATTRIBUTES.forEach((s, kc) -> setOrRemove(user, kc, text(name, s)));
        CORE_ATTRIBUTES.forEach((s, kc) -> setOrRemove(user, kc, text(scim, s)));
        if (scim.has("active")) {
            user.setEnabled(scim.get("active").asBoolean());
        }
        JsonNode emails = scim.get("emails");
        String email = mainEmail(emails);
        if (email == null ? user.getEmail() != null : !email.equalsIgnoreCase(user.getEmail())) {
            user.setEmail(email);
        }
        setOrRemove(user, EMAILS, emails == null || emails.isEmpty() ? null : emails.toString());
        JSON_ATTRIBUTES.forEach((s, kc) -> {
            JsonNode value = scim.get(s);
            setOrRemove(user, kc, value == null || value.isEmpty() ? null : value.toString());
        });
        JsonNode enterprise = scim.path(ScimSchema.ENTERPRISE_USER);
        ENTERPRISE_ATTRIBUTES.forEach((s, kc) -> setOrRemove(user, kc, text(enterprise, s)));
        setOrRemove(user, MANAGER, text(enterprise.path("manager"), "value"));
        touch(user);
    }

    static void touch(UserModel user) {
        long now = System.currentTimeMillis();
        long previous = lastModified(user);
        // strictly increasing, so two changes in one millisecond still get distinct ETags
        user.setSingleAttribute(LAST_MODIFIED, Long.toString(Math.max(now, previous + 1)));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asText();
        return text.isEmpty() ? null : text;
    }

    private static void setOrRemove(UserModel user, String attribute, String value) {
        if (value == null) {
            if (user.getFirstAttribute(attribute) != null) {
                user.removeAttribute(attribute);
            }
        } else if (!value.equals(user.getFirstAttribute(attribute))) {
            user.setSingleAttribute(attribute, value);
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    private static JsonNode readJson(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }
}
