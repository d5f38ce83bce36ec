package dev.ssobundle.it.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Users imported with bcrypt hashes written by Node's bcrypt (Encvoy ID's storage) sign in with their
 * old password through the bundle's {@code bcrypt} hash provider, and Keycloak then re-hashes the
 * credential with the realm policy's algorithm. Hashes that cannot be checked give a login error.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BcryptPasswordLoginIT {

    /** Keycloak's status for invalid_grant on a wrong password: 401 up to 26.5, 400 from 26.6 on (the body says invalid_grant on both). */
    private static final int REFUSED_PASSWORD_STATUS = dev.ssobundle.it.harness.ServerVersion.atLeast(26, 6) ? 400 : 401;


    private static final String CLIENT = "bcrypt-login";
    private static final String OLD_PASSWORD = "Encvoy-pa55word é";

    private final KeycloakServer server;
    private final AdminApi admin;
    private final String realm = "bcrypt-" + Long.toHexString(System.nanoTime());

    BcryptPasswordLoginIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @BeforeAll
    void createRealm() throws Exception {
        String nodeHash = NodeBcrypt.hash(OLD_PASSWORD, 10);
        assertThat(nodeHash).startsWith("$2b$10$");
        ObjectNode rep = AdminApi.JSON.createObjectNode().put("realm", realm).put("enabled", true)
                .put("passwordPolicy", "hashAlgorithm(pbkdf2-sha512) and hashIterations(1000)");
        rep.putArray("clients").addObject().put("clientId", CLIENT).put("publicClient", true)
                .put("directAccessGrantsEnabled", true).put("standardFlowEnabled", true)
                .putArray("redirectUris").add("http://127.0.0.1/callback");
        ArrayNode users = rep.putArray("users");
        user(users, "rehashed", nodeHash, 10);
        user(users, "wrong-password", nodeHash, 10);
        user(users, "two-a", nodeHash.replace("$2b$", "$2a$"), 10);
        user(users, "two-y", nodeHash.replace("$2b$", "$2y$"), 10);
        user(users, "malformed", "$2b$10$tooShort", 10);
        user(users, "costly", nodeHash.replace("$2b$10$", "$2b$31$"), 31);
        HttpResponse<String> created = admin.post("realms", rep.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @AfterAll
    void deleteRealm() {
        admin.delete("realms/" + realm);
    }

    private static void user(ArrayNode users, String username, String hash, int cost) {
        ObjectNode user = users.addObject().put("username", username).put("enabled", true)
                .put("email", username + "@example.com").put("firstName", "Migrated").put("lastName", username);
        user.putArray("credentials").addObject().put("type", "password")
                .put("credentialData", "{\"hashIterations\":" + cost + ",\"algorithm\":\"bcrypt\",\"additionalParameters\":{}}")
                .put("secretData", AdminApi.JSON.createObjectNode().put("value", hash).put("salt", "")
                        .set("additionalParameters", AdminApi.JSON.createObjectNode()).toString());
    }

    @Test
    void oldNodeBcryptPasswordSignsInAndIsRehashedToTheRealmPolicy() {
        assertThat(passwordCredential("rehashed").path("credentialData").asText()).contains("\"algorithm\":\"bcrypt\"");

        assertThat(passwordGrant("rehashed", OLD_PASSWORD).statusCode()).isEqualTo(200);

        JsonNode after = passwordCredential("rehashed");
        assertThat(after.path("credentialData").asText()).as("re-hashed with the policy algorithm")
                .contains("\"algorithm\":\"pbkdf2-sha512\"").contains("\"hashIterations\":1000");
        assertThat(passwordGrant("rehashed", OLD_PASSWORD).statusCode()).as("same password on the new hash").isEqualTo(200);
        assertThat(passwordGrant("rehashed", "Encvoy-pa55word").statusCode()).isEqualTo(REFUSED_PASSWORD_STATUS);
    }

    @Test
    void everyBcryptVersionPrefixVerifies() {
        assertThat(passwordGrant("two-a", OLD_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(passwordGrant("two-y", OLD_PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongPasswordIsRefusedAndTheHashIsKept() {
        HttpResponse<String> refused = passwordGrant("wrong-password", OLD_PASSWORD + "x");
        // RFC 6749 §5.2: a bad resource-owner password is invalid_grant (Keycloak answers it with 401 before 26.6, 400 since).
        assertThat(refused.statusCode()).isEqualTo(REFUSED_PASSWORD_STATUS);
        assertThat(refused.body()).contains("invalid_grant");
        assertThat(passwordCredential("wrong-password").path("credentialData").asText()).contains("\"algorithm\":\"bcrypt\"");
    }

    @Test
    void malformedHashIsALoginErrorLoggedOnce() {
        String credentialId = passwordCredential("malformed").path("id").asText();
        HttpResponse<String> refused = passwordGrant("malformed", OLD_PASSWORD);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(REFUSED_PASSWORD_STATUS);
        assertThat(refused.body()).contains("invalid_grant").doesNotContain("Exception");
        assertThat(occurrences(server.log(), "bcrypt credential " + credentialId + " cannot be verified")).isEqualTo(1);
    }

    @Test
    void costAboveTheLimitFailsAtOnceOnTheLoginPage() {
        String credentialId = passwordCredential("costly").path("id").asText();
        long start = System.nanoTime();
        Browser browser = new Browser();
        URI authorize = URI.create(server.realmUri(realm) + "/protocol/openid-connect/auth?client_id=" + CLIENT
                + "&response_type=code&scope=openid&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback");
        HttpResponse<String> loginPage = browser.getFollowing(authorize, server.baseUri());
        HttpResponse<String> answer = browser.submitLogin(loginPage, "costly", OLD_PASSWORD);
        assertThat(answer.statusCode()).as("the login page again, not a 500").isEqualTo(200);
        assertThat(answer.body()).contains("Invalid username or password.");
        assertThat(System.nanoTime() - start).as("cost 31 is never run").isLessThan(20_000_000_000L);
        assertThat(occurrences(server.log(), "bcrypt credential " + credentialId + " cannot be verified: bcrypt cost 31")).isEqualTo(1);
    }

    private HttpResponse<String> passwordGrant(String username, String password) {
        return new Browser().postForm(URI.create(server.realmUri(realm) + "/protocol/openid-connect/token"),
                Map.of("grant_type", "password", "client_id", CLIENT, "username", username, "password", password));
    }

    private JsonNode passwordCredential(String username) {
        String id = admin.get("realms/" + realm + "/users?exact=true&username=" + username).get(0).path("id").asText();
        for (JsonNode credential : admin.get("realms/" + realm + "/users/" + id + "/credentials")) {
            if ("password".equals(credential.path("type").asText())) {
                return credential;
            }
        }
        throw new AssertionError("no password credential for " + username);
    }

    private static int occurrences(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
