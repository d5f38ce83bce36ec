package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.scim.filter.Filter;
import dev.ssobundle.scim.filter.FilterParser;
import dev.ssobundle.scim.patch.PatchApplier;
import dev.ssobundle.scim.patch.PatchOperation;
import dev.ssobundle.scim.schema.Projection;
import dev.ssobundle.scim.schema.ScimSchema;
import dev.ssobundle.scim.schema.ScimSchema.ResourceType;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.models.GroupModel;
import org.keycloak.models.UserModel;

/** /Groups over Keycloak's top-level groups: RFC 7644 CRUD, PATCH and search. */
final class GroupsEndpoint extends ResourceEndpoint<GroupModel> {

    private final GroupMapper mapper;
    private final GroupMembership membership;

    GroupsEndpoint(ScimContext ctx) {
        super(ctx, ResourceType.GROUP);
        this.mapper = new GroupMapper(ctx.session, ctx.realm, ctx.baseUri);
        this.membership = new GroupMembership(ctx);
    }

    @Override
    Response list(ListRequest request) {
        Projection projection = Projection.of(ResourceType.GROUP, request.attributes(), request.excludedAttributes());
        boolean withMembers = projection.returns("members");
        if (request.filter() == null) {
            if (request.sortBy() != null && !request.sortBy().equalsIgnoreCase("displayName")) {
                throw ScimException.invalidValue("Unfiltered group listings sort by displayName only.");
            }
            Set<String> hidden = ctx.power().privilegedTopLevelGroupIds();
            long total = ctx.session.groups().getGroupsCount(ctx.realm, true) - hidden.size();
            return databasePage(request, total, (first, max) -> visibleTopLevelGroups(hidden, first, max),
                    g -> projection.apply(mapper.toScim(g, withMembers, null)));
        }
        Filter filter = evaluator.canonicalize(FilterParser.parse(request.filter()));
        Set<String> memberIds = GroupQueryPlanner.memberIds(filter, new LinkedHashSet<>());
        List<ObjectNode> matches = new ArrayList<>();
        try (Stream<GroupModel> candidates = new GroupQueryPlanner(ctx.session, ctx.realm).candidates(filter)) {
            Set<String> hidden = ctx.power().privilegedTopLevelGroupIds();
            candidates.filter(g -> !hidden.contains(g.getId())).map(g -> mapper.toScim(g, false, memberIds)).filter(json -> evaluator.matches(filter, json)).forEach(matches::add);
        }
        if (request.sortBy() != null) {
            if (!request.sortBy().equalsIgnoreCase("displayName")) {
                throw ScimException.invalidValue("Groups sort by displayName only.");
            }
            Comparator<ObjectNode> byName = Comparator.comparing(j -> j.path("displayName").asText().toLowerCase(Locale.ROOT));
            matches.sort(request.descending() ? byName.reversed() : byName);
        }
        List<ObjectNode> page = new ArrayList<>();
        matches.stream().skip(request.startIndex() - 1L).limit(request.count()).forEach(json -> {
            if (withMembers) {
                page.add(projection.apply(mapper.toScim(ctx.session.groups().getGroupById(ctx.realm, json.path("id").asText()), true, null)));
            } else {
                json.remove("members");
                page.add(projection.apply(json));
            }
        });
        return listed(matches.size(), request.startIndex(), page);
    }

    /**
     * Keycloak's top-level groups in name order, without the privileged ones: a straight database
     * window when there are none (the usual case), else pages read from the start, skipping them.
     */
    private Stream<GroupModel> visibleTopLevelGroups(Set<String> hidden, int first, int max) {
        if (hidden.isEmpty()) {
            return ctx.session.groups().getTopLevelGroupsStream(ctx.realm, first, max);
        }
        Rows<GroupModel> topLevel = (from, count) -> ctx.session.groups().getTopLevelGroupsStream(ctx.realm, from, count);
        return topLevel.pages(500)
                .filter(g -> !hidden.contains(g.getId()))
                .skip(first).limit(max);
    }

    /** A top-level realm group that carries no administrative power: privileged groups do not exist for SCIM. */
    @Override
    GroupModel visible(String id) {
        GroupModel group = ctx.session.groups().getGroupById(ctx.realm, id);
        boolean visible = group != null && group.getParentId() == null && group.getType() == GroupModel.Type.REALM && !ctx.power().isPrivileged(group);
        return visible ? group : null;
    }

    @Override
    String version(GroupModel group) {
        return GroupMapper.version(group);
    }

