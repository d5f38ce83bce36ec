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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.keycloak.models.ModelException;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;

/** /Users: RFC 7644 CRUD, PATCH and search over Keycloak users. */
final class UsersEndpoint extends ResourceEndpoint<UserModel> {

    private final UserMapper mapper;
    private final UserProfileCheck profileCheck;

    UsersEndpoint(ScimContext ctx) {
        super(ctx, ResourceType.USER);
        this.mapper = new UserMapper(ctx.session, ctx.realm, ctx.baseUri, group -> !ctx.power().isPrivileged(group));
        this.profileCheck = new UserProfileCheck(ctx.session, mapper);
    }

    /**
     * Every listing reads a bounded amount from the database: unfiltered listings and filters the
     * database answers exactly are one count plus one page; other filters read their candidates
     * page by page, at most the realm's candidate limit (else 400 tooMany, checked by a count
     * before reading), and answer the true number of matches.
     */
    @Override
    Response list(ListRequest request) {
        Projection projection = Projection.of(ResourceType.USER, request.attributes(), request.excludedAttributes());
        boolean withGroups = projection.returns("groups");
        boolean databaseOrder = request.sortBy() == null || request.sortBy().equalsIgnoreCase("userName");
        if (request.filter() == null) {
            if (!databaseOrder) {
                throw ScimException.invalidValue("Unfiltered user listings sort by userName only (Keycloak's indexed order).");
            }
            return databasePage(request, Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false"), projection, withGroups);
        }
        Filter filter = evaluator.canonicalize(FilterParser.parse(request.filter()));
        UserQueryPlanner planner = new UserQueryPlanner(ctx.session, ctx.realm);
        UserQueryPlanner.Plan plan = planner.plan(filter);
        if (plan != null && plan.search() != null && plan.exact() && databaseOrder) {
            return databasePage(request, plan.search(), projection, withGroups);
        }
        return evaluated(request, filter, planner, plan, projection, withGroups || mentionsGroups(request.filter()));
    }

    /** The database counts and pages: the filter (if any) is exactly these search criteria. */
    private Response databasePage(ListRequest request, Map<String, String> criteria, Projection projection, boolean withGroups) {
        return databasePage(request, ctx.session.users().getUsersCount(ctx.realm, criteria),
                (first, max) -> ctx.session.users().searchForUserStream(ctx.realm, criteria, first, max),
                u -> projection.apply(mapper.toScim(u, withGroups)));
    }

    /** Evaluates the filter on at most the realm's candidate limit of users, read page by page. */
    private Response evaluated(ListRequest request, Filter filter, UserQueryPlanner planner, UserQueryPlanner.Plan plan, Projection projection,
            boolean withGroups) {
        int limit = new ScimRealmSettings(ctx.realm).maxFilterCandidates();
        Stream<UserModel> candidates;
        if (plan == null || plan.search() != null) {
            Map<String, String> criteria = plan == null ? Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false") : plan.search();
            int count = ctx.session.users().getUsersCount(ctx.realm, criteria);
            if (count > limit) {
                throw tooMany(count + " users", limit);
            }
            candidates = planner.pages(criteria);
        } else {
            candidates = plan.lookup().get();
        }
        Comparator<ObjectNode> order = request.sortBy() == null ? null : sortOrder(request);
        List<ObjectNode> kept = new ArrayList<>();
        long matched = 0;
        long read = 0;
        try (candidates) {
            for (Iterator<UserModel> it = candidates.iterator(); it.hasNext(); ) {
                UserModel user = it.next();
                if (++read > limit) {
                    throw tooMany("more than " + limit + " users", limit);
                }
                ObjectNode json = mapper.toScim(user, withGroups);
                if (!evaluator.matches(filter, json)) {
                    continue;
                }
                matched++;
                // unsorted: keep only the requested page; sorted: keep every match (at most the limit)
                if (order != null || (matched >= request.startIndex() && kept.size() < request.count())) {
                    kept.add(json);
                }
            }
        }
        if (order != null) {
            kept.sort(order);
            kept = kept.stream().skip(request.startIndex() - 1L).limit(request.count()).toList();
        }
        List<ObjectNode> page = new ArrayList<>();
        kept.forEach(json -> page.add(projection.apply(json)));
        return listed(matched, request.startIndex(), page);
    }

    private ScimException tooMany(String candidates, int limit) {
        return new ScimException(400, "tooMany", "This filter would make the server read " + candidates + " (this realm's limit is " + limit
                + ", realm attribute " + ScimRealmSettings.MAX_FILTER_CANDIDATES + "). Narrow it: equality on userName, emails, externalId, id,"
                + " active, name, title, department or another attribute, or a \"co\" (contains) match, are answered by the database with a true count.");
    }


    private static boolean mentionsGroups(String filter) {
        return filter.toLowerCase(Locale.ROOT).contains("groups");
    }

    private Comparator<ObjectNode> sortOrder(ListRequest request) {
        var path = dev.ssobundle.scim.filter.AttributePath.parse(request.sortBy());
        ScimSchema.Resolved resolved = ResourceType.USER.resolve(path);
        if (resolved == null) {
            throw ScimException.invalidValue("Unknown sortBy attribute '" + request.sortBy() + "'.");
        }
        Comparator<ObjectNode> comparator = Comparator.comparing(json -> sortKey(json, resolved), Comparator.nullsLast(String::compareTo));
        return request.descending() ? comparator.reversed() : comparator;
    }

    private static String sortKey(ObjectNode json, ScimSchema.Resolved resolved) {
        JsonNode base = resolved.extension() ? json.path(resolved.schema().urn()) : json;
        JsonNode value = base.path(resolved.attribute().name());
        if (value.isArray()) {
            value = value.path(0);
        }
        if (resolved.subAttribute() != null) {
            value = value.path(resolved.subAttribute().name());
        } else if (value.isObject()) {
            value = value.path("value");
        }
        return value.isMissingNode() || value.isNull() ? null : value.asText().toLowerCase(Locale.ROOT);
    }

    /** Service accounts are clients' identities, not users a directory provisions. */
    @Override
    UserModel visible(String id) {
        UserModel user = ctx.session.users().getUserById(ctx.realm, id);
        return user == null || user.getServiceAccountClientLink() != null ? null : user;
    }

    @Override
    String version(UserModel user) {
        return UserMapper.version(user);
    }

    @Override
    ObjectNode representation(UserModel user, Projection projection) {
        return mapper.toScim(user, projection.returns("groups"));
    }

    /** A provisioning client must not be able to take over or lock out an administrator. */
    @Override
    void checkWritable(UserModel user) {
        ctx.checkManageable(user);
    }

    @Override
    Response create(JsonNode body) {
        ObjectNode scim = normalizer.normalize(body);
        String userName = scim.path("userName").asText("");
        if (userName.isBlank()) {
            throw ScimException.invalidValue("userName is required.");
        }
        checkUnique(null, scim);
        if (!scim.has("active")) {
            scim.put("active", true);
        }
        profileCheck.beforeCreate(scim);
        UserModel user = ctx.session.users().addUser(ctx.realm, userName);
        writeUser(user, scim);
        return created(user.getId(), mapper.toScim(user, true));
    }

    @Override
    Response replace(String id, JsonNode body, HttpHeaders headers) {
        UserModel user = forWrite(id, headers);
        return update(user, normalizer.normalize(body), "userName is required.", Projection.of(ResourceType.USER, null, null));
    }

    @Override
    Response patch(String id, JsonNode body, HttpHeaders headers, Projection projection) {
        UserModel user = forWrite(id, headers);
        List<PatchOperation> operations = PatchOperation.parseRequest(body);
        ObjectNode scim = mapper.toScim(user, false);
        scim.remove("meta");
        scim.remove("id");
        scim.remove("schemas");
        PatchApplier applier = new PatchApplier(ResourceType.USER);
        // every operation applies to the in-memory resource first; Keycloak is written once, only if all succeeded
        for (PatchOperation operation : operations) {
            applier.apply(scim, operation);
        }
        return update(user, scim, "userName cannot be removed.", projection);
    }

    /** Writes the new state of a user (PUT's body, PATCH's result) once it is valid, and answers it. */
    private Response update(UserModel user, ObjectNode scim, String userNameMissing, Projection projection) {
        if (scim.path("userName").asText("").isBlank()) {
            throw ScimException.invalidValue(userNameMissing);
        }
        checkUnique(user, scim);
        profileCheck.beforeUpdate(user, scim);
        writeUser(user, scim);
        return updated(user.getId(), mapper.toScim(user, true), projection);
    }

    @Override
    Response delete(String id, HttpHeaders headers) {
        UserModel user = forWrite(id, headers);
        ctx.session.users().removeUser(ctx.realm, user);
        return deleted(id);
    }

    private void writeUser(UserModel user, ObjectNode scim) {
        // manager.value is stored as sent: Entra sends ids of users it provisions, possibly before the manager itself
        mapper.write(user, scim);
        JsonNode password = scim.get("password");
        if (password != null && !password.asText().isEmpty()) {
            try {
                user.credentialManager().updateCredential(UserCredentialModel.password(password.asText(), false));
            } catch (ModelException e) {
                throw ScimException.invalidValue("The password does not meet the realm's password policy.");
            }
        }
    }

    /** 409 uniqueness for another user with the same userName (case-insensitive) or email. */
    private void checkUnique(UserModel self, ObjectNode scim) {
        String userName = scim.path("userName").asText();
        UserModel byName = ctx.session.users().getUserByUsername(ctx.realm, userName);
        if (byName != null && (self == null || !byName.getId().equals(self.getId()))) {
            throw ScimException.uniqueness("userName '" + userName + "' is already taken.");
        }
        String email = UserMapper.mainEmail(scim.get("emails"));
        if (email != null && !ctx.realm.isDuplicateEmailsAllowed()) {
            UserModel byEmail = ctx.session.users().getUserByEmail(ctx.realm, email);
            if (byEmail != null && (self == null || !byEmail.getId().equals(self.getId()))) {
                throw ScimException.uniqueness("The email " + email + " belongs to another user.");
            }
        }
    }
}
