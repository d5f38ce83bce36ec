package dev.ssobundle.it.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The flow-step mode, for a Keycloak entirely behind nginx with {@code ssl_verify_client optional}:
 * a direct-grant flow made of the {@code mtls-proxy-header} step logs in the user who linked the
 * certificate, only when the trusted proxy vouches for the headers. The step trusts exactly what the
 * {@code mtls} identity provider trusts: its enabled flag, proxy secret, issuers and identifier.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MtlsHeaderAuthenticatorIT {

    /** The step has no secret of its own: it is the identity provider's. */
    private static final String STEP_SECRET = MtlsEnvironment.PROXY_SECRET;
    private static final String PROVIDER = "realms/" + MtlsEnvironment.REALM + "/identity-provider/instances/mtls";

    private final KeycloakServer server;
    private final AdminApi admin;
    private MtlsEnvironment env;
    private String aliceId;
    private final String flowAlias = "mtls-direct-grant-" + UUID.randomUUID().toString().substring(0, 8);
    private final String clientId = "mtls-headers-" + UUID.randomUUID().toString().substring(0, 8);
    private String flowId;
    private String clientUuid;

    MtlsHeaderAuthenticatorIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @BeforeAll
    void createFlowAndClient() {
        env = new MtlsEnvironment(server, admin, "authenticator");
        aliceId = env.userId("alice");
        env.unlinkByAdmin(aliceId);
        env.linkByAdmin(aliceId, env.alice);

        String flows = "realms/" + MtlsEnvironment.REALM + "/authentication/flows";
        ObjectNode flow = AdminApi.JSON.createObjectNode().put("alias", flowAlias).put("providerId", "basic-flow")
                .put("topLevel", true).put("builtIn", false).put("description", "mTLS headers test flow");
        assertThat(env.admin.call("POST", flows, flow).statusCode()).isEqualTo(201);
        assertThat(env.admin.call("POST", flows + "/" + flowAlias + "/executions/execution",
                AdminApi.JSON.createObjectNode().put("provider", "mtls-proxy-header")).statusCode()).isEqualTo(201);
        JsonNode execution = admin.get(flows + "/" + flowAlias + "/executions").get(0);
        ObjectNode required = execution.deepCopy();
        required.put("requirement", "REQUIRED");
        assertThat(env.admin.call("PUT", flows + "/" + flowAlias + "/executions", required).statusCode()).isIn(202, 204);
        for (JsonNode candidate : admin.get(flows)) {
            if (flowAlias.equals(candidate.path("alias").asText())) {
                flowId = candidate.path("id").asText();
            }
        }

        ObjectNode client = AdminApi.JSON.createObjectNode().put("clientId", clientId).put("publicClient", true)
                .put("standardFlowEnabled", false).put("directAccessGrantsEnabled", true);
        client.putObject("authenticationFlowBindingOverrides").put("direct_grant", flowId);
        HttpResponse<String> created = env.admin.call("POST", "realms/" + MtlsEnvironment.REALM + "/clients", client);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        clientUuid = admin.get("realms/" + MtlsEnvironment.REALM + "/clients?clientId=" + clientId).get(0).path("id").asText();
    }

    @AfterAll
    void removeFlowAndClient() {
        if (env == null) {
            return;
        }
        if (clientUuid != null) {
            env.admin.call("DELETE", "realms/" + MtlsEnvironment.REALM + "/clients/" + clientUuid, null);
        }
        if (flowId != null) {
            env.admin.call("DELETE", "realms/" + MtlsEnvironment.REALM + "/authentication/flows/" + flowId, null);
        }
        env.unlinkByAdmin(aliceId);
        env.close();
    }

    @Test
    void aliceGetsTokensThroughDirectGrantWithCertificateHeadersFromTheTrustedProxy() throws Exception {
        HttpResponse<String> response = tokenRequest(headersFor(env.alice.sha1Fingerprint(), "SUCCESS", STEP_SECRET));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String accessToken = AdminApi.JSON.readTree(response.body()).path("access_token").asText();
        JsonNode claims = AdminApi.JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
        assertThat(claims.path("preferred_username").asText()).isEqualTo("alice");
    }

    @Test
    void rejectsCertificateHeadersSentWithoutTheProxySecret() throws Exception {
        long since = System.currentTimeMillis();
        for (String secret : new String[] {null, "wrong-secret"}) {
            HttpResponse<String> response = tokenRequest(headersFor(env.alice.sha1Fingerprint(), "SUCCESS", secret));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(AdminApi.JSON.readTree(response.body()).path("error").asText()).isEqualTo("invalid_grant");
            assertThat(response.body()).contains("did not come from the trusted proxy").doesNotContain("Exception");
        }
        assertThat(env.events("LOGIN_ERROR", since)).anySatisfy(event ->
                assertThat(event.path("details").path("mtls_reason").asText()).isEqualTo("untrusted_proxy"));
    }

    @Test
    void refusesACertificateTheProxyDidNotVerifyOrThatNobodyLinked() throws Exception {
        HttpResponse<String> failed = tokenRequest(headersFor(env.alice.sha1Fingerprint(), "FAILED:certificate has expired", STEP_SECRET));
        assertThat(failed.statusCode()).isEqualTo(401);
        assertThat(failed.body()).contains("not verified");

        HttpResponse<String> unlinked = tokenRequest(headersFor(env.bob.sha1Fingerprint(), "SUCCESS", STEP_SECRET));
        assertThat(unlinked.statusCode()).isEqualTo(401);
        assertThat(unlinked.body()).contains("not linked to any account");
    }

    @Test
    void disabledIdentityProviderGivesNoCertificateLoginThroughTheFlowStepEither() throws Exception {
        JsonNode original = admin.get(PROVIDER);
        ObjectNode disabled = original.deepCopy();
        disabled.put("enabled", false);
        assertThat(env.admin.call("PUT", PROVIDER, disabled).statusCode()).isEqualTo(204);
        try {
            long since = System.currentTimeMillis();
            HttpResponse<String> response = tokenRequest(headersFor(env.alice.sha1Fingerprint(), "SUCCESS", STEP_SECRET));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
            assertThat(AdminApi.JSON.readTree(response.body()).path("error").asText()).isEqualTo("invalid_grant");
            assertThat(response.body()).contains("Certificate sign-in is disabled").doesNotContain("access_token");
            assertThat(env.events("LOGIN_ERROR", since)).anySatisfy(event ->
                    assertThat(event.path("details").path("mtls_reason").asText()).isEqualTo("provider_disabled"));
        } finally {
            assertThat(env.admin.call("PUT", PROVIDER, original).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void certificateFromAnIssuerOutsideAllowedIssuerDnsIsRefusedEvenWithALinkedSubjectDn() throws Exception {
        JsonNode original = admin.get(PROVIDER);
        ObjectNode bySubject = original.deepCopy();
        ((ObjectNode) bySubject.path("config")).put("ssoBundle.mtls.certificateIdentifier", "SUBJECT_DN")
                .put("ssoBundle.mtls.allowedIssuerDns", "CN=SSO Bundle Test Issuing CA");
        assertThat(env.admin.call("PUT", PROVIDER, bySubject).statusCode()).isEqualTo(204);
        String erin = env.createUser("erin-subject-linked", "Erin-Subject-1");
        ObjectNode link = AdminApi.JSON.createObjectNode().put("identityProvider", "mtls")
                .put("userId", "CN=erin,O=SSO Bundle Test").put("userName", "CN=erin,O=SSO Bundle Test");
        assertThat(env.admin.call("POST", "realms/" + MtlsEnvironment.REALM + "/users/" + erin + "/federated-identity/mtls", link)
                .statusCode()).isIn(201, 204);
        try {
            Map<String, String> fromAllowedIssuer = headersFor(env.bob.sha1Fingerprint(), "SUCCESS", STEP_SECRET);
            fromAllowedIssuer.put("X-SSL-Client-DN", "CN=erin,O=SSO Bundle Test");
            HttpResponse<String> allowed = tokenRequest(fromAllowedIssuer);
            assertThat(allowed.statusCode()).as("same subject, allowed issuer: %s", allowed.body()).isEqualTo(200);

            long since = System.currentTimeMillis();
            Map<String, String> fromOtherIssuer = new LinkedHashMap<>(fromAllowedIssuer);
            fromOtherIssuer.put("X-SSL-Client-Issuer", "CN=Some Other CA nginx Also Trusts");
            HttpResponse<String> refused = tokenRequest(fromOtherIssuer);

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
            assertThat(refused.body()).contains("issuer").doesNotContain("access_token");
            assertThat(env.events("LOGIN_ERROR", since)).anySatisfy(event ->
                    assertThat(event.path("details").path("mtls_reason").asText()).isEqualTo("issuer_not_allowed"));
        } finally {
            assertThat(env.admin.call("PUT", PROVIDER, original).statusCode()).isEqualTo(204);
        }
    }

    private static Map<String, String> headersFor(String fingerprint, String verify, String secret) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-SSL-Client-Verify", verify);
        headers.put("X-SSL-Client-DN", "CN=alice,O=SSO Bundle Test");
        headers.put("X-SSL-Client-Issuer", "CN=SSO Bundle Test Issuing CA");
        headers.put("X-SSL-Client-Fingerprint", fingerprint);
        if (secret != null) {
            headers.put("X-SSL-Proxy-Secret", secret);
        }
        return headers;
    }

    private HttpResponse<String> tokenRequest(Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(env.realmUri() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of("grant_type", "password", "client_id", clientId,
                        "scope", "openid"))));
        headers.forEach(request::header);
        return new Browser().send(request.build());
    }
}
