package dev.ssobundle.scim;

import dev.ssobundle.scim.filter.Filter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.models.GroupModel;
import org.keycloak.models.GroupProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Turns a canonical group filter into a query returning a superset of the matches: {@code id},
 * {@code displayName} and {@code externalId} equalities are indexed lookups; anything else is a
 * scan of the top-level groups. Either reads at most the realm's candidate limit
 * ({@link ScimRealmSettings#maxFilterCandidates()}), else 400 tooMany, never a silent cut.
 * The caller evaluates the exact filter on what comes back.
 */
final class GroupQueryPlanner {

    private final RealmModel realm;
    private final GroupProvider groups;
    private final int limit;

    GroupQueryPlanner(KeycloakSession session, RealmModel realm) {
        this.realm = realm;
        this.groups = session.groups();
        this.limit = new ScimRealmSettings(realm).maxFilterCandidates();
    }

    Stream<GroupModel> candidates(Filter filter) {
        Stream<GroupModel> planned = plan(filter);
        if (planned != null) {
            return bounded(planned);
        }
        if (groups.getGroupsCount(realm, true) > limit) {
            throw tooMany();
        }
        return groups.getTopLevelGroupsStream(realm);
    }

    /** Reads one more than the limit to tell "exactly the limit" from "more": more is a 400, never a truncated answer. */
    private Stream<GroupModel> bounded(Stream<GroupModel> planned) {
        List<GroupModel> read;
        try (planned) {
            read = planned.limit(limit + 1L).toList();
        }
        if (read.size() > limit) {
            throw tooMany();
        }
        return read.stream();
    }

    private ScimException tooMany() {
        return new ScimException(400, "tooMany", "This group filter would make the server read more than " + limit + " groups (realm attribute "
                + ScimRealmSettings.MAX_FILTER_CANDIDATES + "); use displayName eq, externalId eq or id eq.");
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
                    return Stream.ofNullable(groups.getGroupById(realm, value)).filter(g -> g.getParentId() == null);
                case "displayname":
                    GroupModel exact = groups.getGroupByName(realm, null, value);
                    if (exact != null) {
                        return Stream.of(exact);
                    }
                    return groups.getTopLevelGroupsStream(realm, value, false, 0, limit + 1);
                case "externalid":
                    return groups.searchGroupsByAttributes(realm, Map.of(GroupMapper.EXTERNAL_ID, value), 0, limit + 1);
                default:
                    return null;
            }
        }
        return null;
    }

    /** User ids named by {@code members[value eq "..."]} / {@code members.value eq "..."} in a filter. */
    static Set<String> memberIds(Filter filter, Set<String> out) {
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
        } else if (filter instanceof Filter.Comparison c && (c.path().attribute().equals("value") || c.path().key().equals("members.value"))) {
            out.add(c.value().asText());
        }
        return out;
    }
}
