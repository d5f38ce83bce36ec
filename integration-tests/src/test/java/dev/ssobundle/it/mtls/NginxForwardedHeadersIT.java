package dev.ssobundle.it.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ssobundle.it.harness.LocalProcess;
import dev.ssobundle.it.harness.Nginx;
import dev.ssobundle.it.harness.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The shipped nginx templates, on Debian's nginx, in front of an upstream that records the headers it
 * receives: whatever certificate facts or forwarding headers a client sends, what reaches Keycloak is
 * nginx's own values, on every proxied location of both sites (the certificate site's error pages
 * included). The client calls from 127.0.0.2, so "the connecting address" is distinguishable from
 * nginx's own 127.0.0.1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxForwardedHeadersIT {

    private static final String SECRET = "nginx-headers-test-secret-" + UUID.randomUUID();

    /** Everything a client could try to bring along: the seven certificate headers and every forwarding header. */
    private static final Map<String, String> FORGED = forged();

    private final TestPki.Issued root = TestPki.rootCa("CN=Headers Test Root CA");
    private final TestPki.Issued alice = TestPki.client("CN=alice,O=Headers Test", root);
    private final TestPki.Issued mallory = TestPki.client("CN=mallory,O=Elsewhere", TestPki.rootCa("CN=Untrusted Root CA"));
    private final LinkedBlockingDeque<Map<String, String>> received = new LinkedBlockingDeque<>();
    private HttpServer upstream;
    private Nginx nginx;
    private int httpsPort;
    private int mtlsPort;

    private static Map<String, String> forged() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-SSL-Client-Verify", "SUCCESS");
        headers.put("X-SSL-Client-DN", "CN=forged-subject");
        headers.put("X-SSL-Client-Serial", "DEADBEEF");
        headers.put("X-SSL-Client-Fingerprint", "a".repeat(40));
        headers.put("X-SSL-Client-Issuer", "CN=forged-issuer");
        headers.put("X-SSL-Client-Cert", "forged-certificate");
        headers.put("X-SSL-Proxy-Secret", "forged-secret");
        headers.put("X-Forwarded-For", "10.6.6.6");
        headers.put("X-Forwarded-Proto", "forged-proto");
        headers.put("X-Forwarded-Host", "forged.example");
        headers.put("X-Forwarded-Port", "6666");
        headers.put("X-Real-IP", "10.6.6.6");
        headers.put("Forwarded", "for=10.6.6.6;host=forged.example;proto=http");
        return headers;
    }

    @BeforeAll
    void startUpstreamAndNginx() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        upstream.createContext("/", exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            headers.put(":path", exchange.getRequestURI().toString());
            received.add(headers);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        upstream.start();

        Path dir = Files.createDirectories(Path.of(System.getProperty("test.work.dir", "target/it-work"))
                .resolve("nginx-headers-" + UUID.randomUUID()));
        TestPki.server("CN=localhost", root).writePem(dir.resolve("certs/server.crt"), dir.resolve("certs/server.key"));
        Files.writeString(dir.resolve("certs/client-ca.crt"), TestPki.pem(root.certificate()));
        Path crl = dir.resolve("certs/client-ca.crl");
        TestPki.writeCrl(crl, root, List.of());
        httpsPort = LocalProcess.freeLoopbackPort();
        mtlsPort = LocalProcess.freeLoopbackPort();
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("KEYCLOAK_UPSTREAM", "127.0.0.1:" + upstream.getAddress().getPort());
        vars.put("HTTPS_PORT", "127.0.0.1:" + httpsPort);
        vars.put("MTLS_PORT", "127.0.0.1:" + mtlsPort);
        vars.put("TLS_CERT", dir.resolve("certs/server.crt").toString());
        vars.put("TLS_KEY", dir.resolve("certs/server.key").toString());
        vars.put("CLIENT_CA", dir.resolve("certs/client-ca.crt").toString());
        vars.put("CLIENT_CRL", crl.toString());
        vars.put("MTLS_PROXY_SECRET", SECRET);
        vars.put("DEFAULT_REALM", "demo");
        nginx = Nginx.configure(Path.of(System.getProperty("docker.dir"), "nginx/templates"), dir.resolve("nginx"), vars);
        assertThat(nginx.test().exitCode()).as(nginx.test().output()).isZero();
        nginx.start();
    }

    @AfterAll
    void stop() {
        if (nginx != null) {
            nginx.stop();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    @Test
    void httpsSiteForwardsTheConnectingAddressAndNoCertificateFactsWhateverTheClientSends() throws Exception {
        LoopbackCaller caller = new LoopbackCaller(LoopbackCaller.OTHER_ADDRESS, CertificateClients.sslContext(root, null));
        for (String path : List.of("/realms/demo/account", "/api/oidc/me", "/.well-known/openid-configuration",
                "/auth/realms/flatchr/broker/acme/endpoint", "/")) {
            Map<String, String> seen = through(caller, URI.create("https://127.0.0.1:" + httpsPort + path));

            assertOnlyNginxValues(seen, path, httpsPort);
            assertThat(seen).as(path).doesNotContainKeys("x-ssl-client-verify", "x-ssl-client-dn", "x-ssl-client-serial",
                    "x-ssl-client-fingerprint", "x-ssl-client-issuer", "x-ssl-client-cert", "x-ssl-proxy-secret");
        }
    }

    @Test
    void certificateSiteForwardsOnlyTheVerifiedCertificateFacts() throws Exception {
        LoopbackCaller caller = new LoopbackCaller(LoopbackCaller.OTHER_ADDRESS, CertificateClients.sslContext(root, alice));
        Map<String, String> seen = through(caller, URI.create("https://127.0.0.1:" + mtlsPort + "/api/mtls/demo/login?state=s"));

        assertThat(seen.get(":path")).isEqualTo("/realms/demo/mtls/login?state=s");
        assertOnlyNginxValues(seen, "login", mtlsPort);
        assertThat(seen.get("x-ssl-client-verify")).isEqualTo("SUCCESS");
        assertThat(seen.get("x-ssl-client-fingerprint")).isEqualTo(alice.sha1Fingerprint());
        assertThat(seen.get("x-ssl-proxy-secret")).isEqualTo(SECRET);
    }

    @Test
    void certificateErrorPagesForwardNoCertificateFactsFromTheClient() throws Exception {
        URI login = URI.create("https://127.0.0.1:" + mtlsPort + "/api/mtls/demo/login?state=s");
        Map<String, String> untrusted = through(new LoopbackCaller(LoopbackCaller.OTHER_ADDRESS,
                CertificateClients.sslContext(root, mallory)), login);
        assertOnlyNginxValues(untrusted, "495 error page", mtlsPort);
        assertThat(untrusted.get("x-ssl-client-verify")).startsWith("FAILED");
        assertThat(untrusted.get("x-ssl-proxy-secret")).isEqualTo(SECRET);

        Map<String, String> none = through(new LoopbackCaller(LoopbackCaller.OTHER_ADDRESS,
                CertificateClients.sslContext(root, null)), login);
        assertOnlyNginxValues(none, "496 error page", mtlsPort);
        assertThat(none.get("x-ssl-client-verify")).isEqualTo("NONE");
        assertThat(none).doesNotContainKeys("x-ssl-client-dn", "x-ssl-client-serial", "x-ssl-client-fingerprint",
                "x-ssl-client-issuer", "x-ssl-client-cert");
    }

    private Map<String, String> through(LoopbackCaller caller, URI uri) throws InterruptedException {
        received.clear();
        LoopbackCaller.Answer answer = caller.get(uri, FORGED);
        assertThat(answer.status()).as("%s answered by nginx itself: %s", uri, answer.body()).isEqualTo(200);
        Map<String, String> seen = received.poll(10, TimeUnit.SECONDS);
        assertThat(seen).as("request to %s reached the upstream", uri).isNotNull();
        return seen;
    }

    /** No client-sent value arrived, and the forwarding headers describe the real connection. */
    private static void assertOnlyNginxValues(Map<String, String> seen, String where, int port) {
        FORGED.forEach((name, forgedValue) -> {
            String value = seen.get(name.toLowerCase(Locale.ROOT));
            // The verify header is asserted per case: a verified certificate really is "SUCCESS".
            if (value != null && !name.equals("X-SSL-Client-Verify")) {
                assertThat(value).as("%s at %s", name, where).doesNotContain(forgedValue);
            }
        });
        assertThat(seen.get("x-forwarded-for")).as("X-Forwarded-For at %s", where).isEqualTo(LoopbackCaller.OTHER_ADDRESS);
        assertThat(seen.get("x-real-ip")).as("X-Real-IP at %s", where).isEqualTo(LoopbackCaller.OTHER_ADDRESS);
        assertThat(seen.get("x-forwarded-proto")).as("X-Forwarded-Proto at %s", where).isEqualTo("https");
        assertThat(seen.get("x-forwarded-host")).as("X-Forwarded-Host at %s", where).isEqualTo("127.0.0.1");
        assertThat(seen.get("x-forwarded-port")).as("X-Forwarded-Port at %s", where).isEqualTo(String.valueOf(port));
        assertThat(seen).as("Forwarded at %s", where).doesNotContainKey("forwarded");
    }
}
