package dev.ssobundle.it.scim;

import static dev.ssobundle.it.scim.ScimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RFC 7644 behaviour of the endpoint against the real Keycloak: auth, errors, uniqueness, ETags, atomic PATCH, discovery. */
@ExtendWith(KeycloakExtension.class)
class ScimProtocolIT {

    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private final KeycloakServer server;
    private final AdminApi admin;
    private final ScimClient scim;

    ScimProtocolIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.scim = new ScimClient(server);
    }

    private static String q(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private String createUser(String body) {
        ScimClient.Reply created = scim.post("/Users", json(body));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private static void assertScimError(ScimClient.Reply reply, int status, String scimType) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/scim+json");
        assertThat(reply.json().path("schemas").path(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(reply.json().path("status").asText()).isEqualTo(Integer.toString(status));
        if (scimType != null) {
            assertThat(reply.json().path("scimType").asText()).isEqualTo(scimType);
        }
        assertThat(reply.raw().body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /**
     * RFC 7644 §3.5.2: a group PATCH answers 204 with the new ETag and no body (so a membership change
     * never lists a large group's members), unless the request names attributes or excludedAttributes:
     * then 200 with just what was asked.
     */
    @Test
    void groupPatchAnswers204UnlessTheClientAsksForAttributes() {
        String member = createUser("{'userName':'patch204." + unique() + "'}");
        String other = createUser("{'userName':'patch204b." + unique() + "'}");
        String group = scim.post("/Groups", json("{'displayName':'patch204 " + unique() + "','members':[{'value':'" + other + "'}]}"))
                .json().path("id").asText();
        try {
            String addMember = json("{'schemas':['" + PATCH_OP + "'],'Operations':[{'op':'add','path':'members','value':[{'value':'" + member + "'}]}]}");
            ScimClient.Reply plain = scim.patch("/Groups/" + group, addMember);
            assertThat(plain.status()).as(plain.raw().body()).isEqualTo(204);
            assertThat(plain.raw().body()).isEmpty();
            ScimClient.Reply read = scim.get("/Groups/" + group);
            assertThat(plain.header("ETag")).as("the ETag a later GET shows").isNotBlank().isEqualTo(read.header("ETag"));
            assertThat(read.json().path("members")).hasSize(2);

            String removeMember = json("{'schemas':['" + PATCH_OP + "'],'Operations':[{'op':'remove','path':'members[value eq \\\"" + member + "\\\"]'}]}");
            ScimClient.Reply named = scim.patch("/Groups/" + group + "?attributes=displayName", removeMember);
            assertThat(named.status()).as(named.raw().body()).isEqualTo(200);
            assertThat(named.json().path("displayName").asText()).startsWith("patch204 ");
            assertThat(named.json().has("members")).as("only what was asked").isFalse();
            assertThat(named.header("ETag")).isEqualTo(scim.get("/Groups/" + group).header("ETag"));

            ScimClient.Reply excluded = scim.patch("/Groups/" + group + "?excludedAttributes=members", addMember);
            assertThat(excluded.status()).as(excluded.raw().body()).isEqualTo(200);
            assertThat(excluded.json().has("members")).isFalse();
            assertThat(excluded.json().path("id").asText()).isEqualTo(group);

            ScimClient.Reply everything = scim.patch("/Groups/" + group + "?attributes=members", removeMember);
            assertThat(everything.status()).isEqualTo(200);
            assertThat(everything.json().path("members")).hasSize(1);
            assertThat(everything.json().path("members").path(0).path("value").asText()).isEqualTo(other);
        } finally {
            scim.delete("/Groups/" + group);
            scim.delete("/Users/" + member);
            scim.delete("/Users/" + other);
        }
    }

    @Test
    void requestsWithoutValidTokenAre401AndDiscoveryIsNotPublic() {
        ScimClient anonymous = new ScimClient(server, "demo", null);
        assertScimError(anonymous.get("/ServiceProviderConfig"), 401, null);
        assertScimError(anonymous.get("/Users"), 401, null);
        assertThat(anonymous.get("/Users").header("WWW-Authenticate")).startsWith("Bearer");
        ScimClient forged = new ScimClient(server, "demo", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln");
        assertScimError(forged.get("/Schemas"), 401, null);
        ScimClient otherRealm = new ScimClient(server, "demo", admin.accessToken());
        assertScimError(otherRealm.get("/Users"), 401, null);
    }

    @Test
    void clientWithoutProvisioningRoleIs403() {
        String clientId = "no-scim-role-" + unique();
        HttpResponse<String> created = admin.post("realms/demo/clients", json("{'clientId':'" + clientId + "','secret':'s3cret','publicClient':false,"
                        + "'serviceAccountsEnabled':true,'standardFlowEnabled':false}"));
        assertThat(created.statusCode()).isEqualTo(201);
        try {
            ScimClient noRole = new ScimClient(server, "demo", server.clientCredentialsToken("demo", clientId, "s3cret"));
            assertScimError(noRole.get("/ServiceProviderConfig"), 403, null);
            assertScimError(noRole.post("/Users", json("{'userName':'x-" + unique() + "'}")), 403, null);
        } finally {
            String internalId = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
            admin.delete("realms/demo/clients/" + internalId);
        }
    }

    @Test
    void createWithOnlyUserNameSucceedsAndUnknownAttributesAreNotEchoed() {
        ScimClient.Reply created = scim.post("/Users", json("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],"
                + "'userName':'Only.UserName." + unique() + "','shoeSize':44,'password':'Pa55-word-x'}"));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(created.header("Content-Type")).startsWith("application/scim+json");
        assertThat(created.raw().body()).doesNotContain("shoeSize").doesNotContain("password").doesNotContain("Pa55");
        assertThat(created.json().path("active").asBoolean()).isTrue();
        assertThat(created.json().path("userName").asText()).startsWith("Only.UserName.");
        scim.delete("/Users/" + created.json().path("id").asText());
    }

    @Test
    void duplicateUserNameAndDuplicateEmailAre409Uniqueness() {
        String name = "dup." + unique();
        String id = createUser("{'userName':'" + name + "','emails':[{'value':'" + name + "@example.com','primary':true}]}");
        assertScimError(scim.post("/Users", json("{'userName':'" + name.toUpperCase() + "'}")), 409, "uniqueness");
        assertScimError(scim.post("/Users", json("{'userName':'other." + name + "','emails':[{'value':'" + name.toUpperCase()
                + "@EXAMPLE.com','type':'work'}]}")), 409, "uniqueness");
        String other = createUser("{'userName':'second." + name + "'}");
        assertScimError(scim.patch("/Users/" + other, json("{'schemas':['" + PATCH_OP + "'],'Operations':[{'op':'replace','path':'userName','value':'"
                + name + "'}]}")), 409, "uniqueness");
        String group = scim.post("/Groups", json("{'displayName':'dup group " + name + "'}")).json().path("id").asText();
        assertScimError(scim.post("/Groups", json("{'displayName':'dup group " + name + "'}")), 409, "uniqueness");
        scim.delete("/Groups/" + group);
        scim.delete("/Users/" + id);
        scim.delete("/Users/" + other);
    }

    @Test
    void unknownIdsAre404WithScimBody() {
        assertScimError(scim.get("/Users/" + UUID.randomUUID()), 404, null);
        assertScimError(scim.get("/Groups/" + UUID.randomUUID()), 404, null);
        assertScimError(scim.delete("/Users/" + UUID.randomUUID()), 404, null);
        assertScimError(scim.patch("/Groups/" + UUID.randomUUID(), json("{'schemas':['" + PATCH_OP + "'],'Operations':[{'op':'remove','path':'members'}]}")),
                404, null);
        assertScimError(scim.get("/ResourceTypes/Printer"), 404, null);
    }

    @Test
    void malformedRequestsGetSpecificScimErrors() {
        assertScimError(scim.get("/Users?filter=" + q("shoeSize eq \"44\"")), 400, "invalidFilter");
        assertScimError(scim.get("/Users?filter=" + q("userName eq")), 400, "invalidFilter");
        assertScimError(scim.post("/Users", "{not json"), 400, "invalidSyntax");
        assertScimError(scim.post("/Users", json("{'displayName':'no user name'}")), 400, "invalidValue");
        assertScimError(scim.post("/Users", json("{'userName':'x" + unique() + "','active':'maybe'}")), 400, "invalidValue");
        assertScimError(scim.get("/Users?startIndex=abc"), 400, "invalidValue");
        assertScimError(scim.post("/Users", "{\"userName\":\"" + "x".repeat(1_100_000) + "\"}"), 413, null);
    }

    @Test
    void failingPatchOperationLeavesNothingHalfApplied() {
        String name = "atomic." + unique();
        String id = createUser("{'userName':'" + name + "','title':'Before'}");
        String before = scim.get("/Users/" + id).json().path("meta").path("version").asText();

        ScimClient.Reply failed = scim.patch("/Users/" + id, json("{'schemas':['" + PATCH_OP + "'],'Operations':["
                + "{'op':'replace','path':'title','value':'After'},{'op':'replace','path':'name.givenName','value':'X'},"
                + "{'op':'replace','path':'shoeSize','value':'44'}]}"));
        assertScimError(failed, 400, "invalidPath");
        JsonNode user = scim.get("/Users/" + id).json();
        assertThat(user.path("title").asText()).isEqualTo("Before");
        assertThat(user.has("name")).isFalse();
        assertThat(user.path("meta").path("version").asText()).isEqualTo(before);

        // group memberships are written to Keycloak as each operation runs: the transaction rollback undoes them
        String member = createUser("{'userName':'member." + name + "'}");
        String group = scim.post("/Groups", json("{'displayName':'atomic " + name + "'}")).json().path("id").asText();
        ScimClient.Reply failedGroup = scim.patch("/Groups/" + group, json("{'schemas':['" + PATCH_OP + "'],'Operations':["
                + "{'op':'add','path':'members','value':[{'value':'" + member + "'}]},"
                + "{'op':'replace','path':'displayName','value':'renamed " + name + "'},"
                + "{'op':'add','path':'members','value':[{'value':'" + UUID.randomUUID() + "'}]}]}"));
        assertScimError(failedGroup, 400, "invalidValue");
        JsonNode after = scim.get("/Groups/" + group).json();
        assertThat(after.has("members")).as("member added by the first operation was rolled back").isFalse();
        assertThat(after.path("displayName").asText()).isEqualTo("atomic " + name);
        scim.delete("/Groups/" + group);
        scim.delete("/Users/" + member);
        scim.delete("/Users/" + id);
    }

    @Test
    void staleIfMatchIs412AndCurrentETagSucceeds() {
        String id = createUser("{'userName':'etag." + unique() + "'}");
        ScimClient.Reply fetched = scim.get("/Users/" + id);
        String etag = fetched.header("ETag");
        assertThat(etag).isEqualTo(fetched.json().path("meta").path("version").asText());
        String body = json("{'schemas':['" + PATCH_OP + "'],'Operations':[{'op':'replace','path':'title','value':'T1'}]}");

        ScimClient.Reply ok = scim.send("PATCH", "/Users/" + id, body, Map.of("If-Match", etag));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("ETag")).isNotEqualTo(etag);
        assertThat(ok.json().path("meta").path("lastModified").asText()).isGreaterThan(fetched.json().path("meta").path("lastModified").asText());
        assertScimError(scim.send("PATCH", "/Users/" + id, body, Map.of("If-Match", etag)), 412, null);
        assertScimError(scim.send("DELETE", "/Users/" + id, null, Map.of("If-Match", etag)), 412, null);
        assertThat(scim.send("DELETE", "/Users/" + id, null, Map.of("If-Match", ok.header("ETag"))).status()).isEqualTo(204);
    }

    @Test
    void realmAdministratorsAreNotManageableThroughScim() {
        String username = "realm-admin-" + unique();
        HttpResponse<String> created = admin.post("realms/demo/users", json("{'username':'" + username + "','enabled':true}"));
        String userId = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        String managementId = admin.get("realms/demo/clients?clientId=realm-management").path(0).path("id").asText();
        JsonNode role = admin.get("realms/demo/clients/" + managementId + "/roles/manage-users");
        admin.post("realms/demo/users/" + userId + "/role-mappings/clients/" + managementId, "[" + role + "]");

        assertScimError(scim.patch("/Users/" + userId, json("{'schemas':['" + PATCH_OP + "'],'Operations':[{'op':'replace','path':'active','value':false}]}")),
                403, null);
        assertScimError(scim.delete("/Users/" + userId), 403, null);
        assertThat(admin.get("realms/demo/users/" + userId).path("enabled").asBoolean()).isTrue();
        admin.delete("realms/demo/users/" + userId);
    }

    @Test
    void everyChangeIsRecordedAsAdminEvent() {
        String id = createUser("{'userName':'events." + unique() + "'}");
        scim.patch("/Users/" + id, json("{'schemas':['" + PATCH_OP + "'],'Operations':[{'op':'replace','path':'title','value':'X'}]}"));
        scim.delete("/Users/" + id);

        JsonNode events = admin.get("realms/demo/admin-events?resourcePath=" + "users/" + id + "&max=10");
        assertThat(events.findValuesAsText("operationType")).contains("CREATE", "UPDATE", "DELETE");
        assertThat(events.path(0).path("authDetails").path("clientId").asText()).isNotEmpty();
    }

    @Test
    void listingsPageFilterSortAndProject() {
        String tag = unique();
        for (String n : new String[] {"c", "a", "b"}) {
            createUser("{'userName':'page." + tag + "." + n + "','title':'pager " + tag + "','emails':[{'value':'" + n + "." + tag
                    + "@example.org','type':'work'}],'name':{'familyName':'F" + n + "'}}");
        }
        String filter = q("title eq \"pager " + tag + "\"");
        JsonNode page = scim.get("/Users?filter=" + filter + "&startIndex=2&count=1&sortBy=userName&sortOrder=descending").json();
        assertThat(page.path("totalResults").asInt()).isEqualTo(3);
        assertThat(page.path("itemsPerPage").asInt()).isEqualTo(1);
        assertThat(page.path("Resources").path(0).path("userName").asText()).isEqualTo("page." + tag + ".b");

        JsonNode projected = scim.get("/Users?filter=" + filter + "&attributes=userName,emails.value").json().path("Resources").path(0);
        assertThat(projected.has("id")).isTrue();
        assertThat(projected.has("title")).isFalse();
        assertThat(projected.path("emails").path(0).has("type")).isFalse();
        assertThat(projected.path("emails").path(0).path("value").asText()).endsWith("@example.org");
        JsonNode excluded = scim.get("/Users?filter=" + filter + "&excludedAttributes=emails,name").json().path("Resources").path(0);
        assertThat(excluded.has("emails")).isFalse();
        assertThat(excluded.has("title")).isTrue();

        assertThat(scim.get("/Users?filter=" + q("(userName sw \"page." + tag + "\" and not (name.familyName eq \"Fa\")) or emails co \"zz" + tag + "\""))
                .json().path("totalResults").asInt()).isEqualTo(2);
        JsonNode search = scim.post("/Users/.search", json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],"
                + "'filter':'USERNAME eq \\'PAGE." + tag.toUpperCase() + ".A\\'','attributes':['userName']}")).json();
        assertThat(search.path("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.get("/Users?count=100000").json().path("itemsPerPage").asInt()).isLessThanOrEqualTo(200);
    }

    @Test
    void discoveryDocumentsDescribeTheServer() {
        JsonNode config = scim.get("/ServiceProviderConfig").json();
        assertThat(config.path("patch").path("supported").asBoolean()).isTrue();
        assertThat(config.path("etag").path("supported").asBoolean()).isTrue();
        assertThat(config.path("filter").path("maxResults").asInt()).isEqualTo(200);
        ScimClient.Reply types = scim.get("/ResourceTypes");
        assertThat(types.json().path("totalResults").asInt()).isEqualTo(2);
        ScimClient.Reply user = scim.get("/ResourceTypes/User");
        assertThat(user.status()).isEqualTo(200);
        assertThat(user.json().path("schemaExtensions").path(0).path("schema").asText())
                .isEqualTo("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        JsonNode schemas = scim.get("/Schemas").json();
        assertThat(schemas.findValuesAsText("id")).contains("urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group");
        assertThat(scim.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group").json().path("attributes").findValuesAsText("name"))
                .contains("displayName", "members");
    }
}
