package dev.ssobundle.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ssobundle.it.harness.Nginx;
import dev.ssobundle.it.harness.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Docker engine runs here, so docker/ is validated statically: the nginx templates pass the real
 * {@code nginx -t} with test certificates, compose.yaml parses into the documented services, and
 * Debian's {@code docker-compose config} (no daemon needed) refuses to render it without every secret.
 */
class DockerConfigIT {

    private static final Path DOCKER = Path.of(System.getProperty("docker.dir"));

    static Map<String, String> variables(Path certs) {
        TestPki.Issued ca = TestPki.rootCa("CN=Test Root CA");
        TestPki.Issued server = TestPki.server("CN=localhost", ca);
        server.writePem(certs.resolve("server.crt"), certs.resolve("server.key"));
        ca.writePem(certs.resolve("ca.crt"), null);
        Map<String, String> vars = new HashMap<>();
        vars.put("KEYCLOAK_UPSTREAM", "127.0.0.1:8080");
        vars.put("HTTPS_PORT", "127.0.0.1:18443");
        vars.put("MTLS_PORT", "127.0.0.1:13443");
        vars.put("TLS_CERT", certs.resolve("server.crt").toString());
        vars.put("TLS_KEY", certs.resolve("server.key").toString());
        vars.put("CLIENT_CA", certs.resolve("ca.crt").toString());
        TestPki.writeCrl(certs.resolve("ca.crl"), ca, java.util.List.of());
        vars.put("CLIENT_CRL", certs.resolve("ca.crl").toString());
        vars.put("MTLS_PROXY_SECRET", "test-proxy-secret");
        vars.put("DEFAULT_REALM", "demo");
        return vars;
    }

    @Test
    void shippedNginxTemplatesPassNginxTest(@TempDir Path dir) {
        Nginx nginx = Nginx.configure(DOCKER.resolve("nginx/templates"), dir.resolve("nginx"), variables(dir.resolve("certs")));

        Nginx.CheckResult result = nginx.test();

        assertThat(result.output()).contains("syntax is ok").contains("test is successful");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void templatesUseOnlyTheDocumentedVariables() throws Exception {
        Pattern braced = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
        try (var templates = Files.list(DOCKER.resolve("nginx/templates"))) {
            for (Path template : templates.toList()) {
                Matcher matcher = braced.matcher(Files.readString(template));
                while (matcher.find()) {
                    assertThat(Nginx.TEMPLATE_VARIABLES).as(template + " uses ${%s}", matcher.group(1)).contains(matcher.group(1));
                }
            }
        }
    }

    @Test
    void mtlsSiteForwardsTheFiveCertificateHeadersOnlyOnApiMtls() throws Exception {
        String template = Files.readString(DOCKER.resolve("nginx/templates/sso.conf.template"));
        for (String header : new String[] {"X-SSL-Client-Verify $ssl_client_verify", "X-SSL-Client-DN $ssl_client_s_dn",
                "X-SSL-Client-Serial $ssl_client_serial", "X-SSL-Client-Fingerprint $ssl_client_fingerprint",
                "X-SSL-Client-Issuer $ssl_client_i_dn"}) {
            assertThat(template).contains("proxy_set_header " + header + ";");
        }
        assertThat(template).contains("ssl_verify_client on;").contains("listen ${MTLS_PORT} ssl;")
                .contains("return 404 \"mTLS endpoints only. Use port 443 for regular access.\";");
    }

    @Test
    void composeFileDefinesPostgresKeycloakAndNginx() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(DOCKER.resolve("compose.yaml").toFile());
        JsonNode services = compose.path("services");

        assertThat(services.has("postgres")).isTrue();
        assertThat(services.path("keycloak").path("build").path("dockerfile").asText()).isEqualTo("docker/Dockerfile");
        assertThat(services.path("keycloak").path("environment").path("KC_DB_URL").asText()).startsWith("jdbc:postgresql://postgres");
        // The cluster the harness tests (issue: two nodes, embedded Infinispan, jdbc-ping discovery).
        assertThat(services.path("keycloak").path("deploy").path("replicas").asInt()).isEqualTo(2);
        assertThat(services.path("keycloak").path("environment").path("KC_CACHE").asText()).isEqualTo("ispn");
        assertThat(services.path("keycloak").path("environment").path("KC_CACHE_STACK").asText()).isEqualTo("jdbc-ping");
        JsonNode nginxEnv = services.path("nginx").path("environment");
        for (String variable : Nginx.TEMPLATE_VARIABLES) {
            assertThat(nginxEnv.has(variable)).as("nginx service sets " + variable).isTrue();
        }
        assertThat(services.path("nginx").path("ports").toString()).contains("443:443").contains("3443:3443");
        assertThat(Files.readString(DOCKER.resolve("Dockerfile")))
                .contains("FROM quay.io/keycloak/keycloak:" + System.getProperty("keycloak.version"))
                .contains("kc.sh build");
    }

