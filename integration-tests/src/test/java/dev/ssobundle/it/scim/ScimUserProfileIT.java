package dev.ssobundle.it.scim;

import static dev.ssobundle.it.scim.ScimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 11.3: SCIM writes pass the realm's user profile exactly as admin-API writes do. */
@ExtendWith(KeycloakExtension.class)
class ScimUserProfileIT {

    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private final AdminApi admin;
    private final ScimClient scim;

    ScimUserProfileIT(KeycloakServer server, AdminApi admin) {
        this.admin = admin;
        this.scim = new ScimClient(server);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static void assertInvalidValueNaming(ScimClient.Reply reply, String attribute) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(400);
        assertThat(reply.json().path("scimType").asText()).isEqualTo("invalidValue");
        assertThat(reply.json().path("detail").asText()).contains(attribute);
        assertThat(reply.raw().body()).doesNotContain("Exception");
    }

    @Test
    void scimCannotCreateUserWithMalformedEmail() {
        String userName = "bad.email." + unique();
        ScimClient.Reply created = scim.post("/Users", json("{'userName':'" + userName + "','emails':[{'value':'not-an-email','primary':true}]}"));
        assertInvalidValueNaming(created, "emails");
        assertThat(admin.get("realms/demo/users?username=" + userName + "&exact=true").size()).as("nothing half-written").isZero();
    }

    @Test
    void scimCannotUseUserNameThatKeycloakUsernameRulesRefuse() {
        assertInvalidValueNaming(scim.post("/Users", json("{'userName':'bad<script>" + unique() + "'}")), "userName");
        String id = scim.post("/Users", json("{'userName':'rename." + unique() + "'}")).json().path("id").asText();
        try {
            ScimClient.Reply renamed = scim.patch("/Users/" + id, json("{'schemas':['" + PATCH_OP + "'],'Operations':["
                    + "{'op':'replace','path':'userName','value':'x/../evil$" + unique() + "'}]}"));
            assertInvalidValueNaming(renamed, "userName");
            ScimClient.Reply badName = scim.patch("/Users/" + id, json("{'schemas':['" + PATCH_OP + "'],'Operations':["
                    + "{'op':'replace','path':'name.givenName','value':'<img src=x>'}]}"));
            assertInvalidValueNaming(badName, "name.givenName");
        } finally {
            scim.delete("/Users/" + id);
        }
    }

    @Test
    void scimWritesObeyUserProfileValidatorsAndAdminEditPermissions() {
        JsonNode original = admin.get("realms/demo/users/profile");
        ObjectNode changed = original.deepCopy();
        for (JsonNode attribute : changed.path("attributes")) {
            if (attribute.path("name").asText().equals("employeeNumber")) {
                ((ObjectNode) attribute).withObjectProperty("validations").putObject("pattern")
                        .put("pattern", "^[0-9]+$").put("error-message", "employee-number-digits-only");
            }
            if (attribute.path("name").asText().equals("costCenter")) {
                ((ObjectNode) attribute).withObjectProperty("permissions").putArray("edit").add("user");
            }
        }
        putProfile(changed);
        String id = scim.post("/Users", json("{'userName':'profile." + unique() + "'}")).json().path("id").asText();
        try {
            ScimClient.Reply letters = scim.patch("/Users/" + id, json("{'schemas':['" + PATCH_OP + "'],'Operations':["
                    + "{'op':'add','path':'" + ENTERPRISE + ":employeeNumber','value':'abc'}]}"));
            assertInvalidValueNaming(letters, "employeeNumber");
            assertThat(letters.json().path("detail").asText()).contains("employee-number-digits-only");
            ScimClient.Reply digits = scim.patch("/Users/" + id, json("{'schemas':['" + PATCH_OP + "'],'Operations':["
                    + "{'op':'add','path':'" + ENTERPRISE + ":employeeNumber','value':'4711'}]}"));
            assertThat(digits.status()).as(digits.raw().body()).isEqualTo(200);

            ScimClient.Reply readOnly = scim.patch("/Users/" + id, json("{'schemas':['" + PATCH_OP + "'],'Operations':["
                    + "{'op':'add','path':'" + ENTERPRISE + ":costCenter','value':'CC-1'}]}"));
            assertInvalidValueNaming(readOnly, "costCenter");
            assertThat(scim.get("/Users/" + id).json().path(ENTERPRISE).has("costCenter")).isFalse();
        } finally {
            putProfile(original);
            scim.delete("/Users/" + id);
        }
    }

    private void putProfile(JsonNode profile) {
        HttpResponse<String> put = admin.put("realms/demo/users/profile", profile.toString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }
}
