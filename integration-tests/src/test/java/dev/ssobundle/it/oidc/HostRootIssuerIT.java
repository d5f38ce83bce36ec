package dev.ssobundle.it.oidc;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host-root mode through the shipped nginx template: {@code https://<host>/api/oidc/*} and
 * {@code /.well-known/openid-configuration} mapped to the default realm, whose
 * {@code ssoBundle.oidcApi.publicBaseUrl} names that public base. Discovery, tokens, userinfo and
 * introspection all agree on the one public issuer.
 */
@ExtendWith(KeycloakExtension.class)
class HostRootIssuerIT {

    private final KeycloakServer server;
    private final AdminApi admin;

    HostRootIssuerIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @Test
    void hostRootDiscoveryTokensUserinfoAndIntrospectionShareThePublicIssuer(@TempDir Path dir) throws Exception {
        int httpsPort = LocalProcess.freeLoopbackPort();
        String publicBase = "https://localhost:" + httpsPort + "/api/oidc";
        String realm = "oidc-it-root-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = admin.post("realms", """
                        {"realm": "%s", "enabled": true, "attributes": {"ssoBundle.oidcApi.publicBaseUrl": "%s"},
                         "users": [{"username": "alice", "enabled": true, "email": "alice@root.example", "emailVerified": true,
                                    "firstName": "Alice", "lastName": "Root",
                                    "credentials": [{"type": "password", "value": "alice", "temporary": false}]}],
                         "clients": [{"clientId": "app", "secret": "app-secret", "publicClient": false, "directAccessGrantsEnabled": true,
                                      "standardFlowEnabled": false,
                                      "protocolMappers": [{"name": "audience-self", "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper",
                                          "config": {"included.client.audience": "app", "access.token.claim": "true", "introspection.token.claim": "true"}}]}]}
                        """.formatted(realm, publicBase));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        TestPki.Issued ca = TestPki.rootCa("CN=OIDC root-mode test CA");
        TestPki.Issued tls = TestPki.server("CN=localhost", ca);
        Path certs = Files.createDirectories(dir.resolve("certs"));
        tls.writePem(certs.resolve("server.crt"), certs.resolve("server.key"));
        ca.writePem(certs.resolve("ca.crt"), null);
        Map<String, String> vars = new HashMap<>();
        vars.put("KEYCLOAK_UPSTREAM", server.baseUri().getHost() + ":" + server.baseUri().getPort());
        vars.put("HTTPS_PORT", String.valueOf(httpsPort));
        vars.put("MTLS_PORT", String.valueOf(LocalProcess.freeLoopbackPort()));
        vars.put("TLS_CERT", certs.resolve("server.crt").toString());
        vars.put("TLS_KEY", certs.resolve("server.key").toString());
        vars.put("CLIENT_CA", certs.resolve("ca.crt").toString());
        TestPki.writeCrl(certs.resolve("ca.crl"), ca, java.util.List.of());
        vars.put("CLIENT_CRL", certs.resolve("ca.crl").toString());
        vars.put("MTLS_PROXY_SECRET", UUID.randomUUID().toString());
        vars.put("DEFAULT_REALM", realm);
        Nginx nginx = Nginx.configure(Path.of(System.getProperty("docker.dir"), "nginx", "templates"), dir.resolve("nginx"), vars);
        nginx.start();
        try {
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(ca)).build();

            JsonNode rootDiscovery = json(https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/.well-known/openid-configuration")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            JsonNode apiDiscovery = json(https.send(HttpRequest.newBuilder(URI.create(publicBase + "/.well-known/openid-configuration")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertThat(rootDiscovery.path("issuer").asText()).isEqualTo(publicBase);
            assertThat(apiDiscovery.path("issuer").asText()).isEqualTo(publicBase);
            assertThat(apiDiscovery.path("token_endpoint").asText()).isEqualTo(publicBase + "/token");
            assertThat(apiDiscovery.path("userinfo_endpoint").asText()).isEqualTo(publicBase + "/me");

            HttpResponse<String> token = https.send(HttpRequest.newBuilder(URI.create(publicBase + "/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of("grant_type", "password", "client_id", "app",
                            "client_secret", "app-secret", "username", "alice", "password", "alice", "scope", "openid")))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            JsonNode tokens = json(token);
            String accessToken = tokens.path("access_token").asText();
            assertThat(EncvoyApi.jwtPayload(accessToken).path("iss").asText()).isEqualTo(publicBase);
            assertThat(EncvoyApi.jwtPayload(tokens.path("id_token").asText()).path("iss").asText()).isEqualTo(publicBase);

            HttpResponse<String> me = https.send(HttpRequest.newBuilder(URI.create(publicBase + "/me"))
                    .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(json(me).path("email").asText()).isEqualTo("alice@root.example");

            HttpResponse<String> introspection = https.send(HttpRequest.newBuilder(URI.create(publicBase + "/token/introspection"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", EncvoyApi.basic("app", "app-secret"))
                    .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of("token", accessToken)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(json(introspection).path("active").asBoolean()).as(introspection.body()).isTrue();
            assertThat(json(introspection).path("iss").asText()).isEqualTo(publicBase);
        } finally {
            nginx.stop();
            admin.delete("realms/" + realm);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("%s: %s", response.uri(), response.body()).isEqualTo(200);
        return EncvoyApi.json(response);
    }

    private static SSLContext trusting(TestPki.Issued ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
