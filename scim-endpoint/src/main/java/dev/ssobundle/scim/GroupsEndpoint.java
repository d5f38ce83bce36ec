package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.scim.filter.Filter;
import dev.ssobundle.scim.filter.FilterEvaluator;
import dev.ssobundle.scim.filter.FilterParser;
import dev.ssobundle.scim.patch.PatchApplier;
import dev.ssobundle.scim.patch.PatchOperation;
import dev.ssobundle.scim.schema.Projection;
import dev.ssobundle.scim.schema.ResourceNormalizer;
import dev.ssobundle.scim.schema.ScimSchema;
import dev.ssobundle.scim.schema.ScimSchema.ResourceType;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.UserModel;

/** /Groups over Keycloak's top-level groups: RFC 7644 CRUD, PATCH and search. */
final class GroupsEndpoint implements ResourceEndpoint {

    private final ScimContext ctx;
    private final GroupMapper mapper;
    private final GroupMembership membership;
    private final FilterEvaluator evaluator = new FilterEvaluator(ResourceType.GROUP);
    private final ResourceNormalizer normalizer = new ResourceNormalizer(ResourceType.GROUP);

    GroupsEndpoint(ScimContext ctx) {
        this.ctx = ctx;
        this.mapper = new GroupMapper(ctx.session, ctx.realm, ctx.baseUri);
        this.membership = new GroupMembership(ctx);
    }

    @Override
    public Response list(ListRequest request) {
        Projection projection = Projection.of(ResourceType.GROUP, request.attributes(), request.excludedAttributes());
        boolean withMembers = projection.returns("members");
        List<ObjectNode> page = new ArrayList<>();
        long total;
        if (request.filter() == null) {
            if (request.sortBy() != null && !request.sortBy().equalsIgnoreCase("displayName")) {
                throw ScimException.invalidValue("Unfiltered group listings sort by displayName only.");
            }
            Set<String> hidden = ctx.power().privilegedTopLevelGroupIds();
            total = ctx.session.groups().getGroupsCount(ctx.realm, true) - hidden.size();
            ListRequest.Window window = request.window(total);
            if (!window.isEmpty(total)) {
                try (Stream<GroupModel> groups = visibleTopLevelGroups(hidden, window)) {
                    groups.forEach(g -> page.add(projection.apply(mapper.toScim(g, withMembers, null))));
                }
            }
            if (request.descending()) {
                Collections.reverse(page);
            }
        } else {
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
            total = matches.size();
            matches.stream().skip(request.startIndex() - 1L).limit(request.count()).forEach(json -> {
                if (withMembers) {
                    page.add(projection.apply(mapper.toScim(ctx.session.groups().getGroupById(ctx.realm, json.path("id").asText()), true, null)));
                } else {
                    json.remove("members");
                    page.add(projection.apply(json));
                }
            });
        }
        return ctx.json(Response.ok(), ListResponse.of(total, request.startIndex(), page));
    }

    /**
     * Keycloak's top-level groups in name order, without the privileged ones: a straight database
     * window when there are none (the usual case), else pages read from the start, skipping them.
     */
    private Stream<GroupModel> visibleTopLevelGroups(Set<String> hidden, ListRequest.Window window) {
        if (hidden.isEmpty()) {
            return ctx.session.groups().getTopLevelGroupsStream(ctx.realm, window.first(), window.max());
        }
        int pageSize = 500;
        return Stream.iterate(0, first -> first + pageSize)
                .map(first -> {
                    try (Stream<GroupModel> page = ctx.session.groups().getTopLevelGroupsStream(ctx.realm, first, pageSize)) {
                        return page.toList();
                    }
                })
                .takeWhile(page -> !page.isEmpty())
                .flatMap(List::stream)
                .filter(g -> !hidden.contains(g.getId()))
                .skip(window.first()).limit(window.max());
    }

    /** A top-level realm group that carries no administrative power, else 404: privileged groups do not exist for SCIM. */
    GroupModel find(String id) {
        GroupModel group = ctx.session.groups().getGroupById(ctx.realm, id);
        if (group == null || group.getParentId() != null || group.getType() != GroupModel.Type.REALM || ctx.power().isPrivileged(group)) {
            throw ScimException.notFound("No group with id " + id + ".");
        }
        return group;
    }

