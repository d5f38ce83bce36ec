package dev.ssobundle.it.brokers;

import static dev.ssobundle.it.brokers.CustomerOnboardingIT.customer;
import static dev.ssobundle.it.brokers.CustomerOnboardingIT.resource;
import static dev.ssobundle.it.brokers.CustomerOnboardingIT.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import dev.ssobundle.it.harness.LocalProcess;
import dev.ssobundle.it.harness.Nginx;
import dev.ssobundle.it.harness.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's redirect URI form {@code https://<host>/auth/realms/<realm>/broker/<slug>/endpoint} in the
 * documented deployment: the shipped nginx template serves {@code /auth/} from Keycloak's root and
 * the realm's Frontend URL carries the prefix. The test Keycloak itself stays at the root.
 */
@ExtendWith(KeycloakExtension.class)
class AuthPrefixIT {

    private final KeycloakServer server;
    private final AdminApi admin;

    AuthPrefixIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        BrokerFlow.allowInsecureMetadata(admin, "flatchr");
    }

    @Test
    void onboardingReturnsTheAuthPrefixedRedirectUriAndNginxServesTheSpMetadataThere(@TempDir Path dir) throws Exception {
        TestPki.Issued ca = TestPki.rootCa("CN=Brokers Test CA");
        TestPki.Issued tls = TestPki.server("CN=localhost", ca);
        tls.writePem(dir.resolve("server.crt"), dir.resolve("server.key"));
        ca.writePem(dir.resolve("ca.crt"), null);
        int httpsPort = LocalProcess.freeLoopbackPort();
        Map<String, String> vars = new HashMap<>();
        vars.put("KEYCLOAK_UPSTREAM", server.baseUri().getHost() + ":" + server.baseUri().getPort());
        vars.put("HTTPS_PORT", "127.0.0.1:" + httpsPort);
        vars.put("MTLS_PORT", "127.0.0.1:" + LocalProcess.freeLoopbackPort());
        vars.put("TLS_CERT", dir.resolve("server.crt").toString());
        vars.put("TLS_KEY", dir.resolve("server.key").toString());
        vars.put("CLIENT_CA", dir.resolve("ca.crt").toString());
        TestPki.writeCrl(dir.resolve("ca.crl"), ca, java.util.List.of());
        vars.put("CLIENT_CRL", dir.resolve("ca.crl").toString());
        vars.put("MTLS_PROXY_SECRET", "brokers-test-secret");
        vars.put("DEFAULT_REALM", "demo");
        Nginx nginx = Nginx.configure(Path.of(System.getProperty("docker.dir")).resolve("nginx/templates"), dir.resolve("nginx"), vars);

        String publicBase = "https://localhost:" + httpsPort + "/auth";
        String realm = "auth-prefix-" + unique();
        admin.require2xx(admin.post("realms", Map.of("realm", realm, "enabled", true, "organizationsEnabled", true,
                "attributes", Map.of("frontendUrl", publicBase, BrokerFlow.ALLOW_INSECURE_METADATA, "true"))));
        try (LoopbackDocuments documents = new LoopbackDocuments()) {
            nginx.start();
            String slug = "acme-" + unique();
            String metadataUrl = documents.put("/FederationMetadata/2007-06/FederationMetadata.xml", resource("brokers/adfs-FederationMetadata.xml")).toString();

            HttpResponse<String> created = admin.post("realms/" + realm + "/customers", customer(slug, "adfs", List.of(slug + ".example"), Map.of("metadataUrl", metadataUrl)));

            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode body = AdminApi.read(created.body());
            String redirectUri = publicBase + "/realms/" + realm + "/broker/" + slug + "/endpoint";
            assertThat(body.path("redirectUri").asText()).isEqualTo(redirectUri);
            assertThat(body.path("spEntityId").asText()).isEqualTo(publicBase + "/realms/" + realm);
            assertThat(body.path("spMetadataUrl").asText()).isEqualTo(redirectUri + "/descriptor");

            HttpResponse<String> descriptor = trusting(ca).send(HttpRequest.newBuilder(URI.create(body.path("spMetadataUrl").asText())).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(descriptor.statusCode()).as(descriptor.body()).isEqualTo(200);
            assertThat(descriptor.body())
                    .contains("entityID=\"" + publicBase + "/realms/" + realm + "\"")
                    .contains("Location=\"" + redirectUri + "\"");
        } finally {
            nginx.stop();
            admin.delete("realms/" + realm);
        }
    }

    private static HttpClient trusting(TestPki.Issued ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }
}
