package dev.ssobundle.it.brokers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ssobundle.it.harness.Browser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local stand-in for one Entra ID authority ({@code https://login.microsoftonline.com}) serving
 * the v2.0 endpoints of any tenant: discovery, authorize, token, JWKS. It signs real RS256
 * id_tokens with Nimbus and puts in them what Entra does: issuer {@code <authority>/<tid>/v2.0},
 * {@code tid}, {@code oid}, {@code email}, {@code xms_edov}. Tests script the next sign-in
 * (including tokens another tenant or a foreign key would produce).
 */
final class EntraTenantStandIn implements AutoCloseable {

    /** What the next user who reaches the authorize endpoint signs in as. */
    record SignIn(String oid, String email, boolean emailDomainVerified, String givenName, String familyName,
                  String tidClaim, String issuerTenant, boolean signWithForeignKey) {

        static SignIn of(String tenant, String oid, String email, String givenName, String familyName) {
            return new SignIn(oid, email, true, givenName, familyName, tenant, tenant, false);
        }

        SignIn withTidClaim(String tid) {
            return new SignIn(oid, email, emailDomainVerified, givenName, familyName, tid, issuerTenant, signWithForeignKey);
        }

        SignIn signedWithForeignKey() {
            return new SignIn(oid, email, emailDomainVerified, givenName, familyName, tidClaim, issuerTenant, true);
        }
    }

    private record Pending(SignIn signIn, String clientId, String nonce) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final RSAKey tenantKey;
    private final RSAKey foreignKey;
    private final String clientSecret;
    private final Map<String, Pending> codes = new ConcurrentHashMap<>();
    private volatile SignIn next;

    EntraTenantStandIn(String clientSecret) {
        this.clientSecret = clientSecret;
        try {
            tenantKey = new RSAKeyGenerator(2048).keyID("entra-" + UUID.randomUUID()).generate();
            foreignKey = new RSAKeyGenerator(2048).keyID(tenantKey.getKeyID()).generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String authority() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void nextSignIn(SignIn signIn) {
        this.next = signIn;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String[] path = exchange.getRequestURI().getPath().split("/");
            // /<tenant>/v2.0/.well-known/openid-configuration, /<tenant>/oauth2/v2.0/{authorize,token}, /<tenant>/discovery/v2.0/keys
            String tenant = path.length > 1 ? path[1] : "";
            String rest = exchange.getRequestURI().getPath().substring(Math.min(exchange.getRequestURI().getPath().length(), tenant.length() + 1));
            switch (rest) {
                case "/v2.0/.well-known/openid-configuration" -> json(exchange, 200, discovery(tenant));
                case "/discovery/v2.0/keys" -> json(exchange, 200, new JWKSet(tenantKey.toPublicJWK()).toJSONObject());
                case "/oauth2/v2.0/authorize" -> authorize(exchange);
                case "/oauth2/v2.0/token" -> token(exchange);
                default -> json(exchange, 404, Map.of("error", "not_found"));
            }
        } catch (RuntimeException | JOSEException e) {
            json(exchange, 500, Map.of("error", "server_error", "error_description", String.valueOf(e.getMessage())));
        }
    }

    private Map<String, Object> discovery(String tenant) {
        String base = authority() + "/" + tenant;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", base + "/v2.0");
        doc.put("authorization_endpoint", base + "/oauth2/v2.0/authorize");
        doc.put("token_endpoint", base + "/oauth2/v2.0/token");
        doc.put("jwks_uri", base + "/discovery/v2.0/keys");
        doc.put("response_types_supported", new String[] {"code", "id_token", "code id_token"});
        doc.put("id_token_signing_alg_values_supported", new String[] {"RS256"});
        doc.put("tenant_region_scope", "EU");
        return doc;
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = Browser.queryParameters(exchange.getRequestURI());
        SignIn signIn = next;
        if (signIn == null) {
            json(exchange, 400, Map.of("error", "no_user_scripted"));
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Pending(signIn, query.get("client_id"), query.get("nonce")));
        String location = query.get("redirect_uri") + "?code=" + code + "&state=" + URLEncoder.encode(query.getOrDefault("state", ""), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException, JOSEException {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        Pending pending = codes.remove(form.getOrDefault("code", ""));
        if (pending == null || !pending.clientId().equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))) {
            json(exchange, 400, Map.of("error", "invalid_grant"));
            return;
        }
        SignIn s = pending.signIn();
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(authority() + "/" + s.issuerTenant() + "/v2.0")
                .audience(pending.clientId())
                .subject("pairwise-" + s.oid())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("ver", "2.0").claim("tid", s.tidClaim()).claim("oid", s.oid())
                .claim("name", s.givenName() + " " + s.familyName())
                .claim("given_name", s.givenName()).claim("family_name", s.familyName())
                .claim("preferred_username", s.email())
                .claim("email", s.email()).claim("xms_edov", s.emailDomainVerified());
        if (pending.nonce() != null) {
            claims.claim("nonce", pending.nonce());
        }
        RSAKey key = s.signWithForeignKey() ? foreignKey : tenantKey;
        SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims.build());
        idToken.sign(new RSASSASigner(key));
        json(exchange, 200, Map.of("token_type", "Bearer", "expires_in", 3600, "scope", "openid profile email",
                "access_token", "opaque-" + UUID.randomUUID(), "id_token", idToken.serialize()));
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    URI uri(String path) {
        return URI.create(authority() + path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
