package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.scim.filter.AttributePath;
import dev.ssobundle.scim.filter.Filter;
import dev.ssobundle.scim.filter.FilterEvaluator;
import dev.ssobundle.scim.filter.FilterParser;
import dev.ssobundle.scim.filter.PatchPath;
import dev.ssobundle.scim.patch.PatchApplier;
import dev.ssobundle.scim.patch.PatchOperation;
import dev.ssobundle.scim.schema.Projection;
import dev.ssobundle.scim.schema.ResourceNormalizer;
import dev.ssobundle.scim.schema.ScimSchema;
import dev.ssobundle.scim.schema.ScimSchema.ResourceType;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.UserModel;

/**
 * /Groups over Keycloak's top-level groups: displayName is the group name, members are users.
 * Member changes go straight to Keycloak's membership table (one row per change), never through
 * a full member list in memory.
 */
final class GroupsEndpoint {

    static final String EXTERNAL_ID = "externalId";
    static final String CREATED = "scimCreated";
    static final String LAST_MODIFIED = "scimLastModified";
    /** Members returned in one group representation; larger groups are read with excludedAttributes=members plus user filters. */
    static final int MAX_MEMBERS_RETURNED = 10_000;
    static final int MAX_SCAN = 10_000;

    private final ScimContext ctx;
    private final FilterEvaluator evaluator = new FilterEvaluator(ResourceType.GROUP);
    private final ResourceNormalizer normalizer = new ResourceNormalizer(ResourceType.GROUP);

