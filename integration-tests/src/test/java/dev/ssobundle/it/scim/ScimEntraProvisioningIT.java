package dev.ssobundle.it.scim;

import static dev.ssobundle.it.scim.ScimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replays the requests Entra ID's provisioning service sends (Microsoft's documented sequence for
 * a SCIM app, default mode and aadOptscim062020): Test Connection, user create/get/filter, PATCH
 * variants, manager, group create, member add/remove in both forms, rename, deactivate, delete.
 */
@ExtendWith(KeycloakExtension.class)
class ScimEntraProvisioningIT {

    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private final ScimClient scim;

    ScimEntraProvisioningIT(KeycloakServer server) {
        this.scim = new ScimClient(server);
    }

    private static String q(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void entraProvisioningSequenceWorksEndToEnd() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String userName = "Ryan.Leenay." + suffix + "@Contoso.com";
        String externalId = "aad-" + suffix;

        // Test Connection: a filter on a random non-existent userName answers an empty list
        ScimClient.Reply probe = scim.get("/Users?filter=" + q("userName eq \"" + UUID.randomUUID() + "\""));
        assertThat(probe.status()).isEqualTo(200);
        assertThat(probe.header("Content-Type")).startsWith("application/scim+json");
        assertThat(probe.json().path("totalResults").asInt()).isZero();

        // matching query before create
        assertThat(scim.get("/Users?filter=" + q("userName eq \"" + userName + "\"")).json().path("totalResults").asInt()).isZero();

        ScimClient.Reply created = scim.post("/Users", json("""
                {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','%s'],
                 'externalId':'%s','userName':'%s','active':true,
                 'emails':[{'primary':true,'type':'work','value':'%s'}],
                 'meta':{'resourceType':'User'},
                 'name':{'formatted':'Ryan Leenay','familyName':'Leenay','givenName':'Ryan'},
                 'title':'Engineer','roles':[],
                 '%s':{'department':'R&D','organization':'Contoso','employeeNumber':'42'}}
                """.formatted(ENTERPRISE, externalId, userName, userName.toLowerCase(), ENTERPRISE)));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.header("Location")).endsWith("/scim/v2/Users/" + id);
        assertThat(created.header("ETag")).startsWith("W/\"");
        assertThat(created.json().path("userName").asText()).isEqualTo(userName);
        assertThat(created.json().path("title").asText()).isEqualTo("Engineer");
        assertThat(created.json().path(ENTERPRISE).path("department").asText()).isEqualTo("R&D");

        // get, and the filters Entra uses for matching (userName case-insensitively, externalId, Entra's email form)
        ScimClient.Reply fetched = scim.get("/Users/" + id);
        assertThat(fetched.json().path("externalId").asText()).isEqualTo(externalId);
        assertThat(fetched.json().path("name").path("givenName").asText()).isEqualTo("Ryan");
        assertThat(scim.get("/Users?filter=" + q("userName eq \"" + userName.toUpperCase() + "\"")).json().path("Resources").path(0).path("id").asText())
                .isEqualTo(id);
        assertThat(scim.get("/Users?filter=" + q("externalId eq \"" + externalId + "\"")).json().path("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.get("/Users?filter=" + q("emails[type eq \"work\"].value eq \"" + userName.toLowerCase() + "\"")).json()
                .path("Resources").path(0).path("id").asText()).isEqualTo(id);
        assertThat(scim.get("/Users?filter=" + q("id eq \"" + id + "\"")).json().path("totalResults").asInt()).isEqualTo(1);

        // PATCH variants: capitalised ops, value paths, string booleans, enterprise URN paths
        ScimClient.Reply patched = scim.patch("/Users/" + id, json("""
                {'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[
                 {'op':'Replace','path':'title','value':'Principal Engineer'},
                 {'op':'Add','path':'emails[type eq \\'work\\'].value','value':'ryan.%s@contoso.com'},
                 {'op':'Replace','path':'name.familyName','value':'Leenay-Smith'},
                 {'op':'Add','path':'phoneNumbers[type eq \\'mobile\\'].value','value':'+1 555 0100'},
                 {'op':'Replace','path':'%s:department','value':'Platform'},
                 {'op':'Replace','path':'active','value':'False'}]}
                """.formatted(suffix, ENTERPRISE)));
        assertThat(patched.status()).as(patched.raw().body()).isEqualTo(200);
        JsonNode user = patched.json();
        assertThat(user.path("title").asText()).isEqualTo("Principal Engineer");
        assertThat(user.path("emails").path(0).path("value").asText()).isEqualTo("ryan." + suffix + "@contoso.com");
        assertThat(user.path("name").path("familyName").asText()).isEqualTo("Leenay-Smith");
        assertThat(user.path("phoneNumbers").path(0).path("type").asText()).isEqualTo("mobile");
        assertThat(user.path("phoneNumbers").path(0).path("value").asText()).isEqualTo("+1 555 0100");
        assertThat(user.path(ENTERPRISE).path("department").asText()).isEqualTo("Platform");
        assertThat(user.path("active").asBoolean()).isFalse();
        assertThat(user.path("meta").path("lastModified").asText()).isGreaterThan(created.json().path("meta").path("lastModified").asText());

