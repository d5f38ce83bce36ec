package dev.ssobundle.scim;

import dev.ssobundle.scim.filter.AttributePath;
import dev.ssobundle.scim.filter.Filter;
import dev.ssobundle.scim.schema.ScimSchema;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;

/**
 * Turns a canonical user filter into a database query, narrowest first. A plan is either a small
 * lookup ({@code id}, {@code userName}, {@code emails.value}, case-exact {@code externalId} — unique
 * columns or Keycloak's USER_ATTRIBUTE (NAME, VALUE) index) or a Keycloak user search (criteria
 * that Keycloak both counts and pages in the database). A search is <em>exact</em> when the
 * database evaluates precisely the SCIM filter (e.g. {@code active eq true}, {@code title eq "x"},
 * {@code userName co "x"}, and conjunctions of those), so its count is the true totalResults;
 * otherwise it returns a superset on which the caller evaluates the filter. Returns null when no
 * part of the filter narrows the query (e.g. a lone {@code not}).
 */
final class UserQueryPlanner {

    /**
     * Lower cost is narrower. Exactly one of {@code search} (Keycloak search criteria) and
     * {@code lookup} (a small stream, read lazily) is set.
     */
    record Plan(int cost, Map<String, String> search, boolean exact, Supplier<Stream<UserModel>> lookup) {

        static Plan search(int cost, Map<String, String> criteria, boolean exact) {
            Map<String, String> params = new HashMap<>(criteria);
            params.put(UserModel.INCLUDE_SERVICE_ACCOUNT, "false");
            return new Plan(cost, params, exact, null);
        }

        static Plan lookup(int cost, Supplier<Stream<UserModel>> lookup) {
            return new Plan(cost, null, false, lookup);
        }

        Plan inexact() {
            return new Plan(cost, search, false, lookup);
        }
    }

    /** SCIM name parts Keycloak's user search matches on a column of its own, exactly or as a substring. */
    private static final Map<String, String> NAME_COLUMNS = Map.of("name.givenname", UserModel.FIRST_NAME, "name.familyname", UserModel.LAST_NAME);

    private final RealmModel realm;
    private final UserProvider users;

    UserQueryPlanner(KeycloakSession session, RealmModel realm) {
        this.realm = realm;
        this.users = session.users();
    }

    Plan plan(Filter filter) {
        if (filter instanceof Filter.Comparison c) {
            return comparison(c.path(), c);
        }
        if (filter instanceof Filter.ValuePath v) {
            // emails[type eq "work" and value eq "x"]: plan on the value equality inside, evaluate the rest
            Plan inner = valuePath(v.path(), v.inner());
            return inner == null ? null : inner.inexact();
        }
        if (filter instanceof Filter.And and) {
            Plan left = plan(and.left());
            Plan right = plan(and.right());
            if (left == null || right == null) {
                return left == null ? (right == null ? null : right.inexact()) : left.inexact();
            }
            Plan merged = merge(left, right);
            if (merged != null) {
                return merged;
            }
            return (left.cost() <= right.cost() ? left : right).inexact();
        }
        if (filter instanceof Filter.Or or) {
            Plan left = plan(or.left());
            Plan right = plan(or.right());
            if (left == null || right == null) {
                return null;
            }
            // lazy and paged: the caller stops reading at its candidate limit, so a large side is never read whole
            return Plan.lookup(Math.max(left.cost(), right.cost()), () -> {
                Set<String> seen = new HashSet<>();
                return Stream.concat(candidates(left), candidates(right)).filter(u -> seen.add(u.getId()));
            });
        }
        return null;
    }

    /** Both sides as one Keycloak search (criteria are ANDed), when they use different criteria and the same exactness flag. */
    private static Plan merge(Plan left, Plan right) {
        if (left.search() == null || right.search() == null
                || !left.search().get(UserModel.EXACT).equals(right.search().get(UserModel.EXACT))) {
            return null;
        }
        Map<String, String> criteria = new HashMap<>(left.search());
        for (Map.Entry<String, String> e : right.search().entrySet()) {
            String previous = criteria.putIfAbsent(e.getKey(), e.getValue());
            if (previous != null && !previous.equals(e.getValue())) {
                return null;
            }
        }
        return new Plan(Math.min(left.cost(), right.cost()), criteria, left.exact() && right.exact(), null);
    }

    /** Users read from the database per query while scanning candidates. */
    private static final int CANDIDATE_PAGE = 500;

    /** The candidates of a plan, searches read lazily page by page (never one unbounded query). */
    Stream<UserModel> candidates(Plan plan) {
        return plan.lookup() != null ? plan.lookup().get() : pages(plan.search());
    }

