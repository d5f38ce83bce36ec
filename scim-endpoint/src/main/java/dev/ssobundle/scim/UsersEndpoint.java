package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ModelException;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;

/** /Users: RFC 7644 CRUD, PATCH and search over Keycloak users. */
final class UsersEndpoint {

    /** Filters that no index narrows are evaluated over a streamed scan only up to this many users (else 400 tooMany). */
    static final int MAX_SCAN = 10_000;

    private final ScimContext ctx;
    private final UserMapper mapper;
    private final FilterEvaluator evaluator = new FilterEvaluator(ResourceType.USER);
    private final ResourceNormalizer normalizer = new ResourceNormalizer(ResourceType.USER);

    UsersEndpoint(ScimContext ctx) {
        this.ctx = ctx;
        this.mapper = new UserMapper(ctx.session, ctx.realm, ctx.baseUri);
    }

    Response list(ListRequest request) {
        Projection projection = Projection.of(ResourceType.USER, request.attributes(), request.excludedAttributes());
        boolean withGroups = projection.returns("groups");
        List<ObjectNode> page = new ArrayList<>();
        long total;
        if (request.filter() == null) {
            if (request.sortBy() != null && !request.sortBy().equalsIgnoreCase("userName")) {
                throw ScimException.invalidValue("Unfiltered user listings sort by userName only (Keycloak's indexed order).");
            }
            total = ctx.session.users().getUsersCount(ctx.realm, false);
            ListRequest.Window window = request.window(total);
            int first = window.first();
            int max = window.max();
            if (!window.isEmpty(total)) {
                Map<String, String> params = new HashMap<>();
                params.put(UserModel.INCLUDE_SERVICE_ACCOUNT, "false");
                try (Stream<UserModel> users = ctx.session.users().searchForUserStream(ctx.realm, params, first, max)) {
                    users.forEach(u -> page.add(projection.apply(mapper.toScim(u, withGroups))));
                }
            }
            if (request.descending()) {
                java.util.Collections.reverse(page);
            }
        } else {
            Filter filter = evaluator.canonicalize(FilterParser.parse(request.filter()));
            List<ObjectNode> matches = new ArrayList<>();
            try (Stream<UserModel> candidates = candidates(filter)) {
                boolean needGroups = withGroups || mentionsGroups(request.filter());
                candidates.map(u -> mapper.toScim(u, needGroups)).filter(json -> evaluator.matches(filter, json)).forEach(matches::add);
            }
            if (request.sortBy() != null) {
                matches.sort(sortOrder(request));
            }
            total = matches.size();
            matches.stream().skip(request.startIndex() - 1L).limit(request.count()).forEach(json -> page.add(projection.apply(json)));
        }
        return ctx.json(Response.ok(), listResponse(total, request.startIndex(), page));
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

    private Stream<UserModel> candidates(Filter filter) {
        UserQueryPlanner.Plan plan = new UserQueryPlanner(ctx.session, ctx.realm).plan(filter);
        if (plan != null) {
            return plan.candidates();
        }
        if (ctx.session.users().getUsersCount(ctx.realm, false) > MAX_SCAN) {
            throw new ScimException(400, "tooMany", "This filter cannot use an index and the realm has more than " + MAX_SCAN
                    + " users; add an equality on userName, emails, externalId, id, displayName or another attribute, or a substring match on userName, emails or name.");
        }
        Map<String, String> params = new HashMap<>();
        params.put(UserModel.INCLUDE_SERVICE_ACCOUNT, "false");
        return ctx.session.users().searchForUserStream(ctx.realm, params, null, null);
    }

    static ObjectNode listResponse(long total, int startIndex, List<ObjectNode> page) {
        ObjectNode body = ScimContext.JSON.createObjectNode();
        body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        body.put("totalResults", total);
        body.put("startIndex", startIndex);
        body.put("itemsPerPage", page.size());
        ArrayNode resources = body.putArray("Resources");
        page.forEach(resources::add);
        return body;
    }

    UserModel find(String id) {
        UserModel user = ctx.session.users().getUserById(ctx.realm, id);
        if (user == null || user.getServiceAccountClientLink() != null) {
            throw ScimException.notFound("No user with id " + id + ".");
        }
        return user;
    }

    Response get(String id, Projection projection) {
        UserModel user = find(id);
        ObjectNode json = mapper.toScim(user, projection.returns("groups"));
        return ctx.json(Response.ok().tag(etag(json)), projection.apply(json));
    }

    private static jakarta.ws.rs.core.EntityTag etag(JsonNode json) {
        String version = json.path("meta").path("version").asText();
        return new jakarta.ws.rs.core.EntityTag(version.substring(3, version.length() - 1), true);
    }

    Response create(JsonNode body) {
        ObjectNode scim = normalizer.normalize(body);
        String userName = scim.path("userName").asText("");
        if (userName.isBlank()) {
            throw ScimException.invalidValue("userName is required.");
        }
        checkUnique(null, scim);
        UserModel user = ctx.session.users().addUser(ctx.realm, userName);
        if (!scim.has("active")) {
            scim.put("active", true);
        }
        writeUser(user, scim);
        ObjectNode json = mapper.toScim(user, true);
        ctx.adminEvent(OperationType.CREATE, org.keycloak.events.admin.ResourceType.USER, "users/" + user.getId(), json);
        return ctx.json(Response.created(URI.create(json.path("meta").path("location").asText())).tag(etag(json)), json);
    }

    Response replace(String id, JsonNode body, HttpHeaders headers) {
        UserModel user = find(id);
        ctx.checkManageable(user);
        ScimContext.checkIfMatch(headers, UserMapper.version(UserMapper.lastModified(user)));
        ObjectNode scim = normalizer.normalize(body);
        if (scim.path("userName").asText("").isBlank()) {
            throw ScimException.invalidValue("userName is required.");
        }
        checkUnique(user, scim);
        writeUser(user, scim);
        ObjectNode json = mapper.toScim(user, true);
        ctx.adminEvent(OperationType.UPDATE, org.keycloak.events.admin.ResourceType.USER, "users/" + user.getId(), json);
        return ctx.json(Response.ok().tag(etag(json)), json);
    }

    Response patch(String id, JsonNode body, HttpHeaders headers) {
        UserModel user = find(id);
        ctx.checkManageable(user);
        ScimContext.checkIfMatch(headers, UserMapper.version(UserMapper.lastModified(user)));
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
        if (scim.path("userName").asText("").isBlank()) {
            throw ScimException.invalidValue("userName cannot be removed.");
        }
        checkUnique(user, scim);
        writeUser(user, scim);
        ObjectNode json = mapper.toScim(user, true);
        ctx.adminEvent(OperationType.UPDATE, org.keycloak.events.admin.ResourceType.USER, "users/" + user.getId(), json);
        return ctx.json(Response.ok().tag(etag(json)), json);
    }

    Response delete(String id, HttpHeaders headers) {
        UserModel user = find(id);
        ctx.checkManageable(user);
        ScimContext.checkIfMatch(headers, UserMapper.version(UserMapper.lastModified(user)));
        ctx.session.users().removeUser(ctx.realm, user);
        ctx.adminEvent(OperationType.DELETE, org.keycloak.events.admin.ResourceType.USER, "users/" + id, null);
        return Response.noContent().build();
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
