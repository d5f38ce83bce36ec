package dev.ssobundle.it.adminconsole;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin console page "scim-provisioning-tokens" in Keycloak's real admin console (headless
 * Chromium): a token created on the page provisions a user through SCIM, deleting its row revokes it.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvisioningTokensPageIT {

    static final String PAGE = "page-section/scim-provisioning-tokens";
    static final String PAGE_TYPE = "org.keycloak.services.ui.extend.UiPageProvider";

    private final KeycloakServer server;
    private final AdminApi admin;
    private AdminConsole console;

    ProvisioningTokensPageIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @BeforeAll
    void signIn() {
        console = new AdminConsole(server);
    }

    @AfterAll
    void close() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void tokenCreatedOnThePageProvisionsAUserThroughScimAndDeletingItsRowRevokesIt() throws Exception {
        String name = "Entra ID " + UUID.randomUUID().toString().substring(0, 8);
        console.open("demo", PAGE);
        console.clickButton("Create item");
        String token = console.field("token").getAttribute("value");
        assertThat(token).as("the form proposes a token").matches("scimtok\\.[0-9a-f]{18}\\.[A-Za-z0-9_-]{43}");
        assertThat(console.field("tenantUrl").getAttribute("value")).endsWith("/realms/<realm>/scim/v2");
        console.type("name", name);
        console.save();
        assertThat(console.alert()).containsIgnoringCase("success");
        assertThat(console.field("token").getAttribute("value")).as("still on screen after Save, to copy").isEqualTo(token);
        console.screenshot("admin-scim-token-created");

        String secret = token.substring(token.lastIndexOf('.') + 1);
        String tokenId = token.split("\\.")[1];
        JsonNode components = admin.get("realms/demo/components?type=" + PAGE_TYPE);
        assertThat(components.toString()).as("the stored row keeps no plain secret").contains(tokenId).doesNotContain(secret);
        assertThat(admin.get("realms/demo/admin-events?max=200").toString()).as("nor does any admin event").doesNotContain(secret);
        for (JsonNode component : components) {
            if (tokenId.equals(component.path("config").path("tokenId").path(0).asText())) {
                assertThat(component.path("config").path("token").path(0).asText()).as("reopened: masked, not a new proposal")
                        .isEqualTo("**********");
                assertThat(component.path("config").path("tenantUrl").path(0).asText()).isEqualTo(server.realmUri("demo") + "/scim/v2");
            }
        }
        JsonNode listedByRest = admin.get("realms/demo/scim-tokens");
        assertThat(listedByRest.toString()).as("one store: the REST API lists the page's token").contains(tokenId).contains(name);

        String userName = "page.token.user." + tokenId;
        HttpResponse<String> provisioned = scim(token, "POST", "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\"}");
        assertThat(provisioned.statusCode()).as(provisioned.body()).isEqualTo(201);
        assertThat(admin.userId("demo", userName)).isNotBlank();

        console.open("demo", PAGE);
        console.row(name);
        assertThat(console.row(name).getText()).contains("scimtok." + tokenId).contains("scim-provisioner").doesNotContain(secret)
                .doesNotContain("never");
        console.screenshot("admin-scim-tokens-list");
        console.deleteRow(name);
        assertThat(console.alert()).containsIgnoringCase("deleted");

        HttpResponse<String> afterRevoke = scim(token, "GET", "/Users?filter=userName%20eq%20%22" + userName + "%22", null);
        assertThat(afterRevoke.statusCode()).as(afterRevoke.body()).isEqualTo(401);
        admin.delete("realms/demo/users/" + admin.userId("demo", userName));
    }

    @Test
    void pageRefusesAClientWithoutTheProvisioningRoleWithTheApisMessage() {
        console.open("demo", PAGE);
        console.clickButton("Create item");
        console.type("name", "no role");
        console.type("clientId", "rocketchat");
        console.save();
        String alert = console.alert();
        console.screenshot("admin-scim-token-refused");
        assertThat(alert).contains("rocketchat does not exist or has no service account");
    }

    @Test
    void eachServerInfoRequestProposesItsOwnToken() {
        assertThat(proposedToken()).isNotEqualTo(proposedToken());
    }

    @Test
    void aProposedTokenCanBeActivatedOnceOnly() throws IOException {
        String token = proposedToken();
        ObjectNode component = AdminApi.JSON.createObjectNode().put("name", "replay").put("providerId", "scim-provisioning-tokens")
                .put("providerType", PAGE_TYPE).put("parentId", admin.get("realms/demo").path("id").asText());
        ObjectNode config = component.putObject("config");
        config.putArray("name").add("replay");
        config.putArray("clientId").add("scim-provisioner");
        config.putArray("token").add(token);
        HttpResponse<String> first = admin.post("realms/demo/components", component);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        HttpResponse<String> second = admin.post("realms/demo/components", component);
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(second.body()).contains("already created");
        admin.delete("realms/demo/scim-tokens/" + token.split("\\.")[1]);
    }

    private String proposedToken() {
        for (JsonNode page : admin.get("serverinfo").path("componentTypes").path(PAGE_TYPE)) {
            if (page.path("id").asText().equals("scim-provisioning-tokens")) {
                for (JsonNode property : page.path("properties")) {
                    if (property.path("name").asText().equals("token")) {
                        return property.path("defaultValue").asText();
                    }
                }
            }
        }
        throw new AssertionError("no scim-provisioning-tokens page in server info");
    }

    private HttpResponse<String> scim(String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.realmUri("demo") + "/scim/v2" + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/scim+json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
