package dev.ssobundle.scim.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.scim.ScimException;
import dev.ssobundle.scim.schema.ScimSchema.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchApplierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static ObjectNode user() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"userName":"bjensen","title":"Guide","active":true,"name":{"givenName":"Barbara","familyName":"Jensen"},
                 "emails":[{"value":"b@example.com","type":"work","primary":true},{"value":"b@home.org","type":"home"}]}""");
    }

    private static ObjectNode patch(ObjectNode resource, String operations) throws Exception {
        JsonNode body = JSON.readTree("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operations.replace('\'', '"') + "}");
        List<PatchOperation> parsed = PatchOperation.parseRequest(body);
        PatchApplier applier = new PatchApplier(ResourceType.USER);
        parsed.forEach(op -> applier.apply(resource, op));
        return resource;
    }

    @Test
    void capitalisedOpsAndStringBooleansAsEntraSendsThem() throws Exception {
        ObjectNode user = patch(user(), "[{'op':'Replace','path':'active','value':'False'},{'op':'Add','path':'Title','value':'Boss'}]");

        assertThat(user.get("active").asBoolean()).isFalse();
        assertThat(user.get("active").isBoolean()).isTrue();
        assertThat(user.get("title").asText()).isEqualTo("Boss");
    }

    @Test
    void pathlessReplaceWithValueObjectAsOktaSendsIt() throws Exception {
        ObjectNode user = patch(user(), "[{'op':'replace','value':{'active':false,'id':'ignored','name.givenName':'Babs','"
                + ENTERPRISE + "':{'department':'Sales'}}}]");

        assertThat(user.get("active").asBoolean()).isFalse();
        assertThat(user.has("id")).isFalse();
        assertThat(user.path("name").path("givenName").asText()).isEqualTo("Babs");
        assertThat(user.path("name").path("familyName").asText()).isEqualTo("Jensen");
        assertThat(user.path(ENTERPRISE).path("department").asText()).isEqualTo("Sales");
    }

    @Test
    void valueFilterPathsReplaceAddAndRemoveElements() throws Exception {
        ObjectNode user = patch(user(), "[{'op':'replace','path':'emails[type eq \\'work\\'].value','value':'new@example.com'},"
                + "{'op':'add','path':'phoneNumbers[type eq \\'mobile\\'].value','value':'+1'},"
                + "{'op':'remove','path':'emails[type eq \\'home\\']'}]");

        assertThat(user.get("emails")).hasSize(1);
        assertThat(user.path("emails").path(0).path("value").asText()).isEqualTo("new@example.com");
        assertThat(user.path("phoneNumbers").path(0).path("type").asText()).isEqualTo("mobile");
        assertThat(user.path("phoneNumbers").path(0).path("value").asText()).isEqualTo("+1");
    }

    @Test
    void extensionUrnPathsAndManagerAsBareId() throws Exception {
        ObjectNode user = patch(user(), "[{'op':'add','path':'" + ENTERPRISE + ":manager','value':'m-1'},"
                + "{'op':'add','path':'" + ENTERPRISE + ":employeeNumber','value':'42'}]");
        assertThat(user.path(ENTERPRISE).path("manager").path("value").asText()).isEqualTo("m-1");

        patch(user, "[{'op':'remove','path':'" + ENTERPRISE + ":manager'},{'op':'remove','path':'" + ENTERPRISE + ":employeeNumber'}]");
        assertThat(user.has(ENTERPRISE)).isFalse();
    }

    @Test
    void removeOfListedValuesRemovesOnlyThose() throws Exception {
        ObjectNode user = patch(user(), "[{'op':'remove','path':'emails','value':[{'value':'b@home.org'}]}]");

        assertThat(user.get("emails")).hasSize(1);
        assertThat(user.path("emails").path(0).path("value").asText()).isEqualTo("b@example.com");
    }

    @Test
    void addToMultiValuedAppendsAndReplaceSetsExactly() throws Exception {
        ObjectNode user = patch(user(), "[{'op':'add','path':'emails','value':[{'value':'c@x.org','type':'other','primary':true}]}]");
        assertThat(user.get("emails")).hasSize(3);
        assertThat(user.get("emails").findValues("primary").stream().filter(JsonNode::asBoolean)).hasSize(1);

        patch(user, "[{'op':'replace','path':'emails','value':[{'value':'only@x.org'}]}]");
        assertThat(user.get("emails")).hasSize(1);
    }

    @Test
    void errorsAreSpecific() {
        assertThatThrownBy(() -> patch(user(), "[{'op':'replace','path':'shoeSize','value':'1'}]"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidPath"));
        assertThatThrownBy(() -> patch(user(), "[{'op':'remove'}]"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("noTarget"));
        assertThatThrownBy(() -> patch(user(), "[{'op':'move','path':'title'}]"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"));
        assertThatThrownBy(() -> patch(user(), "[{'op':'replace','path':'id','value':'x'}]"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("mutability"));
        assertThatThrownBy(() -> patch(user(), "[{'op':'replace','path':'active','value':'perhaps'}]"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidValue"));
        assertThatThrownBy(() -> PatchOperation.parseRequest(JSON.readTree("{\"Operations\":[]}")))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"));
    }
}
