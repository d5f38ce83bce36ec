package dev.ssobundle.it.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.it.cluster.LocalPostgres;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * scripts/migrate-encvoy.sh against Debian's PostgreSQL holding Encvoy-shaped tables (password
 * hashes from Node's bcrypt, TOTP secrets known here) and the run's real Keycloak, then the
 * migrated users and clients through the Encvoy-compatible OIDC API. Ordered: dry run, migration,
 * logins, second run, delta run, resume, conflict.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EncvoyMigrationIT {

    private static final String CALLBACK = "http://127.0.0.1:3000/_oauth/encvoy";
    private static final String TINA_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private static final String FINGERPRINT = "0123456789abcdef0123456789abcdef01234567";
    private static final Map<String, String> PASSWORDS = Map.of("bob", "bob's old Encvoy password", "tina", "tina-0ld-pw",
            "dave", "dave-pw");

    private final KeycloakServer server;
    private final AdminApi admin;
    private final String realm = "encvoy-" + Long.toHexString(System.nanoTime());
    private LocalPostgres postgres;
    private String sourceUrl;
    private Path work;

    EncvoyMigrationIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @BeforeAll
    void encvoyDatabaseAndEmptyRealm() throws IOException {
        work = Files.createDirectories(Path.of(System.getProperty("test.work.dir", "target/it-work")).resolve("migration"));
        postgres = LocalPostgres.start();
        sourceUrl = postgres.createDatabase("encvoy", "encvoy_reader", "encvoy-test");
        postgres.psql("encvoy", Files.readString(Path.of("src/test/resources/migration/encvoy-schema.sql")));
        List<String> hashes = NodeBcrypt.hashAll(List.of(PASSWORDS.get("bob"), PASSWORDS.get("tina"), PASSWORDS.get("dave")), 10);
        postgres.psql("encvoy", """
                INSERT INTO "Client"(client_id, client_secret, redirect_uris, post_logout_redirect_uris, grant_types, name,
                  access_token_ttl, refresh_token_ttl, authorize_only_employees)
                  VALUES ('rocket', 'rocket-old-secret', '{%s}', '{http://127.0.0.1:3000/}', '{authorization_code,refresh_token}',
                  '{"en":"Rocket.Chat"}', 900, 3600, true);
                INSERT INTO "Client"(client_id, client_secret, grant_types) VALUES ('machine', 'machine-old-secret', '{client_credentials}');
                INSERT INTO "User"(id, login, email, email_verified, given_name, family_name, birthdate, phone_number,
                  phone_number_verified, picture, custom_fields, hashed_password, locale)
                  VALUES (17, 'bob', 'bob@example.org', true, 'Bob', 'Marley', '1945-02-06', '+33611111111', true,
                  'https://cdn.example.org/bob.png', '{"department":"music"}', '%s', 'fr');
                INSERT INTO "User"(id, login, email, email_verified, given_name, family_name, hashed_password)
                  VALUES (18, 'tina', 'tina@example.org', true, 'Tina', 'Turner', '%s');
                INSERT INTO "User"(id, login, email, hashed_password, blocked, password_change_required)
                  VALUES (19, 'dave', 'dave@example.org', '%s', true, true);
                INSERT INTO "User"(id, login, email, hashed_password) VALUES (20, 'eve', 'eve@example.org', '');
                INSERT INTO "User"(id, login, email, hashed_password, deleted) VALUES (21, 'carol', 'carol@example.org', '', '2025-01-01');
                INSERT INTO "ExternalAccount"(user_id, type, sub, rest_info) VALUES (18, 'TOTP', 'totp_18',
                  '{"secret":"%s","digits":6,"period":30,"algorithm":"sha1","backup_codes":["12345678","87654321"],"enabled":true}');
                INSERT INTO "ExternalAccount"(user_id, type, sub, label) VALUES (17, 'MTLS', '%s', '0x1F');
                INSERT INTO "ExternalAccount"(user_id, type, sub, issuer) VALUES (17, 'GOOGLE', '104242', 'https://accounts.google.com');
                INSERT INTO "ExternalAccount"(user_id, type, sub) VALUES (20, 'ETHEREUM', '0xabc');
                INSERT INTO "Role"(user_id, client_id, role) VALUES (17, 'rocket', 'ADMIN'), (19, 'rocket', 'USER'), (20, 'rocket', 'NONE');
                INSERT INTO "Scopes"(user_id, client_id, scopes) VALUES (17, 'rocket', 'openid profile email');
                INSERT INTO "Provider"(type, name, client_id) VALUES ('GOOGLE', 'Google', 'rocket'), ('KLOUD', 'Kloud', 'rocket');
                GRANT SELECT ON ALL TABLES IN SCHEMA public TO encvoy_reader;
                """.formatted(CALLBACK, hashes.get(0), hashes.get(1), hashes.get(2), TINA_SECRET,
                FINGERPRINT.toUpperCase().replaceAll("(..)(?!$)", "$1:")));

        ObjectNode rep = AdminApi.JSON.createObjectNode().put("realm", realm).put("enabled", true);
        // The same mtls provider as the demo realm's, and a Google provider for social links.
        JsonNode demoMtls = admin.get("realms/demo/identity-provider/instances/mtls");
        ObjectNode mtls = ((ObjectNode) demoMtls.deepCopy());
        mtls.remove("internalId");
        rep.putArray("identityProviders").add(mtls).addObject().put("alias", "google").put("providerId", "google").put("enabled", true)
                .putObject("config").put("clientId", "google-client").put("clientSecret", "google-secret");
        HttpResponse<String> created = admin.post("realms", rep.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @AfterAll
    void cleanUp() {
        admin.delete("realms/" + realm);
        if (postgres != null) {
            postgres.stopAndDelete();
        }
    }

    private MigrationCommand.Result migrate(String reportName, String... extra) {
        List<String> arguments = MigrationCommand.arguments(sourceUrl, "encvoy_reader", "encvoy-test", server, realm);
        arguments.addAll(List.of("--mtls-alias", "mtls", "--idp-alias", "GOOGLE=google", "--report", work.resolve(reportName).toString()));
        arguments.addAll(List.of(extra));
        return MigrationCommand.run(arguments, "-Xmx128m", 10);
    }

    private JsonNode report(String name) throws IOException {
        return AdminApi.JSON.readTree(work.resolve(name).toFile());
    }

    @Test
    @Order(1)
    void dryRunReportsWhatWouldMoveAndWritesNothing() throws IOException {
        MigrationCommand.Result run = migrate("dry-run.json", "--dry-run");

        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonNode report = report("dry-run.json");
        assertThat(report.path("dryRun").asBoolean()).isTrue();
        assertThat(report.path("counts").path("users.wouldMigrate").asInt()).isEqualTo(4);
        assertThat(report.path("counts").path("clients.wouldCreate").asInt()).isEqualTo(2);
        assertThat(admin.get("realms/" + realm + "/users/count").asInt()).isZero();
        assertThat(admin.get("realms/" + realm + "/clients?clientId=rocket")).isEmpty();
        assertThat(admin.get("realms/" + realm).path("attributes").has("ssoBundle.oidcApi.legacySubjectAttribute")).isFalse();
        assertThat(userProfileAttributes()).doesNotContain("encvoy_sub");
    }

    @Test
    @Order(2)
    void migrationMovesEveryRowOrReportsItWithAReason() throws IOException {
        MigrationCommand.Result run = migrate("first-run.json");

        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonNode report = report("first-run.json");
        assertThat(report.path("failed").asInt()).isZero();
        JsonNode counts = report.path("counts");
        assertThat(counts.path("users.created").asInt()).as(counts.toString()).isEqualTo(4);
        assertThat(counts.path("clients.created").asInt()).isEqualTo(2);
        assertThat(counts.path("otpCredentials.created").asInt()).isEqualTo(1);
        assertThat(counts.path("recoveryCodes.created").asInt()).as("tina's backup codes").isEqualTo(1);
        assertThat(report.path("warnings").path("recoveryCodes.flowStepDisabled").asText())
                .as("Keycloak's default browser flow has the recovery-code step disabled").contains("Recovery Authentication Code Form");
        assertThat(counts.path("identityLinks.created").asInt()).isEqualTo(2);
        assertThat(counts.path("clientRoleMappings.created").asInt()).isEqualTo(2);
        assertThat(report.path("reasons").fieldNames()).toIterable().contains("user.deleted", "account.ethereum",
                "role.none", "consents", "provider.configuration", "client.access_restriction");
        assertThat(admin.get("realms/" + realm).path("attributes").path("ssoBundle.oidcApi.legacySubjectAttribute").asText())
                .isEqualTo("encvoy_sub");

        JsonNode bob = user("bob");
        assertThat(bob.path("attributes").path("encvoy_sub").get(0).asText()).isEqualTo("17");
        assertThat(bob.path("attributes").path("phone_number").get(0).asText()).isEqualTo("+33611111111");
        assertThat(bob.path("attributes").path("department").get(0).asText()).isEqualTo("music");
        assertThat(bob.path("emailVerified").asBoolean()).isTrue();
        JsonNode links = admin.get("realms/" + realm + "/users/" + bob.path("id").asText() + "/federated-identity");
        assertThat(links.toString()).contains("\"identityProvider\":\"mtls\"", "\"userId\":\"" + FINGERPRINT + "\"",
                "\"identityProvider\":\"google\"", "\"userId\":\"104242\"");
        String rocketUuid = admin.get("realms/" + realm + "/clients?clientId=rocket").get(0).path("id").asText();
        assertThat(admin.get("realms/" + realm + "/users/" + bob.path("id").asText() + "/role-mappings/clients/" + rocketUuid).toString())
                .contains("\"name\":\"ADMIN\"");
        JsonNode dave = user("dave");
        assertThat(dave.path("enabled").asBoolean()).isFalse();
        assertThat(dave.path("requiredActions").toString()).contains("UPDATE_PASSWORD");
        assertThat(admin.get("realms/" + realm + "/users?exact=true&username=carol")).isEmpty();
        assertThat(userProfileAttributes()).contains("encvoy_sub", "phone_number", "department");
    }

    @Test
    @Order(3)
    void oldPasswordSignsInThroughTheOidcApiAndTheAppSeesTheOldSub() {
        assertThat(passwordAlgorithm("bob")).isEqualTo("bcrypt");
        Browser browser = new Browser();
        HttpResponse<String> loginPage = browser.getFollowing(authorize("rocket", CALLBACK), server.baseUri());
        HttpResponse<String> afterLogin = browser.submitLogin(loginPage, "bob", PASSWORDS.get("bob"));
        String code = codeFrom(afterLogin);

        HttpResponse<String> token = browser.send(HttpRequest.newBuilder(api("token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic("rocket", "rocket-old-secret"))
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of("grant_type", "authorization_code", "code", code,
                        "redirect_uri", CALLBACK)))).build());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        JsonNode tokens = json(token.body());
        assertThat(payload(tokens.path("id_token").asText()).path("sub").asText()).isEqualTo("17");
        HttpResponse<String> me = browser.send(HttpRequest.newBuilder(api("me"))
                .header("Authorization", "Bearer " + tokens.path("access_token").asText()).GET().build());
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(json(me.body()).path("sub").asText()).isEqualTo("17");
        assertThat(json(me.body()).path("email").asText()).isEqualTo("bob@example.org");

        assertThat(passwordAlgorithm("bob")).as("re-hashed with the realm policy at the first login").isNotEqualTo("bcrypt");
    }

    @Test
    @Order(4)
    void redirectUriTheClientDidNotHaveIsRefused() {
        HttpResponse<String> refused = new Browser().get(authorize("rocket", "http://127.0.0.1:3000/_oauth/evil"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Location")).isEmpty();
        assertThat(refused.body()).contains("redirect_uri");
    }

    @Test
    @Order(5)
    void totpUserCompletesLoginWithACodeFromTheOldSecret() {
        Browser browser = new Browser();
        HttpResponse<String> loginPage = browser.getFollowing(authorize("rocket", CALLBACK), server.baseUri());
        HttpResponse<String> otpPage = browser.submitLogin(loginPage, "tina", PASSWORDS.get("tina"));
        assertThat(otpPage.statusCode()).as(otpPage.body()).isEqualTo(200);
        Document page = Jsoup.parse(otpPage.body(), otpPage.uri().toString());
        Element form = page.getElementById("kc-otp-login-form");
        assertThat(form).as("OTP form:\n" + otpPage.body()).isNotNull();

        Map<String, String> wrong = fields(form);
        wrong.put("otp", Totp.code(TINA_SECRET, System.currentTimeMillis() / 1000 + 3600));
        HttpResponse<String> refused = browser.postForm(URI.create(form.absUrl("action")), wrong);
        assertThat(refused.statusCode()).as("a code from another time step is refused").isEqualTo(200);
        Element again = Jsoup.parse(refused.body(), refused.uri().toString()).getElementById("kc-otp-login-form");
        assertThat(again).isNotNull();

        Map<String, String> right = fields(again);
        right.put("otp", Totp.code(TINA_SECRET, System.currentTimeMillis() / 1000));
        HttpResponse<String> done = browser.postForm(URI.create(again.absUrl("action")), right);
        assertThat(codeFrom(done)).isNotBlank();
    }

    @Test
    @Order(6)
    void totpUserSignsInWithAnOldBackupCodeOnceTheFlowAsksForRecoveryCodes() {
        // What the migration's warning tells the admin: the recovery-code step of the browser flow, Disabled by default, to Alternative.
        JsonNode recoveryStep = null;
        for (JsonNode execution : admin.get("realms/" + realm + "/authentication/flows/browser/executions")) {
            if ("auth-recovery-authn-code-form".equals(execution.path("providerId").asText())) {
                recoveryStep = execution;
            }
        }
        assertThat(recoveryStep).as("the browser flow has the recovery-code step").isNotNull();
        ObjectNode alternative = ((ObjectNode) recoveryStep.deepCopy()).put("requirement", "ALTERNATIVE");
        HttpResponse<String> changed = admin.put("realms/" + realm
                + "/authentication/flows/browser/executions", alternative.toString());
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);

        Browser browser = new Browser();
        HttpResponse<String> loginPage = browser.getFollowing(authorize("rocket", CALLBACK), server.baseUri());
        HttpResponse<String> otpPage = browser.submitLogin(loginPage, "tina", PASSWORDS.get("tina"));
        Element anotherWay = Jsoup.parse(otpPage.body(), otpPage.uri().toString()).getElementById("kc-select-try-another-way-form");
        assertThat(anotherWay).as("'Try another way' on the OTP page:\n" + otpPage.body()).isNotNull();
        HttpResponse<String> choices = browser.postForm(URI.create(anotherWay.absUrl("action")), fields(anotherWay));
        Element choice = Jsoup.parse(choices.body(), choices.uri().toString()).getElementById("kc-select-credential-form");
        assertThat(choice).as("authenticator choice:\n" + choices.body()).isNotNull();
        HttpResponse<String> codePage = browser.postForm(URI.create(choice.absUrl("action")),
                Map.of("authenticationExecution", recoveryStep.path("id").asText()));
        Element codeForm = Jsoup.parse(codePage.body(), codePage.uri().toString()).getElementById("kc-recovery-code-login-form");
        assertThat(codeForm).as("recovery code form:\n" + codePage.body()).isNotNull();
        assertThat(codeForm.text()).as("Keycloak asks for the codes in Encvoy's order").contains("#1");

        Map<String, String> outOfOrder = fields(codeForm);
        outOfOrder.put("recoveryCodeInput", "87654321");
        HttpResponse<String> refused = browser.postForm(URI.create(codeForm.absUrl("action")), outOfOrder);
        assertThat(Browser.isRedirect(refused)).as("code #2 is not code #1").isFalse();
        Element again = Jsoup.parse(refused.body(), refused.uri().toString()).getElementById("kc-recovery-code-login-form");
        assertThat(again).as(refused.body()).isNotNull();

        Map<String, String> first = fields(again);
        first.put("recoveryCodeInput", "12345678");
        assertThat(codeFrom(browser.postForm(URI.create(again.absUrl("action")), first))).isNotBlank();
        for (JsonNode credential : credentials("tina")) {
            if ("recovery-authn-codes".equals(credential.path("type").asText())) {
                assertThat(json(credential.path("credentialData").asText()).path("remainingCodes").asInt())
                        .as("the used code is spent").isEqualTo(1);
            }
        }
    }

    @Test
    @Order(7)
    void machineClientKeepsItsSecret() {
        HttpResponse<String> token = new Browser().send(HttpRequest.newBuilder(api("token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", basic("machine", "machine-old-secret"))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        HttpResponse<String> wrong = new Browser().send(HttpRequest.newBuilder(api("token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", basic("machine", "guess"))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build());
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    @Order(8)
    void secondRunChangesNothing() throws IOException {
        int users = admin.get("realms/" + realm + "/users/count").asInt();
        String bobCredentials = credentials("bob").toString();
        String tinaCredentials = credentials("tina").toString();

        MigrationCommand.Result run = migrate("second-run.json");

        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonNode counts = report("second-run.json").path("counts");
        assertThat(counts.path("users.unchanged").asInt()).as(counts.toString()).isEqualTo(4);
        assertThat(counts.has("users.created")).isFalse();
        assertThat(counts.has("users.updated")).isFalse();
        assertThat(counts.path("clients.unchanged").asInt()).isEqualTo(2);
        assertThat(admin.get("realms/" + realm + "/users/count").asInt()).isEqualTo(users);
        assertThat(credentials("bob").toString()).as("bob's re-hashed password is kept").isEqualTo(bobCredentials);
        assertThat(credentials("tina").toString()).isEqualTo(tinaCredentials);
        assertThat(admin.get("realms/" + realm + "/clients?clientId=rocket")).hasSize(1);
    }

    @Test
    @Order(9)
    void aRowChangedInEncvoyIsUpdatedAndAMissingUserIsCreatedAgain() throws IOException {
        postgres.psql("encvoy", "UPDATE \"User\" SET family_name = 'Updated' WHERE login = 'eve'");
        admin.delete("realms/" + realm + "/users/" + user("dave").path("id").asText());

        MigrationCommand.Result run = migrate("third-run.json");

        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonNode counts = report("third-run.json").path("counts");
        assertThat(counts.path("users.updated").asInt()).as(counts.toString()).isEqualTo(1);
        assertThat(counts.path("users.created").asInt()).isEqualTo(1);
        assertThat(counts.path("users.unchanged").asInt()).isEqualTo(2);
        assertThat(user("eve").path("lastName").asText()).isEqualTo("Updated");
        assertThat(user("dave").path("attributes").path("encvoy_sub").get(0).asText()).isEqualTo("19");
    }

    @Test
    @Order(10)
    void aKeycloakUserTheMigrationDidNotCreateIsNeverTakenOver() throws IOException {
        HttpResponse<String> created = admin.post("realms/" + realm + "/users", "{\"username\":\"mallory\",\"enabled\":true,\"email\":\"mallory@corp.example\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        postgres.psql("encvoy", "INSERT INTO \"User\"(id, login, email, hashed_password) VALUES (22, 'mallory', 'm@example.org', '')");

        MigrationCommand.Result run = migrate("conflict-run.json");

        assertThat(run.exitCode()).as("a row that could not move fails the run").isEqualTo(1);
        JsonNode report = report("conflict-run.json");
        assertThat(report.path("failed").asInt()).isEqualTo(1);
        assertThat(report.path("items").toString()).contains("user.exists_unmigrated", "\"key\":\"22\"");
        JsonNode mallory = user("mallory");
        assertThat(mallory.path("email").asText()).isEqualTo("mallory@corp.example");
        assertThat(mallory.path("attributes").has("encvoy_sub")).isFalse();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private URI api(String route) {
        return URI.create(server.realmUri(realm) + "/api/oidc/" + route);
    }

    private URI authorize(String clientId, String redirectUri) {
        return URI.create(api("auth") + "?response_type=code&client_id=" + clientId + "&redirect_uri="
                + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8) + "&scope=openid%20profile%20email&state=s1");
    }

    private static String codeFrom(HttpResponse<String> response) {
        assertThat(Browser.isRedirect(response)).as("redirect to the app, got %s: %s", response.statusCode(), response.body()).isTrue();
        URI location = Browser.location(response);
        assertThat(location.toString()).startsWith(CALLBACK + "?");
        return Browser.queryParameters(location).get("code");
    }

    private static Map<String, String> fields(Element form) {
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[name]").forEach(input -> fields.put(input.attr("name"), input.val()));
        return fields;
    }

    private JsonNode user(String username) {
        JsonNode found = admin.get("realms/" + realm + "/users?exact=true&briefRepresentation=false&username=" + username);
        assertThat(found).as(username).hasSize(1);
        return found.get(0);
    }

    private JsonNode credentials(String username) {
        return admin.get("realms/" + realm + "/users/" + user(username).path("id").asText() + "/credentials");
    }

    private String passwordAlgorithm(String username) {
        for (JsonNode credential : credentials(username)) {
            if ("password".equals(credential.path("type").asText())) {
                return json(credential.path("credentialData").asText()).path("algorithm").asText();
            }
        }
        return null;
    }

    private List<String> userProfileAttributes() {
        List<String> names = new java.util.ArrayList<>();
        admin.get("realms/" + realm + "/users/profile").path("attributes").forEach(a -> names.add(a.path("name").asText()));
        return names;
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String text) {
        try {
            return AdminApi.JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode payload(String jwt) {
        return json(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }
}
