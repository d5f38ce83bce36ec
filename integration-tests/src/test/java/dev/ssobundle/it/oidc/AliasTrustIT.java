package dev.ssobundle.it.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the OIDC API alias trusts (issue 11, OIDC API): discovery advertises only routes that issue
 * under the alias issuer, sender-constrained tokens stay constrained at {@code /me}, and the legacy
 * (Encvoy) subject is served only when users cannot choose it. A realm of its own per concern.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AliasTrustIT {

    private final KeycloakServer server;
    private final AdminApi admin;
    private final String realm = "oidc-trust-" + UUID.randomUUID().toString().substring(0, 8);

    AliasTrustIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @BeforeAll
    void createRealm() {
        expect(201, post("realms", """
                {"realm": "%s", "enabled": true, "eventsEnabled": true,
                 "attributes": {"ssoBundle.oidcApi.legacySubjectAttribute": "encvoy_sub"},
                 "clients": [
                   {"clientId": "app", "secret": "app-secret", "publicClient": false, "directAccessGrantsEnabled": true,
                    "standardFlowEnabled": false}]}
                """.formatted(realm)));
        declareLegacySubject(realm, List.of("admin"));
    }

    @AfterAll
    void deleteRealm() {
        admin.delete("realms/" + realm);
    }

    // #11.12 -----------------------------------------------------------------------------------

    @Test
    void aliasDiscoveryAdvertisesNoEndpointThatIssuesUnderAnotherIssuer() {
        String aliasBase = server.realmUri("demo") + "/api/oidc";
        JsonNode discovery = EncvoyApi.json(EncvoyApi.get(new Browser(), URI.create(aliasBase + "/.well-known/openid-configuration")));

        assertThat(discovery.path("issuer").asText()).isEqualTo(aliasBase);
        for (String leftOut : List.of("pushed_authorization_request_endpoint", "device_authorization_endpoint",
                "backchannel_authentication_endpoint", "registration_endpoint", "mtls_endpoint_aliases", "check_session_iframe",
                "require_pushed_authorization_requests")) {
            assertThat(discovery.has(leftOut)).as("%s is not served by the alias", leftOut).isFalse();
        }
        List<String> urls = new ArrayList<>();
        collectUrls(discovery, "", urls);
        assertThat(urls).isNotEmpty().allSatisfy(url -> assertThat(url).as("every advertised URL").contains("=" + aliasBase + "/"));
    }

    // #11.10 -----------------------------------------------------------------------------------

    @Test
    void dpopBoundTokenWithoutItsProofIsRefusedByMe() throws Exception {
        String userId = createUser("dpop-user-" + UUID.randomUUID().toString().substring(0, 6), null);
        String username = admin.get("realms/" + realm + "/users/" + userId).path("username").asText();
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("dpop").generate();
        DefaultDPoPProofFactory proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
        URI tokenUri = URI.create(server.realmUri(realm) + "/api/oidc/token");
        URI meUri = URI.create(server.realmUri(realm) + "/api/oidc/me");

        HttpResponse<String> token = EncvoyApi.postForm(new Browser(), tokenUri, Map.of("grant_type", "password",
                "client_id", "app", "client_secret", "app-secret", "username", username, "password", "pw", "scope", "openid"),
                "DPoP", proofs.createDPoPJWT("POST", tokenUri).serialize());
        expect(200, token);
        assertThat(EncvoyApi.json(token).path("token_type").asText()).as("Keycloak's DPoP support is on").isEqualToIgnoringCase("DPoP");
        String accessToken = EncvoyApi.json(token).path("access_token").asText();
        assertThat(EncvoyApi.jwtPayload(accessToken).path("cnf").path("jkt").asText()).isNotEmpty();

        HttpResponse<String> withoutProof = EncvoyApi.get(new Browser(), meUri, "Authorization", "DPoP " + accessToken);
        assertThat(withoutProof.statusCode()).as(withoutProof.body()).isEqualTo(401);
        assertThat(withoutProof.body()).contains("invalid_token");

        HttpResponse<String> asBearer = EncvoyApi.get(new Browser(), meUri, "Authorization", "Bearer " + accessToken);
        assertThat(asBearer.statusCode()).as("a stolen DPoP token replayed as a bearer token: " + asBearer.body()).isEqualTo(401);

        ECKey otherKey = new ECKeyGenerator(Curve.P_256).generate();
        HttpResponse<String> otherKeyProof = EncvoyApi.get(new Browser(), meUri, "Authorization", "DPoP " + accessToken,
                "DPoP", new DefaultDPoPProofFactory(otherKey, JWSAlgorithm.ES256)
                        .createDPoPJWT("GET", meUri, new DPoPAccessToken(accessToken)).serialize());
        assertThat(otherKeyProof.statusCode()).as("a proof made with another key: " + otherKeyProof.body()).isEqualTo(401);

        HttpResponse<String> withProof = EncvoyApi.get(new Browser(), meUri, "Authorization", "DPoP " + accessToken,
                "DPoP", proofs.createDPoPJWT("GET", meUri, new DPoPAccessToken(accessToken)).serialize());
        assertThat(withProof.statusCode()).as("the holder of the key: " + withProof.body()).isEqualTo(200);
        assertThat(EncvoyApi.json(withProof).path("preferred_username").asText()).isEqualTo(username);
    }

    // #11.11 -----------------------------------------------------------------------------------

    @Test
    void userEditableLegacySubjectIsNeverServedAsTheSubject() {
        String editable = "oidc-trust-editable-" + UUID.randomUUID().toString().substring(0, 8);
        expect(201, post("realms", """
                {"realm": "%s", "enabled": true,
                 "attributes": {"ssoBundle.oidcApi.legacySubjectAttribute": "encvoy_sub"},
                 "clients": [{"clientId": "app", "secret": "app-secret", "publicClient": false, "directAccessGrantsEnabled": true,
                              "standardFlowEnabled": false}]}
                """.formatted(editable)));
        try {
            // users may edit their own encvoy_sub here (account console): one of them claims a victim's old subject
            declareLegacySubject(editable, List.of("admin", "user"));
            String victimsLegacySubject = "encvoy-victim-" + UUID.randomUUID();
            String mallory = createUserIn(editable, "mallory", victimsLegacySubject);

            JsonNode tokens = passwordGrant(editable, "mallory");
            assertThat(EncvoyApi.jwtPayload(tokens.path("id_token").asText()).path("sub").asText())
                    .as("Keycloak's own subject").isEqualTo(mallory);
            HttpResponse<String> me = EncvoyApi.get(new Browser(), URI.create(server.realmUri(editable) + "/api/oidc/me"),
                    "Authorization", "Bearer " + tokens.path("access_token").asText());
            expect(200, me);
            assertThat(EncvoyApi.json(me).path("sub").asText()).isEqualTo(mallory);
            passwordGrant(editable, "mallory");
            String log = server.log();
            String warning = "user profile lets users edit attribute 'encvoy_sub'";
            assertThat(log).contains(warning);
            assertThat(log.split(java.util.regex.Pattern.quote(warning), -1).length - 1).as("logged once").isEqualTo(1);
        } finally {
            admin.delete("realms/" + editable);
        }
    }

    @Test
    void twoUsersSharingALegacySubjectGetNoTokenThroughTheAlias() {
        String shared = "encvoy-shared-" + UUID.randomUUID();
        String first = "first-" + UUID.randomUUID().toString().substring(0, 6);
        String second = "second-" + UUID.randomUUID().toString().substring(0, 6);
        createUserIn(realm, first, shared);
        createUserIn(realm, second, shared);

        for (String username : List.of(first, second)) {
            HttpResponse<String> token = EncvoyApi.postForm(new Browser(), URI.create(server.realmUri(realm) + "/api/oidc/token"), Map.of(
                    "grant_type", "password", "client_id", "app", "client_secret", "app-secret",
                    "username", username, "password", "pw", "scope", "openid"));
            assertThat(token.statusCode()).as(username + ": " + token.body()).isEqualTo(400);
            JsonNode error = EncvoyApi.json(token);
            assertThat(error.path("error").asText()).isEqualTo("invalid_grant");
            assertThat(error.path("error_description").asText()).contains("legacy subject").contains("another account");
            assertThat(token.body()).doesNotContain(shared);
        }
        JsonNode events = admin.get("realms/" + realm + "/events?max=100");
        assertThat(events.toString()).contains("legacy_subject_not_unique");

        String unique = "unique-" + UUID.randomUUID().toString().substring(0, 6);
        String uniqueLegacy = "encvoy-unique-" + UUID.randomUUID();
        createUserIn(realm, unique, uniqueLegacy);
        assertThat(EncvoyApi.jwtPayload(passwordGrant(realm, unique).path("id_token").asText()).path("sub").asText())
                .as("an admin-only, unique legacy subject is served").isEqualTo(uniqueLegacy);
    }

    private JsonNode passwordGrant(String realmName, String username) {
        HttpResponse<String> token = EncvoyApi.postForm(new Browser(), URI.create(server.realmUri(realmName) + "/api/oidc/token"), Map.of(
                "grant_type", "password", "client_id", "app", "client_secret", "app-secret",
                "username", username, "password", "pw", "scope", "openid profile"));
        expect(200, token);
        return EncvoyApi.json(token);
    }

    /** Declares {@code encvoy_sub} in the realm's user profile, editable by the given roles. */
    private void declareLegacySubject(String realmName, List<String> editors) {
        ObjectNode profile = (ObjectNode) admin.get("realms/" + realmName + "/users/profile");
        ArrayNode attributes = (ArrayNode) profile.path("attributes");
        ObjectNode attribute = attributes.addObject();
        attribute.put("name", "encvoy_sub");
        attribute.put("multivalued", false);
        ObjectNode permissions = attribute.putObject("permissions");
        permissions.putArray("view").add("admin").add("user");
        ArrayNode edit = permissions.putArray("edit");
        editors.forEach(edit::add);
        expect(200, admin.put("realms/" + realmName + "/users/profile", profile.toString()));
    }

    private String createUser(String username, String legacySubject) {
        return createUserIn(realm, username, legacySubject);
    }

    private String createUserIn(String realmName, String username, String legacySubject) {
        String attributes = legacySubject == null ? "{}" : "{\"encvoy_sub\": [\"" + legacySubject + "\"]}";
        expect(201, post("realms/" + realmName + "/users", """
                {"username": "%s", "enabled": true, "email": "%s@example.com", "emailVerified": true,
                 "firstName": "First", "lastName": "Last", "attributes": %s,
                 "credentials": [{"type": "password", "value": "pw", "temporary": false}]}
                """.formatted(username, username, attributes)));
        return admin.get("realms/" + realmName + "/users?exact=true&username=" + username).get(0).path("id").asText();
    }

    private HttpResponse<String> post(String path, String json) {
        return admin.post(path, json);
    }

    private static void collectUrls(JsonNode node, String path, List<String> urls) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                collectUrls(field.getValue(), path + "/" + field.getKey(), urls);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collectUrls(element, path, urls));
        } else if (node.isTextual() && node.asText().matches("https?://.*") && !path.equals("/issuer")) {
            urls.add(path + "=" + node.asText());
        }
    }

    private static void expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }
}
