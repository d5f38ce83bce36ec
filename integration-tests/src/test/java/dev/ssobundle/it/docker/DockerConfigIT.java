package dev.ssobundle.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ssobundle.it.harness.Nginx;
import dev.ssobundle.it.harness.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Docker engine runs here, so docker/ is validated statically: the nginx templates pass the real
 * {@code nginx -t} with test certificates, and compose.yaml parses into the documented services.
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
}