    /** Every secret compose.yaml requires, with the demo's published values (docker/demo.env). */
    private static final Map<String, String> SECRETS = secrets();

    private static Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("KC_ADMIN_PASSWORD", "admin-password-from-test");
        secrets.put("POSTGRES_PASSWORD", "postgres-password-from-test");
        secrets.put("MTLS_PROXY_SECRET", "mtls-secret-from-test");
        secrets.put("SCIM_CLIENT_SECRET", "scim-secret-from-test");
        secrets.put("ROCKETCHAT_CLIENT_SECRET", "rocketchat-secret-from-test");
        secrets.put("NEXTCLOUD_CLIENT_SECRET", "nextcloud-secret-from-test");
        secrets.put("PUBLIC_URL", "https://sso.example.com");
        return secrets;
    }

    @Test
    void composeRefusesToRenderWithoutEachSecretAndSaysHowToMakeIt() throws Exception {
        for (String missing : SECRETS.keySet()) {
            Map<String, String> env = new HashMap<>(SECRETS);
            env.remove(missing);

            Compose result = composeConfig(env);

            assertThat(result.exitCode()).as("without %s:\n%s", missing, result.output()).isNotZero();
            assertThat(result.output()).as("without %s", missing).contains(missing).contains("set " + missing);
        }
    }

    @Test
    void composeRendersWithTheSecretsAndImportsNoRealm() throws Exception {
        Compose result = composeConfig(SECRETS);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("mtls-secret-from-test").contains("scim-secret-from-test")
                .contains("no-import").doesNotContain("realm-exports").contains("command: start --optimized")
                .doesNotContain("dev-only-").doesNotContain("change-me").doesNotContain("scim-secret\n");
        assertThat(Files.readString(DOCKER.resolve("Dockerfile"))).doesNotContain("realm-exports").doesNotContain("data/import");
    }

    @Test
    void demoEnvFileRendersTheDemoWithTheRealmExports() throws Exception {
        Compose result = composeConfig(Map.of(), "--env-file", DOCKER.resolve("demo.env").toAbsolutePath().toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("realm-exports").contains("dev-only-mtls-proxy-secret")
                .contains("command: start-dev --import-realm");
    }

    @Test
    void devPkiScriptWritesACrlThatRevokesItsRevokedClientCertificate(@TempDir Path dir) throws Exception {
        Compose made = run(List.of("bash", DOCKER.resolve("pki/make-dev-pki.sh").toString(), dir.toString()), Map.of());
        assertThat(made.exitCode()).as(made.output()).isZero();

        Compose revoked = run(List.of("openssl", "verify", "-crl_check", "-CAfile", dir.resolve("ca.crt").toString(),
                "-CRLfile", dir.resolve("ca.crl").toString(), dir.resolve("revoked.crt").toString()), Map.of());
        Compose alice = run(List.of("openssl", "verify", "-crl_check", "-CAfile", dir.resolve("ca.crt").toString(),
                "-CRLfile", dir.resolve("ca.crl").toString(), dir.resolve("alice.crt").toString()), Map.of());

        assertThat(revoked.exitCode()).isNotZero();
        assertThat(revoked.output()).contains("certificate revoked");
        assertThat(alice.exitCode()).as(alice.output()).isZero();
        assertThat(dir.resolve("revoked.p12")).exists();
    }

    record Compose(int exitCode, String output) {
    }

    /**
     * Debian's docker-compose (scripts/install-test-deps.sh) renders the file, no daemon needed. It is
     * 1.29, which predates the top-level {@code name:} key that Compose v2 reads, so it is given the file
     * without that one line, with docker/ as the project directory (relative paths resolve as shipped).
     */
    private static Compose composeConfig(Map<String, String> env, String... options) throws Exception {
        Path copy = Files.createTempDirectory("compose-config").resolve("compose.yaml");
        Files.writeString(copy, Files.readString(DOCKER.resolve("compose.yaml")).replaceFirst("(?m)^name: .*\\n", ""));
        List<String> command = new ArrayList<>(List.of("docker-compose", "--project-directory", DOCKER.toString()));
        command.addAll(List.of(options));
        command.addAll(List.of("-f", copy.toString(), "config"));
        return run(command, env);
    }

    private static Compose run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(DOCKER.toFile());
        // Only what the test gives: a secret in the build's own environment must not make compose pass.
        builder.environment().keySet().removeIf(name -> SECRETS.containsKey(name) || name.startsWith("REALM_IMPORT")
                || name.startsWith("COMPOSE_") || name.equals("KC_ADMIN"));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Compose(process.exitValue(), output);
    }
}
