package dev.ssobundle.it.scim;

import static dev.ssobundle.it.scim.ScimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** active=false through SCIM is Keycloak's disabled flag: the user cannot sign in until reactivated. */
@ExtendWith(KeycloakExtension.class)
class ScimDeactivationLoginIT {

    private static final String REDIRECT_URI = "http://127.0.0.1:3000/_oauth/keycloak";
    private final KeycloakServer server;
    private final ScimClient scim;

    ScimDeactivationLoginIT(KeycloakServer server) {
        this.server = server;
        this.scim = new ScimClient(server);
    }

    private HttpResponse<String> login(String username, String password) {
        URI authorize = URI.create(server.realmUri("demo") + "/protocol/openid-connect/auth?client_id=rocketchat&response_type=code"
                + "&scope=openid&redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8) + "&state=s");
        Browser browser = new Browser();
        HttpResponse<String> page = browser.getFollowing(authorize, server.baseUri());
        return browser.submitLogin(page, username, password);
    }

    @Test
    void userDeactivatedThroughScimCannotLogInAndCanAgainWhenReactivated() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String userName = "login." + suffix;
        String password = "Login-" + suffix;
        ScimClient.Reply created = scim.post("/Users", json("{'userName':'" + userName + "','password':'" + password + "','active':true,"
                + "'name':{'givenName':'Log','familyName':'In'},'emails':[{'value':'" + userName + "@example.com','primary':true}]}"));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String id = created.json().path("id").asText();

        HttpResponse<String> first = login(userName, password);
        assertThat(Browser.isRedirect(first) && Browser.location(first).toString().startsWith(REDIRECT_URI))
                .as("active user signs in: %s %s", first.statusCode(), first.body()).isTrue();

        scim.patch("/Users/" + id, json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'Replace','path':'active','value':'False'}]}"));
        HttpResponse<String> refused = login(userName, password);
        assertThat(Browser.isRedirect(refused)).as("disabled user stays on the login page").isFalse();
        assertThat(refused.body()).containsIgnoringCase("disabled");

        scim.patch("/Users/" + id, json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'replace','value':{'active':true}}]}"));
        HttpResponse<String> again = login(userName, password);
        assertThat(Browser.isRedirect(again) && Browser.location(again).toString().startsWith(REDIRECT_URI))
                .as("reactivated user signs in again: %s", again.statusCode()).isTrue();
        scim.delete("/Users/" + id);
    }
}
