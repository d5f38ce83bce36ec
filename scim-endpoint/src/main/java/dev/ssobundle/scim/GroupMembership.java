package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.scim.filter.AttributePath;
import dev.ssobundle.scim.filter.Filter;
import dev.ssobundle.scim.filter.FilterEvaluator;
import dev.ssobundle.scim.filter.PatchPath;
import dev.ssobundle.scim.patch.PatchOperation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.UserModel;

/**
 * Membership changes of one group: each goes straight to Keycloak's membership table (one row per
 * change, one admin event each), never through a full member list in memory.
 */
final class GroupMembership {

    private static final AttributePath MEMBERS = new AttributePath(null, "members", null);

    private final ScimContext ctx;
    private final FilterEvaluator evaluator = new FilterEvaluator(dev.ssobundle.scim.schema.ScimSchema.ResourceType.GROUP);

    GroupMembership(ScimContext ctx) {
        this.ctx = ctx;
    }

    /** add / remove / replace on members, in Entra's default, aadOptscim062020 and RFC forms. */
    void apply(GroupModel group, PatchOperation.Op op, PatchPath path, JsonNode value) {
        if (path != null && path.subAttribute() != null) {
            throw ScimException.invalidPath("Member sub-attributes cannot be patched; add or remove members instead.");
        }
        if (path != null && path.valueFilter() != null) {
            if (op != PatchOperation.Op.REMOVE) {
                throw ScimException.invalidPath("Add members with path \"members\" and a value list.");
            }
            removeMatching(group, evaluator.canonicalizeWithin(MEMBERS, path.valueFilter()));
            return;
        }
        List<UserModel> listed = value == null || value.isNull() ? List.of() : resolve(value);
        switch (op) {
            case ADD -> listed.forEach(u -> join(u, group));
            case REPLACE -> replace(group, listed);
            case REMOVE -> {
                if (value == null || value.isNull() || (value.isArray() && value.isEmpty())) {
                    replace(group, List.of());
                } else {
                    listed.forEach(u -> leave(u, group));
                }
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    private void removeMatching(GroupModel group, Filter filter) {
        Set<String> ids = GroupQueryPlanner.memberIds(filter, new LinkedHashSet<>());
        if (ids.isEmpty()) {
            throw ScimException.invalidFilter("Member removal filters select members by value eq \"id\".");
        }
        for (String id : ids) {
            UserModel user = ctx.session.users().getUserById(ctx.realm, id);
            if (user != null && user.isMemberOf(group)) {
                ObjectNode element = ScimContext.JSON.createObjectNode().put("value", id);
                if (evaluator.matchesElement(filter, element, MEMBERS)) {
                    leave(user, group);
                }
            }
        }
    }

    /** Makes the members exactly {@code wanted}, paging through current members by id. */
    void replace(GroupModel group, List<UserModel> wanted) {
        Set<String> wantedIds = wanted.stream().map(user -> user.getId()) /* a lambda: UserModel::getId compiles to Model.getId, which 26.4/26.5 lack */.collect(Collectors.toSet());
        // removals shift the window, so the next page starts after the members kept so far
        int first = 0;
        while (true) {
            List<UserModel> batch;
            try (Stream<UserModel> stream = ctx.session.users().getGroupMembersStream(ctx.realm, group, first, 500)) {
                batch = stream.toList();
            }
            if (batch.isEmpty()) {
                break;
            }
            int kept = 0;
            for (UserModel member : batch) {
                if (wantedIds.contains(member.getId())) {
                    kept++;
                } else {
                    leave(member, group);
                }
            }
            first += kept;
        }
        wanted.forEach(u -> join(u, group));
    }

    void join(UserModel user, GroupModel group) {
        if (!user.isMemberOf(group)) {
            user.joinGroup(group);
            UserMapper.touch(user);
            ctx.adminEvent(OperationType.CREATE, ResourceType.GROUP_MEMBERSHIP, "users/" + user.getId() + "/groups/" + group.getId(), null);
        }
    }

    private void leave(UserModel user, GroupModel group) {
        if (user.isMemberOf(group)) {
            user.leaveGroup(group);
            UserMapper.touch(user);
            ctx.adminEvent(OperationType.DELETE, ResourceType.GROUP_MEMBERSHIP, "users/" + user.getId() + "/groups/" + group.getId(), null);
        }
    }

    /** Every listed member must be a user of this realm; checked before anything changes. */
    List<UserModel> resolve(JsonNode members) {
        List<UserModel> users = new ArrayList<>();
        if (members == null || members.isNull()) {
            return users;
        }
        for (JsonNode member : members.isArray() ? members : List.of(members)) {
            String id = member.isObject() ? member.path("value").asText("") : member.asText("");
            if (id.isBlank()) {
                throw ScimException.invalidValue("A member needs a \"value\" (the user's id).");
            }
            UserModel user = ctx.session.users().getUserById(ctx.realm, id);
            if (user == null || user.getServiceAccountClientLink() != null) {
                throw ScimException.invalidValue("Member " + id + " is not a user of this realm.");
            }
            users.add(user);
        }
        return users;
    }
}
