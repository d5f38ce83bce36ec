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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11.1, the attack story: a provisioning client must never grant, remove or destroy
 * administrative power. Groups carrying realm-management roles (directly, through a composite,
 * or a role listed in ssoBundle.scim.protectedRoles) are invisible to SCIM; their holders stay
 * unmanageable; SCIM on master is refused.
 */
@ExtendWith(KeycloakExtension.class)
class ScimPrivilegeIT {

    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private final KeycloakServer server;
    private final AdminApi admin;
    private final ScimClient scim;

    ScimPrivilegeIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.scim = new ScimClient(server);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String q(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---- admin API helpers (what a realm administrator set up) ----

    private String createdId(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private String adminCreateGroup(String name) {
        return createdId(admin.call("POST", "realms/demo/groups", json("{'name':'" + name + "'}")));
    }

    private void mapClientRole(String groupId, String clientId, String roleName) {
        String clientUuid = admin.get("realms/demo/clients?clientId=" + clientId).path(0).path("id").asText();
        JsonNode role = admin.get("realms/demo/clients/" + clientUuid + "/roles/" + roleName);
        HttpResponse<String> mapped = admin.call("POST", "realms/demo/groups/" + groupId + "/role-mappings/clients/" + clientUuid, "[" + role + "]");
        assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(204);
    }

    private void mapRealmRole(String groupId, String roleName) {
        JsonNode role = admin.get("realms/demo/roles/" + roleName);
        HttpResponse<String> mapped = admin.call("POST", "realms/demo/groups/" + groupId + "/role-mappings/realm", "[" + role + "]");
        assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(204);
    }

    private String adminCreateUser(String username) {
        return createdId(admin.call("POST", "realms/demo/users", json("{'username':'" + username + "','enabled':true}")));
    }

    private void adminJoin(String userId, String groupId) {
        assertThat(admin.call("PUT", "realms/demo/users/" + userId + "/groups/" + groupId, null).statusCode()).isEqualTo(204);
    }

    private JsonNode memberIds(String groupId) {
        return admin.get("realms/demo/groups/" + groupId + "/members?briefRepresentation=true");
    }

    private boolean holdsRealmAdmin(String userId) {
        String clientUuid = admin.get("realms/demo/clients?clientId=realm-management").path(0).path("id").asText();
        JsonNode effective = admin.get("realms/demo/users/" + userId + "/role-mappings/clients/" + clientUuid + "/composite");
        for (JsonNode role : effective) {
            if (role.path("name").asText().equals("realm-admin")) {
                return true;
            }
        }
        return false;
    }

    private record AdminGroup(String id, String name, String adminUserId) {
    }

    /** What the demo realm's operators would have: a group granting realm-admin, with a real administrator in it. */
    private AdminGroup realmAdminGroup() {
        String name = "realm-admins-" + unique();
        String groupId = adminCreateGroup(name);
        mapClientRole(groupId, "realm-management", "realm-admin");
        String adminUser = adminCreateUser("operator-" + unique());
        adminJoin(adminUser, groupId);
        return new AdminGroup(groupId, name, adminUser);
    }

    private void cleanUp(AdminGroup group) {
        admin.call("DELETE", "realms/demo/groups/" + group.id(), null);
        admin.call("DELETE", "realms/demo/users/" + group.adminUserId(), null);
    }

    private String scimUser() {
        ScimClient.Reply created = scim.post("/Users", json("{'userName':'attacker." + unique() + "'}"));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    // ---- the attacks ----

    @Test
    void scimCannotFindGroupCarryingRealmAdminAndCannotJoinIt() {
        AdminGroup group = realmAdminGroup();
        String attacker = scimUser();
        try {
            ScimClient.Reply found = scim.get("/Groups?filter=" + q("displayName eq \"" + group.name() + "\""));
            assertThat(found.status()).isEqualTo(200);
            assertThat(found.json().path("totalResults").asInt()).as(found.raw().body()).isZero();
            ScimClient.Reply listed = scim.get("/Groups?count=200");
            assertThat(listed.raw().body()).doesNotContain(group.id());
            assertThat(scim.get("/Groups/" + group.id()).status()).isEqualTo(404);

            ScimClient.Reply joined = scim.patch("/Groups/" + group.id(), json("{'schemas':['" + PATCH_OP + "'],'Operations':["
                    + "{'op':'add','path':'members','value':[{'value':'" + attacker + "'}]}]}"));
            assertThat(joined.status()).as(joined.raw().body()).isEqualTo(404);
            assertThat(holdsRealmAdmin(attacker)).isFalse();
            assertThat(scim.get("/Users/" + attacker).raw().body()).doesNotContain(group.id());
        } finally {
            scim.delete("/Users/" + attacker);
            cleanUp(group);
        }
    }

    @Test
    void scimCannotEmptyGroupCarryingRealmAdmin() {
        AdminGroup group = realmAdminGroup();
        try {
            ScimClient.Reply replaced = scim.put("/Groups/" + group.id(), json("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],"
                    + "'displayName':'" + group.name() + "','members':[]}"));
            assertThat(replaced.status()).as(replaced.raw().body()).isEqualTo(404);
            ScimClient.Reply removed = scim.patch("/Groups/" + group.id(), json("{'schemas':['" + PATCH_OP + "'],'Operations':["
                    + "{'op':'remove','path':'members[value eq \\\"" + group.adminUserId() + "\\\"]'}]}"));
            assertThat(removed.status()).as(removed.raw().body()).isEqualTo(404);
            assertThat(memberIds(group.id()).toString()).contains(group.adminUserId());
            assertThat(holdsRealmAdmin(group.adminUserId())).isTrue();
        } finally {
            cleanUp(group);
        }
    }

    @Test
    void scimCannotDeleteOrRenameGroupCarryingRealmAdmin() {
        AdminGroup group = realmAdminGroup();
        try {
            assertThat(scim.delete("/Groups/" + group.id()).status()).isEqualTo(404);
            ScimClient.Reply renamed = scim.patch("/Groups/" + group.id(), json("{'schemas':['" + PATCH_OP + "'],'Operations':["
                    + "{'op':'replace','path':'displayName','value':'harmless " + unique() + "'}]}"));
            assertThat(renamed.status()).isEqualTo(404);
            JsonNode stored = admin.get("realms/demo/groups/" + group.id());
            assertThat(stored.path("name").asText()).isEqualTo(group.name());
        } finally {
            cleanUp(group);
        }
    }

    @Test
    void scimCannotDeleteOrdinaryParentToDestroyAdminSubgroup() {
        String parent = scim.post("/Groups", json("{'displayName':'department " + unique() + "'}")).json().path("id").asText();
        String child = createdId(admin.call("POST", "realms/demo/groups/" + parent + "/children", json("{'name':'dept-admins-" + unique() + "'}")));
        mapClientRole(child, "realm-management", "manage-users");
        try {
            ScimClient.Reply deleted = scim.delete("/Groups/" + parent);
            assertThat(deleted.status()).as(deleted.raw().body()).isEqualTo(403);
            assertThat(admin.get("realms/demo/groups/" + child).path("id").asText()).isEqualTo(child);
        } finally {
            admin.call("DELETE", "realms/demo/groups/" + parent, null);
        }
    }

    @Test
    void scimCannotCreateGroupNamedLikeAdminGroupNorRenameOneIntoIt() {
        AdminGroup group = realmAdminGroup();
        String ordinary = null;
        try {
            ScimClient.Reply twin = scim.post("/Groups", json("{'displayName':'" + group.name() + "'}"));
            assertThat(twin.status()).as(twin.raw().body()).isEqualTo(409);
            assertThat(twin.json().path("scimType").asText()).isEqualTo("uniqueness");
            ordinary = scim.post("/Groups", json("{'displayName':'ordinary " + unique() + "'}")).json().path("id").asText();
            ScimClient.Reply renamed = scim.patch("/Groups/" + ordinary, json("{'schemas':['" + PATCH_OP + "'],'Operations':["
                    + "{'op':'replace','path':'displayName','value':'" + group.name() + "'}]}"));
            assertThat(renamed.status()).isEqualTo(409);
        } finally {
            if (ordinary != null) {
                scim.delete("/Groups/" + ordinary);
            }
            cleanUp(group);
        }
    }

    @Test
    void scimCannotSeeGroupCarryingCompositeOfManagementRole() {
        String roleName = "helpdesk-" + unique();
        assertThat(admin.call("POST", "realms/demo/roles", json("{'name':'" + roleName + "'}")).statusCode()).isEqualTo(201);
        String clientUuid = admin.get("realms/demo/clients?clientId=realm-management").path(0).path("id").asText();
        JsonNode manageUsers = admin.get("realms/demo/clients/" + clientUuid + "/roles/manage-users");
        assertThat(admin.call("POST", "realms/demo/roles/" + roleName + "/composites", "[" + manageUsers + "]").statusCode()).isEqualTo(204);
        String name = "helpdesk-" + unique();
        String groupId = adminCreateGroup(name);
        mapRealmRole(groupId, roleName);
        String holder = adminCreateUser("helper-" + unique());
        adminJoin(holder, groupId);
        try {
            assertThat(scim.get("/Groups?filter=" + q("displayName eq \"" + name + "\"")).json().path("totalResults").asInt()).isZero();
            assertThat(scim.get("/Groups/" + groupId).status()).isEqualTo(404);
            ScimClient.Reply deactivate = scim.patch("/Users/" + holder, json("{'schemas':['" + PATCH_OP + "'],'Operations':["
                    + "{'op':'replace','path':'active','value':false}]}"));
            assertThat(deactivate.status()).as("holder of a composite with manage-users is unmanageable").isEqualTo(403);
        } finally {
            admin.call("DELETE", "realms/demo/groups/" + groupId, null);
            admin.call("DELETE", "realms/demo/users/" + holder, null);
            admin.call("DELETE", "realms/demo/roles/" + roleName, null);
        }
    }

    @Test
    void scimCannotSeeGroupOrManageUserCarryingRoleListedAsProtected() {
        String roleName = "payroll-approver-" + unique();
        assertThat(admin.call("POST", "realms/demo/roles", json("{'name':'" + roleName + "'}")).statusCode()).isEqualTo(201);
        String name = "payroll-" + unique();
        String groupId = adminCreateGroup(name);
        mapRealmRole(groupId, roleName);
        String holder = adminCreateUser("payroll-" + unique());
        adminJoin(holder, groupId);
        try {
            assertThat(scim.get("/Groups/" + groupId).status()).as("not protected until listed").isEqualTo(200);
            setRealmAttribute("ssoBundle.scim.protectedRoles", "some-other-role, " + roleName);
            assertThat(scim.get("/Groups/" + groupId).status()).isEqualTo(404);
            assertThat(scim.get("/Groups?filter=" + q("displayName eq \"" + name + "\"")).json().path("totalResults").asInt()).isZero();
            assertThat(scim.delete("/Users/" + holder).status()).isEqualTo(403);
        } finally {
            setRealmAttribute("ssoBundle.scim.protectedRoles", null);
            admin.call("DELETE", "realms/demo/groups/" + groupId, null);
            admin.call("DELETE", "realms/demo/users/" + holder, null);
            admin.call("DELETE", "realms/demo/roles/" + roleName, null);
        }
    }

    /** Sets (or, for null, removes) one realm attribute, writing back the whole realm so no other setting changes. */
    private void setRealmAttribute(String name, String value) {
        com.fasterxml.jackson.databind.node.ObjectNode realm = (com.fasterxml.jackson.databind.node.ObjectNode) admin.get("realms/demo");
        com.fasterxml.jackson.databind.node.ObjectNode attributes = realm.withObjectProperty("attributes");
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
        HttpResponse<String> updated = admin.call("PUT", "realms/demo", realm.toString());
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);
    }

    @Test
    void scimCannotManageUserWhoIsAdminThroughGroupMembership() {
        AdminGroup group = realmAdminGroup();
        try {
            ScimClient.Reply takeover = scim.patch("/Users/" + group.adminUserId(), json("{'schemas':['" + PATCH_OP + "'],'Operations':["
                    + "{'op':'replace','path':'emails','value':[{'value':'attacker@evil.example','primary':true}]}]}"));
            assertThat(takeover.status()).as(takeover.raw().body()).isEqualTo(403);
            assertThat(scim.delete("/Users/" + group.adminUserId()).status()).isEqualTo(403);
        } finally {
            cleanUp(group);
        }
    }

    @Test
    void scimOnMasterRealmIsRefusedEvenForAHolderOfTheProvisioningRole() {
        HttpResponse<String> role = admin.call("POST", "realms/master/roles", json("{'name':'scim-provisioning'}"));
        assertThat(role.statusCode()).isIn(201, 409);
        String adminId = admin.get("realms/master/users?username=" + server.adminUsername() + "&exact=true").path(0).path("id").asText();
        JsonNode roleRep = admin.get("realms/master/roles/scim-provisioning");
        admin.call("POST", "realms/master/users/" + adminId + "/role-mappings/realm", "[" + roleRep + "]");
        try {
            ScimClient master = new ScimClient(server, "master", admin.accessToken());
            ScimClient.Reply users = master.get("/Users");
            assertThat(users.status()).as(users.raw().body()).isEqualTo(403);
            assertThat(users.json().path("detail").asText()).contains("master");
            assertThat(master.post("/Groups", json("{'displayName':'pwned " + unique() + "'}")).status()).isEqualTo(403);
        } finally {
            admin.call("DELETE", "realms/master/roles/scim-provisioning", null);
        }
    }

    @Test
    void ordinaryGroupsStillWorkBesideAdminGroups() {
        AdminGroup group = realmAdminGroup();
        String member = scimUser();
        String ordinary = null;
        try {
            ScimClient.Reply created = scim.post("/Groups", json("{'displayName':'staff " + unique() + "','members':[{'value':'" + member + "'}]}"));
            assertThat(created.status()).isEqualTo(201);
            ordinary = created.json().path("id").asText();
            ScimClient.Reply listed = scim.get("/Groups?count=200");
            assertThat(listed.raw().body()).contains(ordinary).doesNotContain(group.id());
            assertThat(scim.get("/Groups/" + ordinary).json().path("members").path(0).path("value").asText()).isEqualTo(member);
        } finally {
            if (ordinary != null) {
                scim.delete("/Groups/" + ordinary);
            }
            scim.delete("/Users/" + member);
            cleanUp(group);
        }
    }
}