    Stream<UserModel> pages(Map<String, String> criteria) {
        Rows<UserModel> matching = (first, max) -> users.searchForUserStream(realm, criteria, first, max);
        return matching.pages(CANDIDATE_PAGE);
    }

    private Plan valuePath(AttributePath parent, Filter inner) {
        if (inner instanceof Filter.And and) {
            Plan left = valuePath(parent, and.left());
            return left != null ? left : valuePath(parent, and.right());
        }
        if (inner instanceof Filter.Comparison c) {
            return comparison(parent.withSubAttribute(c.path().attribute()), c);
        }
        return null;
    }

    private Plan comparison(AttributePath path, Filter.Comparison c) {
        if (c.value() == null || c.value().isNull() || c.value().isContainerNode()) {
            return null;
        }
        String value = c.value().asText();
        Filter.Operator op = c.operator();
        boolean equality = op == Filter.Operator.EQ;
        boolean substring = op == Filter.Operator.CO || op == Filter.Operator.SW || op == Filter.Operator.EW;
        // Keycloak's non-exact search is a LIKE '%value%': exactly SCIM's "co" unless the value holds LIKE wildcards
        boolean containsIsExact = op == Filter.Operator.CO && value.chars().noneMatch(ch -> ch == '%' || ch == '_' || ch == '\\' || ch == '*');
        String key = path.key();
        String enterprise = ScimSchema.ENTERPRISE_USER.toLowerCase() + ":";
        if (equality) {
            switch (key) {
                case "id":
                    return single(() -> users.getUserById(realm, value));
                case "username":
                    return single(() -> users.getUserByUsername(realm, value));
                case "emails.value":
                    if (realm.isDuplicateEmailsAllowed()) {
                        return Plan.search(5, Map.of(UserModel.EMAIL, value, UserModel.EXACT, "true"), false);
                    }
                    return single(() -> users.getUserByEmail(realm, value));
                case "active":
                    boolean active = c.value().isBoolean() ? c.value().asBoolean() : Boolean.parseBoolean(value);
                    return Plan.search(50, Map.of(UserModel.ENABLED, Boolean.toString(active), UserModel.EXACT, "true"), c.value().isBoolean());
                default:
                    break;
            }
            if (NAME_COLUMNS.containsKey(key)) {
                return Plan.search(20, Map.of(NAME_COLUMNS.get(key), value, UserModel.EXACT, "true"), true);
            }
        }
        if (substring) {
            if (key.equals("emails.value")) {
                // SCIM emails may hold more addresses than Keycloak's one email column
                return Plan.search(30, Map.of(UserModel.EMAIL, value, UserModel.EXACT, "false"), false);
            }
            String column = key.equals("username") ? UserModel.USERNAME : NAME_COLUMNS.get(key);
            if (column != null) {
                return Plan.search(30, Map.of(column, value, UserModel.EXACT, "false"), containsIsExact);
            }
        }
        String attribute = keycloakAttribute(key, enterprise);
        if (attribute == null) {
            return null;
        }
        if (equality) {
            boolean caseExact = key.equals("externalid") || key.equals(enterprise + "manager.value");
            if (caseExact) {
                return Plan.lookup(1, () -> users.searchForUserByUserAttributeStream(realm, attribute, value)
                        .filter(u -> u.getServiceAccountClientLink() == null));
            }
            // Keycloak compares attribute values lower-cased: SCIM's case-insensitive equality
            return Plan.search(10, Map.of(attribute, value, UserModel.EXACT, "true"), true);
        }
        if (substring) {
            return Plan.search(40, Map.of(attribute, value, UserModel.EXACT, "false"), containsIsExact);
        }
        return null;
    }

    private static String keycloakAttribute(String key, String enterprise) {
        for (String name : UserMapper.CORE_ATTRIBUTES.keySet()) {
            if (key.equals(name.toLowerCase())) {
                return UserMapper.CORE_ATTRIBUTES.get(name);
            }
        }
        for (var e : UserMapper.NAME_ATTRIBUTES.entrySet()) {
            if (key.equals("name." + e.getKey().toLowerCase())) {
                return e.getValue();
            }
        }
        for (var e : UserMapper.ENTERPRISE_ATTRIBUTES.entrySet()) {
            if (key.equals(enterprise + e.getKey().toLowerCase())) {
                return e.getValue();
            }
        }
        if (key.equals(enterprise + "manager.value")) {
            return UserMapper.MANAGER;
        }
        return null;
    }

    private static Plan single(Supplier<UserModel> lookup) {
        return Plan.lookup(0, () -> Stream.ofNullable(lookup.get()).filter(u -> u.getServiceAccountClientLink() == null));
    }
}