    @Override
    public Response get(String id, Projection projection, HttpHeaders headers) {
        GroupModel group = find(id);
        String version = GroupMapper.version(group);
        if (ResourceVersion.notModified(headers, version)) {
            return Response.notModified(ResourceVersion.etag(version)).build();
        }
        ObjectNode json = mapper.toScim(group, projection.returns("members"), null);
        return ctx.json(Response.ok().tag(ResourceVersion.etag(json)), projection.apply(json));
    }

    @Override
    public Response create(JsonNode body) {
        ObjectNode scim = normalizer.normalize(body);
        String name = GroupMapper.displayName(scim);
        checkUnique(null, name);
        List<UserModel> members = membership.resolve(scim.get("members"));
        GroupModel group = ctx.session.groups().createGroup(ctx.realm, name);
        GroupMapper.writeExternalId(group, scim);
        members.forEach(u -> membership.join(u, group));
        GroupMapper.touch(group);
        ObjectNode json = mapper.toScim(group, true, null);
        ctx.adminEvent(OperationType.CREATE, org.keycloak.events.admin.ResourceType.GROUP, "groups/" + group.getId(), json);
        return ctx.json(Response.created(URI.create(json.path("meta").path("location").asText())).tag(ResourceVersion.etag(json)), json);
    }

    @Override
    public Response replace(String id, JsonNode body, HttpHeaders headers) {
        GroupModel group = find(id);
        ResourceVersion.checkIfMatch(headers, GroupMapper.version(group));
        ObjectNode scim = normalizer.normalize(body);
        String name = GroupMapper.displayName(scim);
        checkUnique(group, name);
        List<UserModel> members = membership.resolve(scim.get("members"));
        group.setName(name);
        GroupMapper.writeExternalId(group, scim);
        membership.replace(group, members);
        return updated(group, Projection.of(ResourceType.GROUP, null, null));
    }

    @Override
    public Response patch(String id, JsonNode body, HttpHeaders headers, Projection projection) {
        GroupModel group = find(id);
        ResourceVersion.checkIfMatch(headers, GroupMapper.version(group));
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
        return projection.requested() ? updated(group, projection) : updatedWithoutBody(group);
    }

    private static boolean targetsMembers(PatchOperation operation) {
        String schema = operation.path().attribute().schemaUrn();
        return (schema == null || ScimSchema.GROUP.equalsIgnoreCase(schema)) && operation.path().attribute().attribute().equalsIgnoreCase("members");
    }

    /** Records the change, writes the admin event and answers the new representation. */
    private Response updated(GroupModel group, Projection projection) {
        GroupMapper.touch(group);
        ObjectNode json = mapper.toScim(group, projection.returns("members"), null);
        ctx.adminEvent(OperationType.UPDATE, org.keycloak.events.admin.ResourceType.GROUP, "groups/" + group.getId(), json);
        return ctx.json(Response.ok().tag(ResourceVersion.etag(json)), projection.apply(json));
    }

    /**
     * A PATCH the client asked nothing back from (RFC 7644 §3.5.2; Entra ID's and Okta's membership
     * pushes): 204 with the new ETag. Neither the answer nor the admin event lists the members, so a
     * one-member change costs the same on a 10-member and a 10,000-member group.
     */
    private Response updatedWithoutBody(GroupModel group) {
        GroupMapper.touch(group);
        ObjectNode json = mapper.toScim(group, false, null);
        ctx.adminEvent(OperationType.UPDATE, org.keycloak.events.admin.ResourceType.GROUP, "groups/" + group.getId(), json);
        return Response.noContent().tag(ResourceVersion.etag(json)).build();
    }

    private void checkUnique(GroupModel self, String name) {
        GroupModel existing = ctx.session.groups().getGroupByName(ctx.realm, null, name);
        if (existing != null && (self == null || !existing.getId().equals(self.getId()))) {
            throw ScimException.uniqueness("A group named '" + name + "' already exists.");
        }
    }

    @Override
    public Response delete(String id, HttpHeaders headers) {
        GroupModel group = find(id);
        ResourceVersion.checkIfMatch(headers, GroupMapper.version(group));
        if (ctx.power().hasPrivilegedSubgroup(group)) {
            throw new ScimException(403, null, "Group " + id + " has a subgroup carrying administrative roles; deleting it would delete that subgroup.");
        }
        ctx.realm.removeGroup(group);
        ctx.adminEvent(OperationType.DELETE, org.keycloak.events.admin.ResourceType.GROUP, "groups/" + id, null);
        return Response.noContent().build();
    }
}
