package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.scim.schema.ScimSchema;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.UserModelDelegate;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

/**
 * SCIM writes pass the same checks as Keycloak's admin REST API: the realm's user profile in the
 * {@code USER_API} context (username rules, email format, attribute permissions and validators).
 * A refusal is a SCIM 400 invalidValue naming the SCIM attribute and Keycloak's reason.
 */
final class UserProfileCheck {

    private final KeycloakSession session;
    private final UserMapper mapper;

    UserProfileCheck(KeycloakSession session, UserMapper mapper) {
        this.session = session;
        this.mapper = mapper;
    }

    /**
     * Before a new user is added: {@code scim} as the user it would become, validated as the admin
     * API validates a new user (every attribute is new, so every validator and permission applies).
     */
    void beforeCreate(ObjectNode scim) {
        Draft draft = new Draft(detachedUser());
        mapper.write(draft, scim);
        validate(draft.attributes, null);
    }

    /**
     * Before {@code scim} is written onto an existing user: the user as it would be afterwards,
     * validated against what is stored, so attributes admins may not edit are refused and the
     * user is not its own duplicate.
     */
    void beforeUpdate(UserModel user, ObjectNode scim) {
        Draft draft = new Draft(user);
        mapper.write(draft, scim);
        validate(draft.attributes, user);
    }

    /** A user that exists nowhere: the Draft of a user still to be created reads defaults from it. */
    private static UserModel detachedUser() {
        return (UserModel) Proxy.newProxyInstance(UserProfileCheck.class.getClassLoader(), new Class<?>[] {UserModel.class},
                (proxy, method, args) -> {
                    Class<?> type = method.getReturnType();
                    if (type == boolean.class) {
                        return false;
                    }
                    if (type == int.class || type == long.class) {
                        return type == int.class ? (Object) 0 : (Object) 0L;
                    }
                    if (Map.class.isAssignableFrom(type)) {
                        return new HashMap<>();
                    }
                    if (Stream.class.isAssignableFrom(type)) {
                        return Stream.empty();
                    }
                    return null;
                });
    }

    private void validate(Map<String, List<String>> attributes, UserModel user) {
        UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
        try {
            (user == null ? profiles.create(UserProfileContext.USER_API, attributes)
                    : profiles.create(UserProfileContext.USER_API, attributes, user)).validate();
        } catch (ValidationException e) {
            String detail = e.getErrors().stream()
                    .map(error -> scimName(error.getAttribute()) + ": " + error.getFormattedMessage(UserProfileCheck::describe))
                    .distinct().collect(Collectors.joining("; "));
            throw ScimException.invalidValue("The realm's user profile refuses the user: " + detail + ".");
        }
    }

    /** Keycloak's message key with its parameters (the key is stable and documented; no locale is at hand for a SCIM client). */
    private static String describe(String key, Object[] parameters) {
        List<String> shown = new ArrayList<>();
        if (parameters != null) {
            // the first parameter is the attribute's display name, already named
            for (int i = 1; i < parameters.length; i++) {
                shown.add(String.valueOf(parameters[i]));
            }
        }
        return shown.isEmpty() ? key : key + " " + shown;
    }

    /** The SCIM attribute a Keycloak user-profile attribute comes from. */
    static String scimName(String keycloakAttribute) {
        if (keycloakAttribute == null) {
            return "user";
        }
        switch (keycloakAttribute) {
            case UserModel.USERNAME:
                return "userName";
            case UserModel.EMAIL:
                return "emails";
            case UserModel.FIRST_NAME:
                return "name.givenName";
            case UserModel.LAST_NAME:
                return "name.familyName";
            default:
                break;
        }
        String enterprise = ScimSchema.ENTERPRISE_USER + ":";
        return Stream.of(
                        UserMapper.CORE_ATTRIBUTES.entrySet().stream().filter(e -> e.getValue().equals(keycloakAttribute)).map(Map.Entry::getKey),
                        UserMapper.NAME_ATTRIBUTES.entrySet().stream().filter(e -> e.getValue().equals(keycloakAttribute)).map(e -> "name." + e.getKey()),
                        UserMapper.ENTERPRISE_ATTRIBUTES.entrySet().stream().filter(e -> e.getValue().equals(keycloakAttribute)).map(e -> enterprise + e.getKey()),
                        UserMapper.JSON_ATTRIBUTES.entrySet().stream().filter(e -> e.getValue().equals(keycloakAttribute)).map(Map.Entry::getKey),
                        Stream.of(UserMapper.MANAGER).filter(keycloakAttribute::equals).map(m -> enterprise + "manager"))
                .flatMap(s -> s).findFirst().orElse(keycloakAttribute);
    }

    /** Records what UserMapper.write would store, leaving the real user untouched. */
    private static final class Draft extends UserModelDelegate {

        final Map<String, List<String>> attributes = new HashMap<>();
        private boolean enabled;

        Draft(UserModel user) {
            super(user);
            user.getAttributes().forEach((name, values) -> attributes.put(name, new ArrayList<>(values)));
            enabled = user.isEnabled();
        }

        private String first(String name) {
            List<String> values = attributes.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        private void put(String name, String value) {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, List.of(value));
            }
        }

        @Override
        public String getUsername() {
            return first(USERNAME);
        }

        @Override
        public void setUsername(String username) {
            put(USERNAME, username);
        }

        @Override
        public String getEmail() {
            return first(EMAIL);
        }

        @Override
        public void setEmail(String email) {
            put(EMAIL, email);
        }

        @Override
        public String getFirstName() {
            return first(FIRST_NAME);
        }

        @Override
        public void setFirstName(String firstName) {
            put(FIRST_NAME, firstName);
        }

        @Override
        public String getLastName() {
            return first(LAST_NAME);
        }

        @Override
        public void setLastName(String lastName) {
            put(LAST_NAME, lastName);
        }

        @Override
        public boolean isEnabled() {
            return enabled;
        }

        @Override
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public void setSingleAttribute(String name, String value) {
            put(name, value);
        }

        @Override
        public void setAttribute(String name, List<String> values) {
            attributes.put(name, new ArrayList<>(values));
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
        }

        @Override
        public String getFirstAttribute(String name) {
            return first(name);
        }

        @Override
        public Stream<String> getAttributeStream(String name) {
            return attributes.getOrDefault(name, List.of()).stream();
        }

        @Override
        public Map<String, List<String>> getAttributes() {
            return attributes;
        }
    }
}
