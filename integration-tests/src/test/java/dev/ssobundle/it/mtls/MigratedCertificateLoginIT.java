package dev.ssobundle.it.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.cluster.LocalPostgres;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A user whose certificate was bound in Encvoy ID ({@code "ExternalAccount"} of type MTLS, sub =
 * nginx's SHA-1 fingerprint) is migrated by scripts/migrate-encvoy.sh into the demo realm and signs in
 * with that certificate through the shipped nginx, with no binding step of their own.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigratedCertificateLoginIT {

    private final KeycloakServer server;
    private final AdminApi admin;
    private MtlsEnvironment env;
    private LocalPostgres postgres;
    private JsonNode originalUserProfile;

    MigratedCertificateLoginIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @BeforeAll
    void encvoyUserWithBobsCertificateMigrated() throws Exception {
        env = new MtlsEnvironment(server, admin, "migrated");
        originalUserProfile = admin.get("realms/" + MtlsEnvironment.REALM + "/users/profile");
        postgres = LocalPostgres.start();
        String url = postgres.createDatabase("encvoy", "encvoy_reader", "encvoy-test");
        postgres.psql("encvoy", Files.readString(Path.of("src/test/resources/migration/encvoy-schema.sql")));
        postgres.psql("encvoy", """
                INSERT INTO "User"(id, login, email, email_verified, given_name, family_name)
                  VALUES (4242, 'cert-only', 'cert-only@example.org', true, 'Cert', 'Only');
                INSERT INTO "ExternalAccount"(user_id, type, sub, label) VALUES (4242, 'MTLS', '%s', '%s');
                GRANT SELECT ON ALL TABLES IN SCHEMA public TO encvoy_reader;
                """.formatted(env.bob.sha1Fingerprint(), env.bob.certificate().getSerialNumber().toString(16)));

        List<String> command = new ArrayList<>(List.of(Path.of("..", "scripts", "migrate-encvoy.sh").toAbsolutePath().normalize().toString(),
                "--source-url", url, "--source-user", "encvoy_reader", "--source-password", "encvoy-test",
                "--keycloak-url", server.baseUri().toString(), "--realm", MtlsEnvironment.REALM,
                "--admin-user", server.adminUsername(), "--admin-password", server.adminPassword(), "--mtls-alias", "mtls"));
        Process migration = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(migration.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(migration.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(migration.exitValue()).as(output).isZero();
    }

    @AfterAll
    void cleanUp() {
        try {
            if (env != null) {
                JsonNode users = admin.get("realms/" + MtlsEnvironment.REALM + "/users?exact=true&username=cert-only");
                users.forEach(u -> env.admin.call("DELETE", "realms/" + MtlsEnvironment.REALM + "/users/" + u.path("id").asText(), null));
                if (originalUserProfile != null) {
                    env.admin.call("PUT", "realms/" + MtlsEnvironment.REALM + "/users/profile", originalUserProfile);
                }
                env.close();
            }
        } finally {
            if (postgres != null) {
                postgres.stopAndDelete();
            }
        }
    }

    @Test
    void migratedUserSignsInWithTheCertificateBoundInEncvoy() throws IOException {
        Browser browser = CertificateClients.browser(env.root, env.bob, env.issuing.certificate());
        URI certificateSite = env.clickMtlsButton(browser);
        HttpResponse<String> fromCertificateSite = browser.get(certificateSite);
        assertThat(Browser.isRedirect(fromCertificateSite)).as("%s: %s", fromCertificateSite.statusCode(), fromCertificateSite.body()).isTrue();

        HttpResponse<String> done = env.followUntilClientOrPage(browser, browser.get(Browser.location(fromCertificateSite)));
        assertThat(Browser.isRedirect(done)).as("back at the client, got %s: %s", done.statusCode(), MtlsEnvironment.pageText(done)).isTrue();
        Map<String, String> params = Browser.queryParameters(Browser.location(done));
        JsonNode tokens = env.tokenResponseForCode(browser, params.get("code"));
        JsonNode idToken = AdminApi.JSON.readTree(Base64.getUrlDecoder().decode(tokens.path("id_token").asText().split("\\.")[1]));
        assertThat(idToken.path("preferred_username").asText()).isEqualTo("cert-only");
        assertThat(idToken.path("email").asText()).isEqualTo("cert-only@example.org");

        JsonNode migrated = admin.get("realms/" + MtlsEnvironment.REALM + "/users?exact=true&briefRepresentation=false&username=cert-only").get(0);
        assertThat(migrated.path("attributes").path("encvoy_sub").get(0).asText()).as("the subject apps knew").isEqualTo("4242");
    }
}
