package dev.ssobundle.it.scim;

import static dev.ssobundle.it.scim.ScimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 11.4: ETags mean "this resource changed", whoever changed it (here: Keycloak's admin REST API). */
@ExtendWith(KeycloakExtension.class)
class ScimVersionIT {

    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private final AdminApi admin;
    private final ScimClient scim;

    ScimVersionIT(KeycloakServer server, AdminApi admin) {
        this.admin = admin;
        this.scim = new ScimClient(server);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private HttpResponse<String> adminCall(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(admin.adminUri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return admin.exchange(request);
    }

    @Test
    void adminApiChangeOfFirstNameChangesScimETagSoStaleIfMatchIs412() {
        ScimClient.Reply created = scim.post("/Users", json("{'userName':'version." + unique() + "','name':{'givenName':'Before'}}"));
        String id = created.json().path("id").asText();
        try {
            String etag = scim.get("/Users/" + id).header("ETag");
            ObjectNode rep = (ObjectNode) admin.get("realms/demo/users/" + id);
            rep.put("firstName", "ChangedByAdmin");
            HttpResponse<String> updated = adminCall("PUT", "realms/demo/users/" + id, rep.toString());
            assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);

            ScimClient.Reply after = scim.get("/Users/" + id);
            assertThat(after.json().path("name").path("givenName").asText()).isEqualTo("ChangedByAdmin");
            assertThat(after.header("ETag")).as("ETag after an admin-API change").isNotEqualTo(etag);
            assertThat(after.json().path("meta").path("version").asText()).isEqualTo(after.header("ETag"));

            ScimClient.Reply lostUpdate = scim.send("PATCH", "/Users/" + id, json("{'schemas':['" + PATCH_OP + "'],'Operations':["
                    + "{'op':'replace','path':'name.givenName','value':'Overwritten'}]}"), Map.of("If-Match", etag));
            assertThat(lostUpdate.status()).as(lostUpdate.raw().body()).isEqualTo(412);
            assertThat(scim.get("/Users/" + id).json().path("name").path("givenName").asText()).isEqualTo("ChangedByAdmin");
        } finally {
            scim.delete("/Users/" + id);
        }
    }

    @Test
    void adminApiMembershipChangeChangesGroupETagSoStalePutIs412() {
        String member = scim.post("/Users", json("{'userName':'member." + unique() + "'}")).json().path("id").asText();
        String group = scim.post("/Groups", json("{'displayName':'versioned " + unique() + "'}")).json().path("id").asText();
        try {
            String etag = scim.get("/Groups/" + group).header("ETag");
            assertThat(adminCall("PUT", "realms/demo/users/" + member + "/groups/" + group, null).statusCode()).isEqualTo(204);
            ScimClient.Reply after = scim.get("/Groups/" + group);
            assertThat(after.json().path("members").path(0).path("value").asText()).isEqualTo(member);
            assertThat(after.header("ETag")).as("group ETag after an admin-API join").isNotEqualTo(etag);
            ScimClient.Reply stale = scim.send("PUT", "/Groups/" + group, json("{'displayName':'versioned','members':[]}"), Map.of("If-Match", etag));
            assertThat(stale.status()).isEqualTo(412);
        } finally {
            scim.delete("/Groups/" + group);
            scim.delete("/Users/" + member);
        }
    }

    @Test
    void ifNoneMatchWithCurrentVersionIs304AndScimWritesAnswerTheETagThatGetShows() {
        String id = scim.post("/Users", json("{'userName':'cond." + unique() + "'}")).json().path("id").asText();
        String group = scim.post("/Groups", json("{'displayName':'cond " + unique() + "','members':[{'value':'" + id + "'}]}")).json().path("id").asText();
        try {
            String etag = scim.get("/Users/" + id).header("ETag");
            ScimClient.Reply cached = scim.send("GET", "/Users/" + id, null, Map.of("If-None-Match", etag));
            assertThat(cached.status()).isEqualTo(304);
            assertThat(cached.header("ETag")).isEqualTo(etag);
            assertThat(scim.send("GET", "/Users/" + id, null, Map.of("If-None-Match", "W/\"stale\"")).status()).isEqualTo(200);

            ScimClient.Reply patched = scim.patch("/Groups/" + group, json("{'schemas':['" + PATCH_OP + "'],'Operations':["
                    + "{'op':'remove','path':'members[value eq \\\"" + id + "\\\"]'}]}"));
            assertThat(patched.status()).isEqualTo(204);
            ScimClient.Reply fetched = scim.get("/Groups/" + group);
            assertThat(fetched.header("ETag")).as("a SCIM write answers the version later reads show").isEqualTo(patched.header("ETag"));
            assertThat(scim.send("GET", "/Groups/" + group, null, Map.of("If-None-Match", fetched.header("ETag"))).status()).isEqualTo(304);
        } finally {
            scim.delete("/Groups/" + group);
            scim.delete("/Users/" + id);
        }
    }
}
