package dev.ssobundle.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Maps one Encvoy user, with its external accounts and roles, to a Keycloak user representation as
 * the admin API and partial import take it: bcrypt hash → password credential of algorithm
 * {@code bcrypt} (the bundle's hash provider verifies it, Keycloak re-hashes it at first login),
 * TOTP/HOTP → OTP credentials with the same parameters, bindings → federated identity links,
 * roles → client roles. What cannot be mapped comes back as {@link Note}s.
 */
final class UserMapper {

    /** User attribute holding a digest of what the migration wrote: a second run compares it and skips unchanged users. */
    static final String MIGRATION_ATTRIBUTE = "encvoy_migration";
    static final String OTP_LABEL_PREFIX = "Encvoy ";
    /** Keycloak's credential type for recovery codes (feature {@code recovery-codes}, on by default in 26.x). */
    static final String RECOVERY_CODES_TYPE = "recovery-authn-codes";
    static final String RECOVERY_CODES_LABEL_PREFIX = "Encvoy backup codes ";

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}");
    private static final Pattern SHA1_FINGERPRINT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern BASE32 = Pattern.compile("[A-Z2-7]+=*");
    static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> RESERVED_ATTRIBUTES = Set.of("username", "email", "emailVerified", "firstName", "lastName",
            "enabled", "locale", "createdTimestamp", "id", MIGRATION_ATTRIBUTE, "middle_name", "nickname", "birthdate",
            "phone_number", "phone_number_verified", "picture");

    private final String legacySubjectAttribute;
    private final MigrationOptions options;
    private final Set<String> migratedClients;
    /** False when the server runs without the recovery-codes feature: backup codes are then reported. */
    private final boolean recoveryCodesSupported;

    record Mapped(EncvoyRows.User source, ObjectNode representation, String marker, String passwordDigest,
            List<Note> notes, boolean skipped, int otpCredentials, int recoveryCodes, int links, int clientRoles,
            Map<String, List<String>> rolesByClient) {

        String username() {
            return representation == null ? null : representation.path("username").asText();
        }
    }

    UserMapper(String legacySubjectAttribute, MigrationOptions options, Set<String> migratedClients, boolean recoveryCodesSupported) {
        this.legacySubjectAttribute = legacySubjectAttribute;
        this.options = options;
        this.migratedClients = migratedClients;
        this.recoveryCodesSupported = recoveryCodesSupported;
    }

    static boolean isCustomFieldName(String name) {
        return ATTRIBUTE_NAME.matcher(name).matches() && !RESERVED_ATTRIBUTES.contains(name);
    }

    Mapped map(EncvoyRows.UserBundle bundle) {
        EncvoyRows.User user = bundle.user();
        List<Note> notes = new ArrayList<>();
        if (user.deleted() != null && options.deletedUsers() == MigrationOptions.DeletedUsers.SKIP) {
            notes.add(new Note("User", user.id(), "user.deleted",
                    "soft-deleted in Encvoy on " + user.deleted() + "; skipped (--deleted disable migrates it disabled)"));
            noteDependents(bundle, notes, "its user was not migrated (soft-deleted)");
            return new Mapped(user, null, null, null, notes, true, 0, 0, 0, 0, Map.of());
        }
        if (user.login() == null || user.login().isBlank()) {
            notes.add(new Note("User", user.id(), "user.no_login", "no login (username) in Encvoy; Keycloak needs one"));
            noteDependents(bundle, notes, "its user was not migrated (no login)");
            return new Mapped(user, null, null, null, notes, true, 0, 0, 0, 0, Map.of());
        }

        ObjectNode rep = KeycloakAdmin.JSON.createObjectNode();
        rep.put("username", user.login().toLowerCase(Locale.ROOT));
        rep.put("enabled", !user.blocked() && user.deleted() == null);
        if (user.email() != null && !user.email().isBlank()) {
            rep.put("email", user.email());
            rep.put("emailVerified", user.emailVerified());
        }
        putIfText(rep, "firstName", user.givenName());
        putIfText(rep, "lastName", user.familyName());

        Map<String, List<String>> attributes = new TreeMap<>();
        attributes.put(legacySubjectAttribute, List.of(user.id()));
        putAttribute(attributes, "middle_name", user.middleName());
        putAttribute(attributes, "nickname", user.nickname());
        putAttribute(attributes, "birthdate", user.birthdate() == null ? null : user.birthdate().toString());
        putAttribute(attributes, "phone_number", user.phoneNumber());
        if (user.phoneNumber() != null && !user.phoneNumber().isBlank()) {
            attributes.put("phone_number_verified", List.of(Boolean.toString(user.phoneNumberVerified())));
        }
        putAttribute(attributes, "picture", user.picture());
        putAttribute(attributes, "locale", user.locale());
        customFields(user, attributes, notes);

        if (user.passwordChangeRequired()) {
            rep.putArray("requiredActions").add("UPDATE_PASSWORD");
        }

        ArrayNode credentials = KeycloakAdmin.JSON.createArrayNode();
        String passwordDigest = "none";
        String hash = user.hashedPassword();
        if (hash != null && !hash.isEmpty()) {
            if (BCRYPT.matcher(hash).matches()) {
                credentials.add(passwordCredential(hash, user));
                passwordDigest = Digests.sha256(hash, 16);
            } else {
                notes.add(new Note("User", user.id(), "user.password_format",
                        "hashed_password is not a $2a$/$2b$/$2y$ bcrypt hash; no password migrated (the user resets it)"));
            }
        }

        int otp = 0;
        int recoveryCodes = 0;
        ArrayNode links = KeycloakAdmin.JSON.createArrayNode();
        Set<String> linkedAliases = new java.util.HashSet<>();
        for (EncvoyRows.ExternalAccount account : bundle.accounts()) {
            String type = account.type() == null ? "" : account.type().toUpperCase(Locale.ROOT);
            switch (type) {
                case "TOTP", "HOTP" -> {
                    ObjectNode credential = otpCredential(account, type, notes);
                    if (credential != null) {
                        credentials.add(credential);
                        otp++;
                        ObjectNode codes = recoveryCodes(account, type, recoveryCodes > 0, notes);
                        if (codes != null) {
                            credentials.add(codes);
                            recoveryCodes++;
                        }
                    }
                }
                case "CREDENTIALS" -> {
                    if (passwordDigest.equals("none")) {
                        notes.add(new Note("ExternalAccount", account.id(), "account.password_missing",
                                "password sign-in method without a usable password hash"));
                    }
                }
                case "EMAIL", "PHONE" -> notes.add(new Note("ExternalAccount", account.id(), "account.one_time_code",
                        type + " one-time-code sign-in is Encvoy-only; the user signs in with a password or another linked method"));
                case "ETHEREUM" -> notes.add(new Note("ExternalAccount", account.id(), "account.ethereum",
                        "Ethereum wallet sign-in has no Keycloak counterpart"));
                default -> link(account, type, links, linkedAliases, notes);
            }
        }
        if (!credentials.isEmpty()) {
            rep.set("credentials", credentials);
        }
        if (!links.isEmpty()) {
            rep.set("federatedIdentities", links);
        }

        Map<String, List<String>> rolesByClient = new TreeMap<>();
        int roles = 0;
        for (EncvoyRows.Role role : bundle.roles()) {
            if (role.role() == null || role.role().isBlank() || "NONE".equalsIgnoreCase(role.role())) {
                notes.add(new Note("Role", role.id(), "role.none", "role NONE in client " + role.clientId() + " grants nothing"));
            } else if (!migratedClients.contains(role.clientId())) {
                notes.add(new Note("Role", role.id(), "role.unknown_client",
                        "client " + role.clientId() + " is not migrated, so its role " + role.role() + " is not either"));
            } else {
                rolesByClient.computeIfAbsent(role.clientId(), k -> new ArrayList<>()).add(role.role());
                roles++;
            }
        }
        if (!rolesByClient.isEmpty()) {
            ObjectNode clientRoles = rep.putObject("clientRoles");
            rolesByClient.forEach((client, names) -> names.forEach(clientRoles.withArray(client)::add));
        }

        // The marker is a digest of everything written; it goes in last, so it does not digest itself.
        String marker = "v1:" + Digests.sha256(rep.toString() + attributes, 24) + ":" + passwordDigest;
        attributes.put(MIGRATION_ATTRIBUTE, List.of(marker));
        ObjectNode attributeNode = rep.putObject("attributes");
        attributes.forEach((name, values) -> values.forEach(attributeNode.withArray(name)::add));
        return new Mapped(user, rep, marker, passwordDigest, notes, false, otp, recoveryCodes, links.size(), roles, rolesByClient);
    }

    private void noteDependents(EncvoyRows.UserBundle bundle, List<Note> notes, String why) {
        bundle.accounts().forEach(a -> notes.add(new Note("ExternalAccount", a.id(), "account.user_not_migrated", a.type() + ": " + why)));
        bundle.roles().forEach(r -> notes.add(new Note("Role", r.id(), "role.user_not_migrated", r.role() + ": " + why)));
    }

    private static ObjectNode passwordCredential(String hash, EncvoyRows.User user) {
        ObjectNode credential = KeycloakAdmin.JSON.createObjectNode().put("type", "password");
        if (user.passwordUpdatedAt() != null) {
            credential.put("createdDate", user.passwordUpdatedAt().toEpochMilli());
        }
        int cost = Integer.parseInt(hash.substring(4, 6));
        credential.put("credentialData", "{\"hashIterations\":" + cost + ",\"algorithm\":\"bcrypt\",\"additionalParameters\":{}}");
        ObjectNode secret = KeycloakAdmin.JSON.createObjectNode().put("value", hash).put("salt", "");
        secret.putObject("additionalParameters");
        credential.put("secretData", secret.toString());
        return credential;
    }

    private static ObjectNode otpCredential(EncvoyRows.ExternalAccount account, String type, List<Note> notes) {
        JsonNode info = account.restInfo();
        if (info == null || !info.isObject()) {
            notes.add(new Note("ExternalAccount", account.id(), "otp.no_parameters", type + " without rest_info parameters"));
            return null;
        }
        if (info.has("enabled") && !info.path("enabled").asBoolean(true)) {
            notes.add(new Note("ExternalAccount", account.id(), "otp.not_enabled",
                    type + " enrolment was never completed in Encvoy (enabled=false); not migrated"));
            return null;
        }
        String secret = info.path("secret").asText("").replace(" ", "").toUpperCase(Locale.ROOT);
        if (secret.isEmpty() || !BASE32.matcher(secret).matches()) {
            notes.add(new Note("ExternalAccount", account.id(), "otp.secret_format", type + " secret is not base32"));
            return null;
        }
        String algorithm = switch (info.path("algorithm").asText("sha1").toLowerCase(Locale.ROOT).replace("hmac", "").replace("-", "")) {
            case "sha1" -> "HmacSHA1";
            case "sha256" -> "HmacSHA256";
            case "sha512" -> "HmacSHA512";
            default -> null;
        };
        int digits = info.path("digits").asInt(6);
        int period = info.path("period").asInt(30);
        if (algorithm == null || (digits != 6 && digits != 8) || period < 1) {
            notes.add(new Note("ExternalAccount", account.id(), "otp.parameters",
                    type + " parameters Keycloak cannot verify (algorithm " + info.path("algorithm").asText() + ", digits "
                            + digits + ", period " + period + ")"));
            return null;
        }
        ObjectNode data = KeycloakAdmin.JSON.createObjectNode()
                .put("subType", type.equals("TOTP") ? "totp" : "hotp")
                .put("digits", digits)
                .put("counter", type.equals("HOTP") ? info.path("counter").asInt(0) : 0)
                .put("period", period)
                .put("algorithm", algorithm)
                .put("secretEncoding", "BASE32");
        ObjectNode secretData = KeycloakAdmin.JSON.createObjectNode().put("value", secret);
        return KeycloakAdmin.JSON.createObjectNode().put("type", "otp")
                .put("userLabel", OTP_LABEL_PREFIX + type + " " + Digests.sha256(secret + data, 6))
                .put("credentialData", data.toString())
                .put("secretData", secretData.toString());
    }

    /**
     * Encvoy keeps a TOTP/HOTP account's unused backup codes in plain text ({@code rest_info.backup_codes},
     * ten 8-digit codes at enrolment, a used one removed). Keycloak's recovery-codes credential stores
     * each code as Base64(SHA-512(code)) with a number, and asks for the codes in that order; the
     * credential below is the one Keycloak itself writes for the same codes, numbered in Encvoy's order.
     */
    private ObjectNode recoveryCodes(EncvoyRows.ExternalAccount account, String type, boolean userHasCodesAlready, List<Note> notes) {
        JsonNode codes = account.restInfo().path("backup_codes");
        if (!codes.isArray() || codes.isEmpty()) {
            return null;
        }
        if (!recoveryCodesSupported) {
            notes.add(new Note("ExternalAccount", account.id(), "otp.backup_codes", codes.size() + " backup codes of " + type
                    + " not migrated: this Keycloak runs without the recovery-codes feature; the user generates new codes"));
            return null;
        }
        if (userHasCodesAlready) {
            notes.add(new Note("ExternalAccount", account.id(), "otp.backup_codes_second_set", codes.size() + " backup codes of "
                    + type + " not migrated: Keycloak keeps one set of recovery codes per user and another account's set moved"));
            return null;
        }
        ArrayNode hashed = KeycloakAdmin.JSON.createArrayNode();
        for (JsonNode code : codes) {
            String value = code.isTextual() || code.isNumber() ? code.asText().trim() : "";
            if (value.isEmpty()) {
                notes.add(new Note("ExternalAccount", account.id(), "otp.backup_codes_format", "backup codes of " + type
                        + " are not a list of codes; none migrated, the user generates new codes"));
                return null;
            }
            int number = hashed.size() + 1;
            hashed.addObject().put("number", number).put("encodedHashedValue", Digests.sha512Base64(value));
        }
        ObjectNode data = KeycloakAdmin.JSON.createObjectNode().put("algorithm", "SHA-512")
                .put("totalCodes", hashed.size()).put("remainingCodes", hashed.size());
        ObjectNode secret = KeycloakAdmin.JSON.createObjectNode();
        secret.set("codes", hashed);
        return KeycloakAdmin.JSON.createObjectNode().put("type", RECOVERY_CODES_TYPE)
                .put("userLabel", RECOVERY_CODES_LABEL_PREFIX + Digests.sha256(secret.toString(), 6))
                .put("credentialData", data.toString())
                .put("secretData", secret.toString());
    }

    private void link(EncvoyRows.ExternalAccount account, String type, ArrayNode links, Set<String> linkedAliases, List<Note> notes) {
        String alias = options.aliasFor(type);
        if (alias == null) {
            notes.add(new Note("ExternalAccount", account.id(), "link.no_alias", type + " binding not migrated: no "
                    + (type.equals("MTLS") ? "--mtls-alias" : "--idp-alias " + type + "=<alias>") + " given"));
            return;
        }
        String userId = account.sub();
        String userName = account.label() == null || account.label().isBlank() ? account.sub() : account.label();
        if (type.equals("MTLS")) {
            userId = account.sub() == null ? "" : account.sub().replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
            if (!SHA1_FINGERPRINT.matcher(userId).matches()) {
                notes.add(new Note("ExternalAccount", account.id(), "mtls.fingerprint_format",
                        "certificate binding is not a SHA-1 fingerprint (40 hex characters), the identifier the mTLS provider"
                                + " reads; the user binds the certificate again"));
                return;
            }
            userName = userId;
        } else if (userId == null || userId.isBlank()) {
            notes.add(new Note("ExternalAccount", account.id(), "link.no_subject", type + " binding without a subject"));
            return;
        }
        if (!linkedAliases.add(alias)) {
            notes.add(new Note("ExternalAccount", account.id(), "link.duplicate",
                    "a second " + type + " binding; Keycloak links one account per identity provider and user"));
            return;
        }
        links.add(KeycloakAdmin.JSON.createObjectNode().put("identityProvider", alias).put("userId", userId).put("userName", userName));
    }

    private static void customFields(EncvoyRows.User user, Map<String, List<String>> attributes, List<Note> notes) {
        JsonNode fields = user.customFields();
        if (fields == null || fields.isNull()) {
            return;
        }
        if (!fields.isObject()) {
            notes.add(new Note("User", user.id(), "user.custom_fields_shape", "custom_fields is not a JSON object"));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!isCustomFieldName(field.getKey())) {
                notes.add(new Note("User", user.id(), "user.custom_field_name",
                        "custom field '" + field.getKey() + "' is not usable as a Keycloak attribute name"));
                continue;
            }
            JsonNode value = field.getValue();
            List<String> values = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(v -> values.add(v.isValueNode() ? v.asText() : v.toString()));
            } else if (!value.isNull()) {
                values.add(value.isValueNode() ? value.asText() : value.toString());
            }
            if (!values.isEmpty()) {
                attributes.put(field.getKey(), values);
            }
        }
    }

    private static void putIfText(ObjectNode rep, String field, String value) {
        if (value != null && !value.isBlank()) {
            rep.put(field, value);
        }
    }

    private static void putAttribute(Map<String, List<String>> attributes, String name, String value) {
        if (value != null && !value.isBlank()) {
            attributes.put(name, List.of(value));
        }
    }

    /** Keycloak's view of a user's managed attributes, for comparison (single-valued lists). */
    static Map<String, List<String>> attributes(JsonNode rep) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        rep.path("attributes").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            attributes.put(e.getKey(), values);
        });
        return attributes;
    }
}
