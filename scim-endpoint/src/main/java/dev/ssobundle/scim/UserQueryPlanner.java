package dev.ssobundle.scim;

import dev.ssobundle.scim.filter.AttributePath;
import dev.ssobundle.scim.filter.Filter;
import dev.ssobundle.scim.schema.ScimSchema;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;

/**
 * Turns a canonical user filter into a database query that returns a superset of the matches,
 * narrowest first: {@code id}, {@code userName}, {@code emails.value} and {@code externalId}
 * equality are single indexed lookups (Keycloak's unique username/email columns and its
 * USER_ATTRIBUTE (NAME, VALUE) index), other attribute equalities use the same index, substring
 * operators become Keycloak's LIKE search. The caller evaluates the exact filter on what comes
 * back. Returns null when no part of the filter narrows the query (e.g. a lone {@code not}).
 */
final class UserQueryPlanner {

    /** Lower is narrower. */
    record Plan(int cost, Stream<UserModel> candidates) {
    }

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
            // emails[type eq "work" and value eq "x"]: plan on the value equality inside
            return valuePath(v.path(), v.inner());
        }
        if (filter instanceof Filter.And and) {
            Plan left = plan(and.left());
            Plan right = plan(and.right());
            if (left == null) {
                return right;
            }
            if (right == null || left.cost() <= right.cost()) {
                if (right != null) {
                    right.candidates().close();
                }
                return left;
            }
            left.candidates().close();
            return right;
        }
        if (filter instanceof Filter.Or or) {
            Plan left = plan(or.left());
            Plan right = plan(or.right());
            if (left == null || right == null) {
                return null;
            }
            Map<String, UserModel> union = new LinkedHashMap<>();
            Stream.concat(left.candidates(), right.candidates()).forEach(u -> union.putIfAbsent(u.getId(), u));
            return new Plan(Math.max(left.cost(), right.cost()), union.values().stream());
        }
        return null;
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
        String key = path.key();
        String enterprise = ScimSchema.ENTERPRISE_USER.toLowerCase() + ":";
        if (equality) {
            switch (key) {
                case "id":
                    return single(users.getUserById(realm, value));
                case "username":
                    return single(users.getUserByUsername(realm, value));
                case "emails.value":
                    if (realm.isDuplicateEmailsAllowed()) {
                        return new Plan(5, search(Map.of(UserModel.EMAIL, value), true));
                    }
                    return single(users.getUserByEmail(realm, value));
                case "active":
                    return new Plan(50, search(Map.of(UserModel.ENABLED, Boolean.toString(c.value().asBoolean(Boolean.parseBoolean(value)))), false));
                case "name.givenname":
                    return new Plan(20, search(Map.of(UserModel.FIRST_NAME, value), true));
                case "name.familyname":
                    return new Plan(20, search(Map.of(UserModel.LAST_NAME, value), true));
                default:
                    break;
            }
        }
        if (substring) {
            String like = op == Filter.Operator.SW || op == Filter.Operator.EW ? value : value;
            switch (key) {
                case "username":
                    return new Plan(30, search(Map.of(UserModel.USERNAME, like), false));
                case "emails.value":
                    return new Plan(30, search(Map.of(UserModel.EMAIL, like), false));
                case "name.givenname":
                    return new Plan(30, search(Map.of(UserModel.FIRST_NAME, like), false));
                case "name.familyname":
                    return new Plan(30, search(Map.of(UserModel.LAST_NAME, like), false));
                default:
                    break;
            }
        }
        String attribute = keycloakAttribute(key, enterprise);
        if (attribute == null) {
            return null;
        }
        if (equality) {
            boolean caseExact = key.equals("externalid") || key.equals(enterprise + "manager.value");
            return new Plan(caseExact ? 1 : 10, attributeEquals(attribute, value, caseExact));
        }
        if (substring) {
            return new Plan(40, search(Map.of(attribute, value), false));
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

    /**
     * Exact-case lookup on the (NAME, VALUE) index first; for case-insensitive attributes, when that
     * finds nothing, Keycloak's case-insensitive attribute search (same NAME prefix of the index).
     */
    private Stream<UserModel> attributeEquals(String attribute, String value, boolean caseExact) {
        Stream<UserModel> exact = users.searchForUserByUserAttributeStream(realm, attribute, value);
        if (caseExact) {
            return exact;
        }
        var found = exact.limit(ListRequest.MAX_COUNT * 10L).toList();
        if (!found.isEmpty()) {
            return found.stream();
        }
        return search(Map.of(attribute, value), true);
    }

    private Stream<UserModel> search(Map<String, String> criteria, boolean exact) {
        Map<String, String> params = new HashMap<>(criteria);
        params.put(UserModel.EXACT, Boolean.toString(exact));
        params.put(UserModel.INCLUDE_SERVICE_ACCOUNT, "false");
        return users.searchForUserStream(realm, params, null, null);
    }

    private static Plan single(UserModel user) {
        return new Plan(0, Stream.ofNullable(user).filter(Objects::nonNull).filter(u -> u.getServiceAccountClientLink() == null));
    }
}
