package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.scim.schema.ScimSchema;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Maps a Keycloak top-level group to the SCIM Group resource: displayName is the group name,
 * externalId and timestamps are group attributes, members are users.
 */
record GroupMapper(KeycloakSession session, RealmModel realm, String baseUri) {

    static final String EXTERNAL_ID = "externalId";
    static final String CREATED = "scimCreated";
    static final String LAST_MODIFIED = "scimLastModified";
    /** Members returned in one group representation; larger groups are read with excludedAttributes=members plus user filters. */
    static final int MAX_MEMBERS_RETURNED = 10_000;

    /**
     * The SCIM resource of a group. {@code withMembers} lists members (up to {@link #MAX_MEMBERS_RETURNED});
     * otherwise, when a filter names members by id, only those users' membership is checked.
     */
    ObjectNode toScim(GroupModel group, boolean withMembers, Set<String> memberIdsToCheck) {
        ObjectNode node = ScimContext.JSON.createObjectNode();
        node.putArray("schemas").add(ScimSchema.GROUP);
        node.put("id", group.getId());
        String externalId = group.getFirstAttribute(EXTERNAL_ID);
        if (externalId != null) {
            node.put("externalId", externalId);
        }
        node.put("displayName", group.getName());
        ArrayNode members = ScimContext.JSON.createArrayNode();
        if (withMembers) {
            try (Stream<UserModel> users = session.users().getGroupMembersStream(realm, group, 0, MAX_MEMBERS_RETURNED)) {
                users.forEach(u -> addMember(members, u));
            }
        } else if (memberIdsToCheck != null) {
            for (String id : memberIdsToCheck) {
                UserModel user = session.users().getUserById(realm, id);
                if (user != null && user.isMemberOf(group)) {
                    addMember(members, user);
                }
            }
            if (members.isEmpty()) {
                // a filter such as "members pr" needs to know whether there is any member at all
                try (Stream<UserModel> one = session.users().getGroupMembersStream(realm, group, 0, 1)) {
                    one.forEach(u -> addMember(members, u));
                }
            }
        }
        if (!members.isEmpty()) {
            node.set("members", members);
        }
        ResourceVersion.putMeta(node, "Group", created(group), lastModified(group), baseUri + "/Groups/" + group.getId(), version(group));
        return node;
    }

    private void addMember(ArrayNode members, UserModel user) {
        members.addObject().put("value", user.getId()).put("$ref", baseUri + "/Users/" + user.getId())
                .put("display", user.getUsername()).put("type", "User");
    }

    /** Digest of the group's name, parent and attributes; scimLastModified carries membership changes (see MembershipChangeListener). */
    static String version(GroupModel group) {
        return ResourceVersion.digest(Arrays.asList(group.getName(), group.getParentId()), group.getAttributes());
    }

    private static long created(GroupModel group) {
        return parse(group.getFirstAttribute(CREATED), 0L);
    }

    static long lastModified(GroupModel group) {
        return parse(group.getFirstAttribute(LAST_MODIFIED), created(group));
    }

    private static long parse(String value, long fallback) {
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Records a change: strictly increasing, so two changes in one millisecond still get distinct versions. */
    static void touch(GroupModel group) {
        long now = Math.max(System.currentTimeMillis(), lastModified(group) + 1);
        if (group.getFirstAttribute(CREATED) == null) {
            group.setSingleAttribute(CREATED, Long.toString(now));
        }
        group.setSingleAttribute(LAST_MODIFIED, Long.toString(now));
    }

    static String displayName(ObjectNode scim) {
        String name = scim.path("displayName").asText("").trim();
        if (name.isEmpty()) {
            throw ScimException.invalidValue("displayName is required.");
        }
        return name;
    }

    static void writeExternalId(GroupModel group, ObjectNode scim) {
        String externalId = scim.path("externalId").asText("");
        if (externalId.isEmpty()) {
            group.removeAttribute(EXTERNAL_ID);
        } else {
            group.setSingleAttribute(EXTERNAL_ID, externalId);
        }
    }
}
