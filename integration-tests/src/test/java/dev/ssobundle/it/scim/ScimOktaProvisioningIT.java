package dev.ssobundle.it.scim;

import static dev.ssobundle.it.scim.ScimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/** Replays Okta's SCIM 2.0 provisioning requests (Okta's SCIM app, "Push New Users / Profile Updates / Groups"). */
@ExtendWith(KeycloakExtension.class)
class ScimOktaProvisioningIT {

    private final ScimClient scim;
    private final KeycloakServer server;

    ScimOktaProvisioningIT(KeycloakServer server) {
        this.scim = new ScimClient(server);
        this.server = server;
    }

    /** Signs in on the demo realm's login page: true when Keycloak sends the browser back to the client. */
    private boolean signsIn(String username, String password) {
        Browser browser = new Browser();
        URI authorize = URI.create(server.realmUri("demo") + "/protocol/openid-connect/auth?client_id=rocketchat&response_type=code"
                + "&scope=openid&redirect_uri=" + URLEncoder.encode("http://127.0.0.1:3000/_oauth/keycloak", StandardCharsets.UTF_8));
        HttpResponse<String> loginPage = browser.getFollowing(authorize, server.baseUri());
        assertThat(loginPage.statusCode()).as(loginPage.body()).isEqualTo(200);
        HttpResponse<String> submitted = browser.submitLogin(loginPage, username, password);
        return Browser.isRedirect(submitted) && Browser.location(submitted).toString().startsWith("http://127.0.0.1:3000/_oauth/keycloak");
    }

    private static String q(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void oktaProvisioningSequenceWorksEndToEnd() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String userName = "Jane.Doe." + suffix + "@example.com";

        // Okta's connector test and its lookup before create
        ScimClient.Reply probe = scim.get("/Users?count=1&startIndex=1");
        assertThat(probe.status()).isEqualTo(200);
        assertThat(probe.json().path("itemsPerPage").asInt()).isLessThanOrEqualTo(1);
        assertThat(probe.json().path("startIndex").asInt()).isEqualTo(1);
        assertThat(scim.get("/Users?filter=" + q("userName eq \"" + userName + "\"") + "&startIndex=1&count=100").json().path("totalResults").asInt())
                .isZero();

        ScimClient.Reply created = scim.post("/Users", json("""
                {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'userName':'%s',
                 'name':{'givenName':'Jane','familyName':'Doe'},
                 'emails':[{'primary':true,'value':'%s','type':'work'}],
                 'displayName':'Jane Doe','locale':'en-US','externalId':'00u%s','groups':[],
                 'password':'S3cret-%s','active':true,'title':'Analyst'}
                """.formatted(userName, userName, suffix, suffix)));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.raw().body()).doesNotContain("password").doesNotContain("S3cret");

        String groupId = null;
        try {
            JsonNode fetched = scim.get("/Users/" + id).json();
            assertThat(fetched.path("displayName").asText()).isEqualTo("Jane Doe");
            assertThat(fetched.path("title").asText()).isEqualTo("Analyst");

            // profile update: PUT of the whole user; title omitted → cleared
            ScimClient.Reply replaced = scim.put("/Users/" + id, json("""
                    {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'id':'%s','userName':'%s',
                     'name':{'givenName':'Janet','familyName':'Doe'},
                     'emails':[{'primary':true,'value':'%s','type':'work'}],
                     'displayName':'Janet Doe','locale':'en-US','externalId':'00u%s','groups':[],'active':true}
                    """.formatted(id, userName, userName, suffix)));
            assertThat(replaced.status()).as(replaced.raw().body()).isEqualTo(200);
            assertThat(replaced.json().path("name").path("givenName").asText()).isEqualTo("Janet");
            assertThat(replaced.json().has("title")).as("PUT clears omitted attributes").isFalse();

            // deactivation: path-less replace with a value object
            ScimClient.Reply deactivated = scim.patch("/Users/" + id, json(
                    "{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[{'op':'replace','value':{'active':false}}]}"));
            assertThat(deactivated.status()).as(deactivated.raw().body()).isEqualTo(200);
            assertThat(deactivated.json().path("active").asBoolean()).isFalse();
            assertThat(scim.get("/Users/" + id).json().path("active").asBoolean()).isFalse();

            // reactivation and a password push
            ScimClient.Reply reactivated = scim.patch("/Users/" + id, json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                    + "'Operations':[{'op':'replace','value':{'active':true,'password':'N3w-pass-" + suffix + "'}}]}"));
            assertThat(reactivated.status()).as(reactivated.raw().body()).isEqualTo(200);
            assertThat(reactivated.json().path("active").asBoolean()).isTrue();
            assertThat(reactivated.raw().body()).doesNotContain("N3w-pass");
            assertThat(signsIn(userName, "N3w-pass-" + suffix)).as("signs in with the pushed password").isTrue();
            assertThat(signsIn(userName, "S3cret-" + suffix)).as("the password set at creation no longer works").isFalse();

            // Push Groups
            ScimClient.Reply group = scim.post("/Groups", json("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],"
                    + "'displayName':'Okta Group " + suffix + "','members':[]}"));
            assertThat(group.status()).as(group.raw().body()).isEqualTo(201);
            groupId = group.json().path("id").asText();
            assertThat(scim.patch("/Groups/" + groupId, json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':["
                    + "{'op':'add','path':'members','value':[{'value':'" + id + "','display':'" + userName + "'}]}]}")).status()).isEqualTo(204);
            assertThat(scim.get("/Groups/" + groupId).json().path("members").path(0).path("value").asText()).isEqualTo(id);
            assertThat(scim.patch("/Groups/" + groupId, json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':["
                    + "{'op':'replace','value':{'id':'" + groupId + "','displayName':'Okta Group " + suffix + " renamed'}}]}")).status())
                    .isEqualTo(204);
            assertThat(scim.get("/Groups/" + groupId).json().path("displayName").asText()).isEqualTo("Okta Group " + suffix + " renamed");
            assertThat(scim.patch("/Groups/" + groupId, json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':["
                    + "{'op':'remove','path':'members[value eq \\'" + id + "\\']'}]}")).status()).isEqualTo(204);
            assertThat(scim.get("/Groups/" + groupId).json().has("members")).isFalse();
            // Okta lists groups with count/startIndex and pushes by PUT too
            assertThat(scim.get("/Groups?startIndex=1&count=100").json().path("totalResults").asInt()).isPositive();
            ScimClient.Reply groupPut = scim.put("/Groups/" + groupId, json("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],"
                    + "'id':'" + groupId + "','displayName':'Okta Group " + suffix + "','members':[{'value':'" + id + "'}]}"));
            assertThat(groupPut.status()).as(groupPut.raw().body()).isEqualTo(200);
            assertThat(groupPut.json().path("members")).hasSize(1);

            assertThat(scim.delete("/Groups/" + groupId).status()).isEqualTo(204);
            assertThat(scim.delete("/Users/" + id).status()).isEqualTo(204);
        } finally {
            // A failed step must not leave the user (or group) in the shared server; 404 once deleted above.
            if (groupId != null) {
                scim.delete("/Groups/" + groupId);
            }
            scim.delete("/Users/" + id);
        }
    }
}