        // reactivate with Entra's "True"
        assertThat(scim.patch("/Users/" + id, json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'Replace','path':'active','value':'True'}]}")).json().path("active").asBoolean()).isTrue();

        // manager: Entra sends the manager's id as a bare string, and removes it with op Remove
        ScimClient.Reply manager = scim.post("/Users", json("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'userName':'boss." + suffix + "'}"));
        assertThat(manager.status()).as(manager.raw().body()).isEqualTo(201);
        String managerId = manager.json().path("id").asText();
        ScimClient.Reply withManager = scim.patch("/Users/" + id, json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'Add','path':'" + ENTERPRISE + ":manager','value':'" + managerId + "'}]}"));
        assertThat(withManager.json().path(ENTERPRISE).path("manager").path("value").asText()).isEqualTo(managerId);
        assertThat(scim.get("/Users?filter=" + q(ENTERPRISE + ":manager.value eq \"" + managerId + "\"")).json().path("totalResults").asInt()).isEqualTo(1);
        ScimClient.Reply managerRemoved = scim.patch("/Users/" + id, json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'Remove','path':'" + ENTERPRISE + ":manager'}]}"));
        assertThat(managerRemoved.json().path(ENTERPRISE).has("manager")).isFalse();

        // groups: create, then member add and removal in Entra's default form and in aadOptscim062020's filter form
        String groupName = "Sales " + suffix;
        ScimClient.Reply group = scim.post("/Groups", json("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],"
                + "'externalId':'grp-" + suffix + "','displayName':'" + groupName + "','members':[]}"));
        assertThat(group.status()).as(group.raw().body()).isEqualTo(201);
        String groupId = group.json().path("id").asText();
        assertThat(scim.get("/Groups?excludedAttributes=members&filter=" + q("displayName eq \"" + groupName + "\"")).json()
                .path("Resources").path(0).path("id").asText()).isEqualTo(groupId);

        ScimClient.Reply added = scim.patch("/Groups/" + groupId, json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'Add','path':'members','value':[{'value':'" + id + "'},{'value':'" + managerId + "'}]}]}"));
        assertThat(added.status()).as(added.raw().body()).isEqualTo(204);
        assertThat(scim.get("/Groups/" + groupId).json().path("members")).hasSize(2);
        assertThat(scim.get("/Users/" + id).json().path("groups").path(0).path("value").asText()).isEqualTo(groupId);
        assertThat(scim.get("/Groups?filter=" + q("id eq \"" + groupId + "\" and members[value eq \"" + id + "\"]")).json().path("totalResults").asInt())
                .isEqualTo(1);

        // Entra asks nothing back: 204 (RFC 7644 §3.5.2), as Microsoft's reference shows.
        // Entra default: {"op":"Remove","path":"members","value":[{"value":id}]}
        ScimClient.Reply removed = scim.patch("/Groups/" + groupId, json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'Remove','path':'members','value':[{'value':'" + id + "'}]}]}"));
        assertThat(removed.status()).as(removed.raw().body()).isEqualTo(204);
        JsonNode members = scim.get("/Groups/" + groupId).json().path("members");
        assertThat(members).hasSize(1);
        assertThat(members.path(0).path("value").asText()).isEqualTo(managerId);
        assertThat(scim.get("/Groups?filter=" + q("id eq \"" + groupId + "\" and members[value eq \"" + id + "\"]")).json().path("totalResults").asInt())
                .isZero();

        // aadOptscim062020: remove with a value filter path
        scim.patch("/Groups/" + groupId, json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'Add','path':'members','value':[{'value':'" + id + "'}]}]}"));
        ScimClient.Reply filteredRemove = scim.patch("/Groups/" + groupId, json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'Remove','path':'members[value eq \\'" + managerId + "\\']'}]}"));
        assertThat(filteredRemove.status()).as(filteredRemove.raw().body()).isEqualTo(204);
        members = scim.get("/Groups/" + groupId).json().path("members");
        assertThat(members).hasSize(1);
        assertThat(members.path(0).path("value").asText()).isEqualTo(id);

        // replace members sets exactly the listed ones
        scim.patch("/Groups/" + groupId, json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'Replace','path':'members','value':[{'value':'" + managerId + "'}]}]}"));
        members = scim.get("/Groups/" + groupId).json().path("members");
        assertThat(members).hasSize(1);
        assertThat(members.path(0).path("value").asText()).isEqualTo(managerId);

        // rename (path-less replace with a value object, as Entra sends for groups)
        ScimClient.Reply renamed = scim.patch("/Groups/" + groupId, json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'Replace','value':{'id':'" + groupId + "','displayName':'" + groupName + " EMEA'}}]}"));
        assertThat(renamed.status()).as(renamed.raw().body()).isEqualTo(204);
        assertThat(scim.get("/Groups/" + groupId).json().path("displayName").asText()).isEqualTo(groupName + " EMEA");

        // deactivate (soft delete), then delete
        assertThat(scim.patch("/Users/" + id, json("{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],"
                + "'Operations':[{'op':'Replace','path':'active','value':false}]}")).json().path("active").asBoolean()).isFalse();
        assertThat(scim.delete("/Users/" + id).status()).isEqualTo(204);
        ScimClient.Reply gone = scim.get("/Users/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.header("Content-Type")).startsWith("application/scim+json");
        assertThat(gone.json().path("schemas").path(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(scim.delete("/Groups/" + groupId).status()).isEqualTo(204);
        assertThat(scim.delete("/Users/" + managerId).status()).isEqualTo(204);
    }
}