    GroupsEndpoint(ScimContext ctx) {
        this.ctx = ctx;
    }

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
            try (Stream<UserModel> users = ctx.session.users().getGroupMembersStream(ctx.realm, group, 0, MAX_MEMBERS_RETURNED)) {
                users.forEach(u -> addMember(members, u));
            }
        } else if (memberIdsToCheck != null) {
            // filters such as members[value eq "id"]: check those users' membership only
            for (String id : memberIdsToCheck) {
                UserModel user = ctx.session.users().getUserById(ctx.realm, id);
                if (user != null && user.isMemberOf(group)) {
                    addMember(members, user);
                }
            }
            if (members.isEmpty()) {
                try (Stream<UserModel> one = ctx.session.users().getGroupMembersStream(ctx.realm, group, 0, 1)) {
                    one.forEach(u -> addMember(members, u));
                }
            }
        }
        if (!members.isEmpty()) {
            node.set("members", members);
        }
        long lastModified = lastModified(group);
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", "Group");
        meta.put("created", Instant.ofEpochMilli(created(group)).toString());
        meta.put("lastModified", Instant.ofEpochMilli(lastModified).toString());
        meta.put("location", ctx.baseUri + "/Groups/" + group.getId());
        meta.put("version", UserMapper.version(lastModified));
        return node;
    }

    private void addMember(ArrayNode members, UserModel user) {
        members.addObject().put("value", user.getId()).put("$ref", ctx.baseUri + "/Users/" + user.getId())
                .put("display", user.getUsername()).put("type", "User");
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

    private static void touch(GroupModel group) {
        long now = Math.max(System.currentTimeMillis(), lastModified(group) + 1);
        if (group.getFirstAttribute(CREATED) == null) {
            group.setSingleAttribute(CREATED, Long.toString(now));
        }
        group.setSingleAttribute(LAST_MODIFIED, Long.toString(now));
    }

    Response list(ListRequest request) {
        Projection projection = Projection.of(ResourceType.GROUP, request.attributes(), request.excludedAttributes());
        boolean withMembers = projection.returns("members");
        List<ObjectNode> page = new ArrayList<>();
        long total;
        if (request.filter() == null) {
            if (request.sortBy() != null && !request.sortBy().equalsIgnoreCase("displayName")) {
                throw ScimException.invalidValue("Unfiltered group listings sort by displayName only.");
            }
            total = ctx.session.groups().getGroupsCount(ctx.realm, true);
            ListRequest.Window window = request.window(total);
            int first = window.first();
            int max = window.max();
            if (!window.isEmpty(total)) {
                try (Stream<GroupModel> groups = ctx.session.groups().getTopLevelGroupsStream(ctx.realm, first, max)) {
                    groups.forEach(g -> page.add(projection.apply(toScim(g, withMembers, null))));
                }
            }
            if (request.descending()) {
                java.util.Collections.reverse(page);
            }
        } else {
            Filter filter = evaluator.canonicalize(FilterParser.parse(request.filter()));
            Set<String> memberIds = memberIds(filter, new LinkedHashSet<>());
            List<ObjectNode> matches = new ArrayList<>();
            try (Stream<GroupModel> candidates = candidates(filter)) {
                candidates.map(g -> toScim(g, false, memberIds)).filter(json -> evaluator.matches(filter, json))
                        .forEach(json -> matches.add(json));
            }
            if (request.sortBy() != null) {
                if (!request.sortBy().equalsIgnoreCase("displayName")) {
                    throw ScimException.invalidValue("Groups sort by displayName only.");
                }
                Comparator<ObjectNode> byName = Comparator.comparing(j -> j.path("displayName").asText().toLowerCase(Locale.ROOT));
                matches.sort(request.descending() ? byName.reversed() : byName);
            }
            total = matches.size();
            matches.stream().skip(request.startIndex() - 1L).limit(request.count()).forEach(json -> {
                GroupModel group = ctx.session.groups().getGroupById(ctx.realm, json.path("id").asText());
                page.add(projection.apply(withMembers ? toScim(group, true, null) : stripMembers(json)));
            });
        }
        return ctx.json(Response.ok(), UsersEndpoint.listResponse(total, request.startIndex(), page));
    }

    private static ObjectNode stripMembers(ObjectNode json) {
        json.remove("members");
        return json;
    }

    /** User ids named by {@code members[value eq "..."]} / {@code members.value eq "..."} in a filter. */
    private static Set<String> memberIds(Filter filter, Set<String> out) {
        if (filter instanceof Filter.And a) {
            memberIds(a.left(), out);
            memberIds(a.right(), out);
        } else if (filter instanceof Filter.Or o) {
            memberIds(o.left(), out);
            memberIds(o.right(), out);
        } else if (filter instanceof Filter.Not n) {
            memberIds(n.inner(), out);
        } else if (filter instanceof Filter.ValuePath v && v.path().attribute().equals("members")) {
            memberIds(v.inner(), out);
        } else if (filter instanceof Filter.Comparison c && c.path().attribute().equals("value") || filter instanceof Filter.Comparison d
                && d.path().key().equals("members.value")) {
            out.add(((Filter.Comparison) filter).value().asText());
        }
        return out;
    }

    private Stream<GroupModel> candidates(Filter filter) {
        Stream<GroupModel> planned = plan(filter);
        if (planned != null) {
            return planned;
        }
        if (ctx.session.groups().getGroupsCount(ctx.realm, true) > MAX_SCAN) {
            throw new ScimException(400, "tooMany", "This group filter cannot use an index and the realm has more than " + MAX_SCAN + " groups.");
        }
        return ctx.session.groups().getTopLevelGroupsStream(ctx.realm);
    }

    private Stream<GroupModel> plan(Filter filter) {
        if (filter instanceof Filter.And a) {
            Stream<GroupModel> left = plan(a.left());
            return left != null ? left : plan(a.right());
        }
        if (filter instanceof Filter.Comparison c && c.operator() == Filter.Operator.EQ && c.value().isTextual()) {
            String value = c.value().asText();
            switch (c.path().key()) {
                case "id":
                    return Stream.ofNullable(ctx.session.groups().getGroupById(ctx.realm, value)).filter(g -> g.getParentId() == null);
                case "displayname":
                    GroupModel exact = ctx.session.groups().getGroupByName(ctx.realm, null, value);
                    if (exact != null) {
                        return Stream.of(exact);
                    }
                    return ctx.session.groups().getTopLevelGroupsStream(ctx.realm, value, false, 0, ListRequest.MAX_COUNT * 10);
                case "externalid":
                    return ctx.session.groups().searchGroupsByAttributes(ctx.realm, Map.of(EXTERNAL_ID, value), 0, ListRequest.MAX_COUNT * 10);
                default:
                    return null;
            }
        }
        return null;
    }

    GroupModel find(String id) {
        GroupModel group = ctx.session.groups().getGroupById(ctx.realm, id);
        if (group == null || group.getParentId() != null || group.getType() != GroupModel.Type.REALM) {
            throw ScimException.notFound("No group with id " + id + ".");
        }
        return group;
    }

    Response get(String id, Projection projection) {
        GroupModel group = find(id);
        ObjectNode json = toScim(group, projection.returns("members"), null);
        return ctx.json(Response.ok().tag(etag(json)), projection.apply(json));
    }

    private static EntityTag etag(JsonNode json) {
        String version = json.path("meta").path("version").asText();
        return new EntityTag(version.substring(3, version.length() - 1), true);
    }

    Response create(JsonNode body) {
        ObjectNode scim = normalizer.normalize(body);
        String name = displayName(scim);
        checkUnique(null, name);
        List<UserModel> members = resolveMembers(scim.get("members"));
        GroupModel group = ctx.session.groups().createGroup(ctx.realm, name);
        setExternalId(group, scim);
        members.forEach(u -> join(u, group));
        touch(group);
        ObjectNode json = toScim(group, true, null);
        ctx.adminEvent(OperationType.CREATE, org.keycloak.events.admin.ResourceType.GROUP, "groups/" + group.getId(), json);
        return ctx.json(Response.created(URI.create(json.path("meta").path("location").asText())).tag(etag(json)), json);
    }

    Response replace(String id, JsonNode body, HttpHeaders headers) {
        GroupModel group = find(id);
        ScimContext.checkIfMatch(headers, UserMapper.version(lastModified(group)));
        ObjectNode scim = normalizer.normalize(body);
        String name = displayName(scim);
        checkUnique(group, name);
        List<UserModel> members = resolveMembers(scim.get("members"));
        group.setName(name);
        setExternalId(group, scim);
        replaceMembers(group, members);
        touch(group);
        ObjectNode json = toScim(group, true, null);
        ctx.adminEvent(OperationType.UPDATE, org.keycloak.events.admin.ResourceType.GROUP, "groups/" + group.getId(), json);
        return ctx.json(Response.ok().tag(etag(json)), json);
    }

    Response patch(String id, JsonNode body, HttpHeaders headers, Projection projection) {
        GroupModel group = find(id);
        ScimContext.checkIfMatch(headers, UserMapper.version(lastModified(group)));
        List<PatchOperation> operations = PatchOperation.parseRequest(body);
        ObjectNode attributes = ScimContext.JSON.createObjectNode();
        attributes.put("displayName", group.getName());
        if (group.getFirstAttribute(EXTERNAL_ID) != null) {
            attributes.put("externalId", group.getFirstAttribute(EXTERNAL_ID));
        }
        PatchApplier applier = new PatchApplier(ResourceType.GROUP);
        for (PatchOperation operation : operations) {
            if (operation.path() == null) {
                ObjectNode rest = operation.value().deepCopy();
                for (String key : new ArrayList<>(iterable(rest.fieldNames()))) {
                    if (key.equalsIgnoreCase("members")) {
                        applyMembers(group, operation.op(), null, rest.get(key));
                        rest.remove(key);
                    }
                }
                applier.apply(attributes, new PatchOperation(operation.op(), null, null, rest));
            } else if (operation.path().attribute().schemaUrn() == null && operation.path().attribute().attribute().equalsIgnoreCase("members")
                    || ScimSchema.GROUP.equalsIgnoreCase(operation.path().attribute().schemaUrn())
                    && operation.path().attribute().attribute().equalsIgnoreCase("members")) {
                applyMembers(group, operation.op(), operation.path(), operation.value());
            } else {
                applier.apply(attributes, operation);
            }
        }
        String name = displayName(attributes);
        if (!name.equals(group.getName())) {
            checkUnique(group, name);
            group.setName(name);
        }
        setExternalId(group, attributes);
        touch(group);
        ObjectNode json = toScim(group, projection.returns("members"), null);
        ctx.adminEvent(OperationType.UPDATE, org.keycloak.events.admin.ResourceType.GROUP, "groups/" + group.getId(), json);
        return ctx.json(Response.ok().tag(etag(json)), projection.apply(json));
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /** add / remove / replace on members, in Entra's default, aadOptscim062020 and RFC forms. */
    private void applyMembers(GroupModel group, PatchOperation.Op op, PatchPath path, JsonNode value) {
        if (path != null && path.subAttribute() != null) {
            throw ScimException.invalidPath("Member sub-attributes cannot be patched; add or remove members instead.");
        }
        if (path != null && path.valueFilter() != null) {
            if (op != PatchOperation.Op.REMOVE) {
                throw ScimException.invalidPath("Add members with path \"members\" and a value list.");
            }
            Filter filter = evaluator.canonicalizeWithin(new AttributePath(null, "members", null), path.valueFilter());
            Set<String> ids = memberIds(filter, new LinkedHashSet<>());
            if (ids.isEmpty()) {
                throw ScimException.invalidFilter("Member removal filters select members by value eq \"id\".");
            }
            for (String id : ids) {
                UserModel user = ctx.session.users().getUserById(ctx.realm, id);
                if (user != null && user.isMemberOf(group)) {
                    ObjectNode element = ScimContext.JSON.createObjectNode().put("value", id);
                    if (evaluator.matchesElement(filter, element, new AttributePath(null, "members", null))) {
                        leave(user, group);
                    }
                }
            }
            return;
        }
        List<UserModel> listed = value == null || value.isNull() ? List.of() : resolveMembers(value);
        switch (op) {
            case ADD -> listed.forEach(u -> join(u, group));
            case REPLACE -> replaceMembers(group, listed);
            case REMOVE -> {
                if (value == null || value.isNull() || (value.isArray() && value.isEmpty())) {
                    replaceMembers(group, List.of());
                } else {
                    listed.forEach(u -> leave(u, group));
                }
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    private void replaceMembers(GroupModel group, List<UserModel> wanted) {
        // A lambda, not UserModel::getId: the method reference names Model (26.6+), which 26.4/26.5 lack.
        Set<String> wantedIds = wanted.stream().map(user -> user.getId()).collect(Collectors.toSet());
        // page through current members by id; removals shift the window, so restart from 0 after each pass
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

    private void join(UserModel user, GroupModel group) {
        if (!user.isMemberOf(group)) {
            user.joinGroup(group);
            UserMapper.touch(user);
            ctx.adminEvent(OperationType.CREATE, org.keycloak.events.admin.ResourceType.GROUP_MEMBERSHIP,
                    "users/" + user.getId() + "/groups/" + group.getId(), null);
        }
    }

    private void leave(UserModel user, GroupModel group) {
        if (user.isMemberOf(group)) {
            user.leaveGroup(group);
            UserMapper.touch(user);
            ctx.adminEvent(OperationType.DELETE, org.keycloak.events.admin.ResourceType.GROUP_MEMBERSHIP,
                    "users/" + user.getId() + "/groups/" + group.getId(), null);
        }
    }

    /** Every listed member must be a user of this realm; checked before anything changes. */
    private List<UserModel> resolveMembers(JsonNode members) {
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

    private static String displayName(ObjectNode scim) {
        String name = scim.path("displayName").asText("").trim();
        if (name.isEmpty()) {
            throw ScimException.invalidValue("displayName is required.");
        }
        return name;
    }

    private void setExternalId(GroupModel group, ObjectNode scim) {
        String externalId = scim.path("externalId").asText("");
        if (externalId.isEmpty()) {
            group.removeAttribute(EXTERNAL_ID);
        } else {
            group.setSingleAttribute(EXTERNAL_ID, externalId);
        }
    }

    private void checkUnique(GroupModel self, String name) {
        GroupModel existing = ctx.session.groups().getGroupByName(ctx.realm, null, name);
        if (existing != null && (self == null || !existing.getId().equals(self.getId()))) {
            throw ScimException.uniqueness("A group named '" + name + "' already exists.");
        }
    }

    Response delete(String id, HttpHeaders headers) {
        GroupModel group = find(id);
        ScimContext.checkIfMatch(headers, UserMapper.version(lastModified(group)));
        ctx.realm.removeGroup(group);
        ctx.adminEvent(OperationType.DELETE, org.keycloak.events.admin.ResourceType.GROUP, "groups/" + id, null);
        return Response.noContent().build();
    }
}
