package dev.ssobundle.it.oidc;

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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Encvoy's extra userinfo claims and the legacy subject of a user migrated from Encvoy, in a realm
 * of its own: user {@code migrated} with attributes {@code encvoy_sub} and {@code picture}, realm
 * role {@code chat-admin}, group {@code staff}.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserInfoExtrasIT {

    private static final String LEGACY_SUB = "6f1c2b3a-encvoy-legacy-0042";

    private final KeycloakServer server;
    private final AdminApi admin;
    private final String realm = "oidc-it-extras-" + UUID.randomUUID().toString().substring(0, 8);

    UserInfoExtrasIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @BeforeAll
    void createRealm() throws Exception {
        expect(201, admin.exchange(json(HttpRequest.newBuilder(admin.adminUri("realms")), """
                {"realm": "%s", "enabled": true,
                 "attributes": {"ssoBundle.oidcApi.legacySubjectAttribute": "encvoy_sub"},
                 "roles": {"realm": [{"name": "chat-admin"}]},
                 "groups": [{"name": "staff"}],
                 "clients": [
                   {"clientId": "chat", "secret": "chat-secret", "publicClient": false, "directAccessGrantsEnabled": true,
                    "standardFlowEnabled": false, "attributes": {"ssoBundle.oidcApi.userinfoRoles": "true"}}]}
                """.formatted(realm))));
        // Keycloak keeps only attributes its user profile knows: let admins manage undeclared ones in this realm.
        ObjectNode profile = (ObjectNode) admin.get("realms/" + realm + "/users/profile");
        profile.put("unmanagedAttributePolicy", "ADMIN_EDIT");
        expect(200, admin.exchange(json(HttpRequest.newBuilder(admin.adminUri("realms/" + realm + "/users/profile")).method("PUT",
                HttpRequest.BodyPublishers.ofString(profile.toString())), null)));
        expect(201, admin.exchange(json(HttpRequest.newBuilder(admin.adminUri("realms/" + realm + "/users")), """
                {"username": "migrated", "enabled": true, "email": "migrated@example.com", "emailVerified": true,
                 "firstName": "Mig", "lastName": "Rated", "groups": ["/staff"],
                 "attributes": {"encvoy_sub": ["%s"], "picture": ["https://pics.example/migrated.png"]},
                 "credentials": [{"type": "password", "value": "migrated", "temporary": false}]}
                """.formatted(LEGACY_SUB))));
        // The client asks for groups with an optional client scope named "groups".
        HttpResponse<String> scope = admin.exchange(json(HttpRequest.newBuilder(admin.adminUri("realms/" + realm + "/client-scopes")), """
                {"name": "groups", "protocol": "openid-connect", "attributes": {"include.in.token.scope": "true"}}
                """));
        expect(201, scope);
        String location = scope.headers().firstValue("Location").orElseThrow();
        String scopeId = location.substring(location.lastIndexOf('/') + 1);
        String clientId = admin.get("realms/" + realm + "/clients?clientId=chat").get(0).path("id").asText();
        expect(204, admin.call("PUT", "realms/" + realm + "/clients/" + clientId + "/optional-client-scopes/" + scopeId, null));
        String userId = admin.get("realms/" + realm + "/users?username=migrated&exact=true").get(0).path("id").asText();
        JsonNode role = admin.get("realms/" + realm + "/roles/chat-admin");
        expect(204, admin.exchange(json(HttpRequest.newBuilder(admin.adminUri("realms/" + realm + "/users/" + userId + "/role-mappings/realm")),
                "[" + role + "]")));
    }

    @AfterAll
    void deleteRealm() {
        admin.delete("realms/" + realm);
    }

    @Test
    void migratedUserKeepsHerEncvoySubjectInIdTokenAndUserinfo() {
        JsonNode tokens = passwordGrant("openid profile email");

        assertThat(EncvoyApi.jwtPayload(tokens.path("id_token").asText()).path("sub").asText()).isEqualTo(LEGACY_SUB);
        JsonNode me = me(tokens);
        assertThat(me.path("sub").asText()).isEqualTo(LEGACY_SUB);
        assertThat(EncvoyApi.jwtPayload(tokens.path("access_token").asText()).path("sub").asText())
                .as("access tokens keep Keycloak's subject").isNotEqualTo(LEGACY_SUB);
    }

    @Test
    void userinfoAddsLoginNicknamePictureAndTopLevelRolesAndGroupsOnRequest() {
        JsonNode me = me(passwordGrant("openid profile email"));
        assertThat(me.path("login").asText()).isEqualTo("migrated");
        assertThat(me.path("nickname").asText()).isEqualTo("migrated");
        assertThat(me.path("picture").asText()).isEqualTo("https://pics.example/migrated.png");
        assertThat(me.path("roles").isArray()).as(me.toString()).isTrue();
        assertThat(me.path("roles").toString()).contains("\"chat-admin\"");
        assertThat(me.has("groups")).as("groups were not asked for").isFalse();

        JsonNode withGroups = me(passwordGrant("openid profile email groups"));
        assertThat(withGroups.path("groups").isArray()).as(withGroups.toString()).isTrue();
        assertThat(withGroups.path("groups").toString()).contains("\"staff\"");
    }

    private JsonNode passwordGrant(String scope) {
        HttpResponse<String> token = EncvoyApi.postForm(new Browser(), URI.create(server.realmUri(realm) + "/api/oidc/token"), Map.of(
                "grant_type", "password", "client_id", "chat", "client_secret", "chat-secret",
                "username", "migrated", "password", "migrated", "scope", scope));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return EncvoyApi.json(token);
    }

    private JsonNode me(JsonNode tokens) {
        HttpResponse<String> me = EncvoyApi.get(new Browser(), URI.create(server.realmUri(realm) + "/api/oidc/me"),
                "Authorization", "Bearer " + tokens.path("access_token").asText());
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        return EncvoyApi.json(me);
    }

    private static HttpRequest.Builder json(HttpRequest.Builder request, String body) {
        request.header("Content-Type", "application/json");
        return body == null ? request : request.POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static void expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

}