    @Override
    ObjectNode representation(GroupModel group, Projection projection) {
        return mapper.toScim(group, projection.returns("members"), null);
    }

    @Override
    Response create(JsonNode body) {
        ObjectNode scim = normalizer.normalize(body);
        String name = GroupMapper.displayName(scim);
        checkUnique(null, name);
        List<UserModel> members = membership.resolve(scim.get("members"));
        GroupModel group = ctx.session.groups().createGroup(ctx.realm, name);
        GroupMapper.writeExternalId(group, scim);
        members.forEach(u -> membership.join(u, group));
        GroupMapper.touch(group);
        return created(group.getId(), mapper.toScim(group, true, null));
    }

    @Override
    Response replace(String id, JsonNode body, HttpHeaders headers) {
        GroupModel group = forWrite(id, headers);
        ObjectNode scim = normalizer.normalize(body);
        String name = GroupMapper.displayName(scim);
        checkUnique(group, name);
        List<UserModel> members = membership.resolve(scim.get("members"));
        group.setName(name);
        GroupMapper.writeExternalId(group, scim);
        membership.replace(group, members);
        return updated(group, Projection.of(ResourceType.GROUP, null, null), true);
    }

    @Override
    Response patch(String id, JsonNode body, HttpHeaders headers, Projection projection) {
        GroupModel group = forWrite(id, headers);
        List<PatchOperation> operations = PatchOperation.parseRequest(body);
        ObjectNode attributes = ScimContext.JSON.createObjectNode();
        attributes.put("displayName", group.getName());
        if (group.getFirstAttribute(GroupMapper.EXTERNAL_ID) != null) {
            attributes.put("externalId", group.getFirstAttribute(GroupMapper.EXTERNAL_ID));
        }
        PatchApplier applier = new PatchApplier(ResourceType.GROUP);
        for (PatchOperation operation : operations) {
            if (operation.path() == null) {
                // {"op":"add","value":{"members":[…],"displayName":…}}: members go to the membership table, the rest to the group
                ObjectNode rest = operation.value().deepCopy();
                for (Iterator<String> names = operation.value().fieldNames(); names.hasNext(); ) {
                    String key = names.next();
                    if (key.equalsIgnoreCase("members")) {
                        membership.apply(group, operation.op(), null, rest.remove(key));
                    }
                }
                applier.apply(attributes, new PatchOperation(operation.op(), null, null, rest));
            } else if (targetsMembers(operation)) {
                membership.apply(group, operation.op(), operation.path(), operation.value());
            } else {
                applier.apply(attributes, operation);
            }
        }
        String name = GroupMapper.displayName(attributes);
        if (!name.equals(group.getName())) {
            checkUnique(group, name);
            group.setName(name);
        }
        GroupMapper.writeExternalId(group, attributes);
        return updated(group, projection, projection.requested());
    }

    private static boolean targetsMembers(PatchOperation operation) {
        String schema = operation.path().attribute().schemaUrn();
        return (schema == null || ScimSchema.GROUP.equalsIgnoreCase(schema)) && operation.path().attribute().attribute().equalsIgnoreCase("members");
    }

    /**
     * Records the change and answers it: 200 with the new representation, or, for a PATCH the client
     * asked nothing back from (Entra ID's and Okta's membership pushes), 204 with the new ETag. Then
     * neither the answer nor the admin event lists the members, so a one-member change costs the
     * same on a 10-member and a 10,000-member group.
     */
    private Response updated(GroupModel group, Projection projection, boolean withBody) {
        GroupMapper.touch(group);
        ObjectNode json = mapper.toScim(group, withBody && projection.returns("members"), null);
        return withBody ? updated(group.getId(), json, projection) : updatedWithoutBody(group.getId(), json);
    }

    private void checkUnique(GroupModel self, String name) {
        GroupModel existing = ctx.session.groups().getGroupByName(ctx.realm, null, name);
        if (existing != null && (self == null || !existing.getId().equals(self.getId()))) {
            throw ScimException.uniqueness("A group named '" + name + "' already exists.");
        }
    }

    @Override
    Response delete(String id, HttpHeaders headers) {
        GroupModel group = forWrite(id, headers);
        if (ctx.power().hasPrivilegedSubgroup(group)) {
            throw new ScimException(403, null, "Group " + id + " has a subgroup carrying administrative roles; deleting it would delete that subgroup.");
        }
        ctx.realm.removeGroup(group);
        return deleted(id);
    }
}
