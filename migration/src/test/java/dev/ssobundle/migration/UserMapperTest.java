package dev.ssobundle.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class UserMapperTest {

    private static final String HASH = "$2b$10$NkpFqCvW0mcWY0Xi5QKbTO0MK6TIczhFaOORngxdfCEvj354gg332";

    private final MigrationOptions options = MigrationOptions.parse(List.of("--source-url", "jdbc:postgresql://h/db",
            "--source-user", "u", "--source-password", "p", "--keycloak-url", "http://127.0.0.1:8080", "--realm", "demo",
            "--admin-user", "a", "--admin-password", "a", "--mtls-alias", "mtls", "--idp-alias", "GOOGLE=google"));
    private final UserMapper mapper = new UserMapper("encvoy_sub", options, Set.of("rocketchat"), true);

    static JsonNode json(String text) {
        try {
            return KeycloakAdmin.JSON.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static EncvoyRows.User user(String id, String login, String hash) {
        return new EncvoyRows.User(id, login, login + "@example.com", true, "Bob", "Marley", "Nesta", "bobby",
                LocalDate.of(1945, 2, 6), "+33600000000", true, "https://cdn.example.com/bob.png",
                json("{'department':'music','skills':['guitar','song'],'bad key!':'x'}"), hash,
                Instant.parse("2024-01-02T03:04:05Z"), true, "fr", false, null);
    }

    @Nested
    class GivenAnActiveUserWithEverything {

        private final UserMapper.Mapped mapped = mapper.map(new EncvoyRows.UserBundle(user("42", "Bob", HASH), List.of(
                new EncvoyRows.ExternalAccount("a1", "42", "TOTP", "totp_42", null, null,
                        json("{'secret':'JBSWY3DPEHPK3PXP','digits':6,'period':30,'algorithm':'sha1','backup_codes':['1','2'],'enabled':true}")),
                new EncvoyRows.ExternalAccount("a2", "42", "MTLS", "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01",
                        null, "serial-1", null),
                new EncvoyRows.ExternalAccount("a3", "42", "GOOGLE", "10987654321", "https://accounts.google.com", "bob@gmail.com", null),
                new EncvoyRows.ExternalAccount("a4", "42", "CUSTOM", "xyz", "https://idp.example.com", null, null),
                new EncvoyRows.ExternalAccount("a5", "42", "ETHEREUM", "0xabc", null, null, null)),
                List.of(new EncvoyRows.Role("r1", "42", "rocketchat", "ADMIN"), new EncvoyRows.Role("r2", "42", "gone", "USER"),
                        new EncvoyRows.Role("r3", "42", "rocketchat", "NONE"))));

        private final JsonNode rep = mapped.representation();

        @Test
        void thenProfileFieldsAndTheOldSubjectAreKept() {
            assertThat(rep.path("username").asText()).isEqualTo("bob");
            assertThat(rep.path("email").asText()).isEqualTo("Bob@example.com");
            assertThat(rep.path("emailVerified").asBoolean()).isTrue();
            assertThat(rep.path("firstName").asText()).isEqualTo("Bob");
            assertThat(rep.path("enabled").asBoolean()).isTrue();
            JsonNode attributes = rep.path("attributes");
            assertThat(attributes.path("encvoy_sub").get(0).asText()).isEqualTo("42");
            assertThat(attributes.path("birthdate").get(0).asText()).isEqualTo("1945-02-06");
            assertThat(attributes.path("phone_number_verified").get(0).asText()).isEqualTo("true");
            assertThat(attributes.path("locale").get(0).asText()).isEqualTo("fr");
            assertThat(attributes.path("skills")).hasSize(2);
            assertThat(attributes.has("bad key!")).isFalse();
            assertThat(attributes.path(UserMapper.MIGRATION_ATTRIBUTE).get(0).asText()).startsWith("v1:");
            assertThat(rep.path("requiredActions").get(0).asText()).isEqualTo("UPDATE_PASSWORD");
        }

        @Test
        void thenThePasswordIsABcryptCredential() {
            JsonNode password = rep.path("credentials").get(0);
            assertThat(password.path("type").asText()).isEqualTo("password");
            assertThat(json(password.path("credentialData").asText()).path("algorithm").asText()).isEqualTo("bcrypt");
            assertThat(json(password.path("credentialData").asText()).path("hashIterations").asInt()).isEqualTo(10);
            assertThat(json(password.path("secretData").asText()).path("value").asText()).isEqualTo(HASH);
            assertThat(password.path("createdDate").asLong()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z").toEpochMilli());
        }

        @Test
        void thenTotpKeepsItsParametersWithABase32Secret() {
            JsonNode otp = rep.path("credentials").get(1);
            assertThat(otp.path("type").asText()).isEqualTo("otp");
            JsonNode data = json(otp.path("credentialData").asText());
            assertThat(data.path("subType").asText()).isEqualTo("totp");
            assertThat(data.path("digits").asInt()).isEqualTo(6);
            assertThat(data.path("period").asInt()).isEqualTo(30);
            assertThat(data.path("algorithm").asText()).isEqualTo("HmacSHA1");
            assertThat(data.path("secretEncoding").asText()).isEqualTo("BASE32");
            assertThat(json(otp.path("secretData").asText()).path("value").asText()).isEqualTo("JBSWY3DPEHPK3PXP");
        }

        @Test
        void thenBackupCodesBecomeRecoveryCodesStoredAsKeycloakStoresThem() {
            JsonNode codes = rep.path("credentials").get(2);
            assertThat(codes.path("type").asText()).isEqualTo("recovery-authn-codes");
            assertThat(codes.path("userLabel").asText()).startsWith("Encvoy backup codes ");
            JsonNode data = json(codes.path("credentialData").asText());
            assertThat(data.path("algorithm").asText()).isEqualTo("SHA-512");
            assertThat(data.path("totalCodes").asInt()).isEqualTo(2);
            assertThat(data.path("remainingCodes").asInt()).isEqualTo(2);
            // Base64(SHA-512("1")) and of "2", computed outside Java: Keycloak asks for code #1 first.
            JsonNode secret = json(codes.path("secretData").asText()).path("codes");
            assertThat(secret.get(0).path("number").asInt()).isEqualTo(1);
            assertThat(secret.get(0).path("encodedHashedValue").asText())
                    .isEqualTo("Tf9Oo0DwqCPxXT9PAati6uDl2lecy4Ufjbnf6ExYsrN7iZA6dA4e4XLaeTpuedVg5ff5vQWKEqKAQz7W+kZRCg==");
            assertThat(secret.get(1).path("number").asInt()).isEqualTo(2);
            assertThat(secret.get(1).path("encodedHashedValue").asText())
                    .isEqualTo("QLJEESZB3XjdT5O2yRkN1G4AmRlNWkQle3761u+f9Gg9oe2gJERIyzQ6poj10+/XMU2v5YCsC8vxFa7Kno3BFA==");
            assertThat(mapped.recoveryCodes()).isEqualTo(1);
        }

        @Test
        void thenBindingsBecomeLinksInTheIdentifierFormOfEachProvider() {
            JsonNode links = rep.path("federatedIdentities");
            assertThat(links).hasSize(2);
            assertThat(links.get(0).path("identityProvider").asText()).isEqualTo("mtls");
            assertThat(links.get(0).path("userId").asText()).isEqualTo("abcdef0123456789abcdef0123456789abcdef01");
            assertThat(links.get(1).path("identityProvider").asText()).isEqualTo("google");
            assertThat(links.get(1).path("userId").asText()).isEqualTo("10987654321");
        }

        @Test
        void thenRolesOfMigratedClientsAreClientRoles() {
            assertThat(rep.path("clientRoles").path("rocketchat").get(0).asText()).isEqualTo("ADMIN");
            assertThat(rep.path("clientRoles").has("gone")).isFalse();
        }

        @Test
        void thenEveryUnmappedPartIsReportedWithAReason() {
            assertThat(mapped.notes()).extracting(Note::code).containsExactlyInAnyOrder("user.custom_field_name",
                    "link.no_alias", "account.ethereum", "role.unknown_client", "role.none");
            assertThat(mapped.notes()).filteredOn(n -> n.code().equals("link.no_alias")).first()
                    .satisfies(n -> assertThat(n.reason()).contains("--idp-alias CUSTOM=<alias>"));
        }

        @Test
        void thenTheMarkerIsStableAndFollowsTheRow() {
            UserMapper.Mapped again = mapper.map(new EncvoyRows.UserBundle(user("42", "Bob", HASH), List.of(), List.of()));
            UserMapper.Mapped same = mapper.map(new EncvoyRows.UserBundle(user("42", "Bob", HASH), List.of(), List.of()));
            UserMapper.Mapped renamed = mapper.map(new EncvoyRows.UserBundle(user("42", "Robert", HASH), List.of(), List.of()));
            assertThat(again.marker()).isEqualTo(same.marker()).isNotEqualTo(renamed.marker());
        }
    }

    @Test
    void deletedUsersAreSkippedWithTheirBindings() {
        EncvoyRows.User deleted = new EncvoyRows.User("7", "gone", null, false, null, null, null, null, null, null, false, null,
                null, HASH, null, false, null, false, Instant.parse("2025-01-01T00:00:00Z"));
        UserMapper.Mapped mapped = mapper.map(new EncvoyRows.UserBundle(deleted,
                List.of(new EncvoyRows.ExternalAccount("a9", "7", "TOTP", "totp_7", null, null, null)), List.of()));
        assertThat(mapped.skipped()).isTrue();
        assertThat(mapped.notes()).extracting(Note::code).containsExactly("user.deleted", "account.user_not_migrated");
    }

    @Test
    void usersWithoutPasswordGetNoCredentialAndForeignHashesAreReported() {
        UserMapper.Mapped social = mapper.map(new EncvoyRows.UserBundle(user("8", "social", ""), List.of(), List.of()));
        assertThat(social.representation().has("credentials")).isFalse();
        assertThat(social.notes()).extracting(Note::code).doesNotContain("user.password_format");
        UserMapper.Mapped md5 = mapper.map(new EncvoyRows.UserBundle(user("9", "md5", "5f4dcc3b5aa765d61d8327deb882cf99"), List.of(), List.of()));
        assertThat(md5.representation().has("credentials")).isFalse();
        assertThat(md5.notes()).extracting(Note::code).contains("user.password_format");
    }

    @Test
    void otpThatKeycloakCannotVerifyIsReported() {
        UserMapper.Mapped mapped = mapper.map(new EncvoyRows.UserBundle(user("5", "otp", HASH), List.of(
                new EncvoyRows.ExternalAccount("o1", "5", "TOTP", "totp_5", null, null, json("{'secret':'JBSWY3DP','digits':7}")),
                new EncvoyRows.ExternalAccount("o2", "5", "TOTP", "totp_5", null, null, json("{'secret':'not base32!'}")),
                new EncvoyRows.ExternalAccount("o3", "5", "HOTP", "hotp_5", null, null, json("{'secret':'JBSWY3DP','enabled':false}")),
                new EncvoyRows.ExternalAccount("o4", "5", "MTLS", "sha256-of-something", null, null, null)), List.of()));
        assertThat(mapped.otpCredentials()).isZero();
        assertThat(mapped.notes()).extracting(Note::code).filteredOn(code -> !code.startsWith("user."))
                .containsExactly("otp.parameters", "otp.secret_format", "otp.not_enabled", "mtls.fingerprint_format");
    }

    @Test
    void backupCodesAreReportedWhenTheServerHasNoRecoveryCodesOrTheyAreNotCodes() {
        UserMapper withoutFeature = new UserMapper("encvoy_sub", options, Set.of(), false);
        UserMapper.Mapped unsupported = withoutFeature.map(new EncvoyRows.UserBundle(user("6", "codes", HASH), List.of(
                new EncvoyRows.ExternalAccount("b1", "6", "TOTP", "totp_6", null, null,
                        json("{'secret':'JBSWY3DPEHPK3PXP','backup_codes':['12345678']}"))), List.of()));
        assertThat(unsupported.otpCredentials()).isEqualTo(1);
        assertThat(unsupported.recoveryCodes()).isZero();
        assertThat(unsupported.representation().toString()).doesNotContain("recovery-authn-codes");
        assertThat(unsupported.notes()).filteredOn(n -> n.code().startsWith("otp.")).extracting(Note::reason).singleElement().asString()
                .contains("1 backup codes", "without the recovery-codes feature");

        UserMapper.Mapped twoSets = mapper.map(new EncvoyRows.UserBundle(user("7", "two", HASH), List.of(
                new EncvoyRows.ExternalAccount("c1", "7", "TOTP", "totp_7", null, null,
                        json("{'secret':'JBSWY3DPEHPK3PXP','backup_codes':['12345678']}")),
                new EncvoyRows.ExternalAccount("c2", "7", "HOTP", "hotp_7", null, null,
                        json("{'secret':'JBSWY3DPEHPK3PXQ','backup_codes':['1']}"))), List.of()));
        assertThat(twoSets.recoveryCodes()).isEqualTo(1);
        assertThat(twoSets.notes()).extracting(Note::code).filteredOn(c -> c.startsWith("otp.")).containsExactly("otp.backup_codes_second_set");

        UserMapper.Mapped notCodes = mapper.map(new EncvoyRows.UserBundle(user("8", "odd", HASH), List.of(
                new EncvoyRows.ExternalAccount("d1", "8", "TOTP", "totp_8", null, null,
                        json("{'secret':'JBSWY3DPEHPK3PXP','backup_codes':[{'code':1}]}"))), List.of()));
        assertThat(notCodes.recoveryCodes()).isZero();
        assertThat(notCodes.notes()).extracting(Note::code).filteredOn(c -> c.startsWith("otp.")).containsExactly("otp.backup_codes_format");
    }
}
