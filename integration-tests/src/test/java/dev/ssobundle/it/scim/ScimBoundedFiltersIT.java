package dev.ssobundle.it.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11.2 at small scale: a realm of 2,100 users whose candidate limit
 * (ssoBundle.scim.maxFilterCandidates) is 500. Filters the database answers exactly give true
 * totals beyond 2,000; filters it cannot answer exactly read at most 500 candidates, or answer
 * 400 tooMany — never a truncated or slow 200.
 */
@ExtendWith(KeycloakExtension.class)
class ScimBoundedFiltersIT {

    private static final int USERS = 2_100;
    private static final int LIMIT = 500;
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static String realm;
    private static AdminApi realmAdmin;

    private final ScimClient scim;

    ScimBoundedFiltersIT(KeycloakServer server, AdminApi admin) {
        synchronized (ScimBoundedFiltersIT.class) {
            if (realm == null) {
                realmAdmin = admin;
                realm = createRealm(admin);
            }
        }
        this.scim = new ScimClient(server, realm, server.clientCredentialsToken(realm, "bounds", "bounds-secret"));
    }

    /** bound.0000 … bound.2099: every one an Engineer, one in three in Sales, every other one active. */
    private static String createRealm(AdminApi admin) {
        String name = "scim-bounds-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode rep = AdminApi.JSON.createObjectNode().put("realm", name).put("enabled", true);
        rep.putObject("attributes").put("ssoBundle.scim.maxFilterCandidates", Integer.toString(LIMIT));
        rep.putObject("roles").putArray("realm").addObject().put("name", "scim-provisioning");
        rep.putArray("clients").addObject().put("clientId", "bounds").put("secret", "bounds-secret").put("publicClient", false)
                .put("serviceAccountsEnabled", true).put("standardFlowEnabled", false);
        ArrayNode users = rep.putArray("users");
        ObjectNode serviceAccount = users.addObject().put("username", "service-account-bounds").put("enabled", true)
                .put("serviceAccountClientId", "bounds");
        serviceAccount.putArray("realmRoles").add("scim-provisioning");
        for (int i = 0; i < USERS; i++) {
            ObjectNode user = users.addObject().put("username", String.format("bound.%04d", i)).put("enabled", i % 2 == 0);
            ObjectNode attributes = user.putObject("attributes");
            attributes.putArray("title").add("Engineer");
            attributes.putArray("department").add(i % 3 == 0 ? "Sales" : "Ops");
        }
        HttpResponse<String> created = admin.post("realms", rep.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    @AfterAll
    static void deleteRealm() {
        if (realm != null) {
            realmAdmin.delete("realms/" + realm);
            realm = null;
        }
    }

    private ScimClient.Reply filter(String filter, String extra) {
        return scim.get("/Users?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20") + extra);
    }

    private static void assertTotal(ScimClient.Reply reply, int total) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        assertThat(reply.json().path("totalResults").asInt()).isEqualTo(total);
    }

    private static void assertTooMany(ScimClient.Reply reply) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(400);
        assertThat(reply.json().path("scimType").asText()).isEqualTo("tooMany");
        assertThat(reply.json().path("detail").asText()).contains("ssoBundle.scim.maxFilterCandidates");
    }

    @Test
    void titleEqCountsEveryMatchInsteadOfCuttingAt2000() {
        ScimClient.Reply first = filter("title eq \"engineer\"", "&count=5");
        assertTotal(first, USERS);
        assertThat(first.json().path("Resources").size()).isEqualTo(5);
        ScimClient.Reply last = filter("title eq \"Engineer\"", "&startIndex=" + (USERS - 2) + "&count=5");
        assertTotal(last, USERS);
        assertThat(last.json().path("Resources").size()).as("the last page really exists").isEqualTo(3);
        assertThat(last.json().path("Resources").path(2).path("userName").asText()).isEqualTo("bound.2099");
    }

    @Test
    void enterpriseDepartmentEqAndActiveEqAreTrueDatabaseCounts() {
        assertTotal(filter(ENTERPRISE + ":department eq \"Sales\"", "&count=1"), USERS / 3);
        assertTotal(filter("active eq true", "&count=1"), USERS / 2);
        assertTotal(filter("active eq false and title eq \"Engineer\"", "&count=1"), USERS / 2);
        ScimClient.Reply both = filter("active eq true and " + ENTERPRISE + ":department eq \"sales\"", "&count=200");
        assertTotal(both, 350);
        both.json().path("Resources").forEach(u -> assertThat(u.path("active").asBoolean()).isTrue());
    }

    @Test
    void userNameSwBeyondTheCandidateLimitIs400TooManyNotATruncatedOrSlow200() {
        assertTooMany(filter("userName sw \"bound.1\"", ""));
        assertTooMany(filter("title eq \"Engineer\"", "&sortBy=title"));
        assertTooMany(filter("not (title eq \"Manager\")", ""));
    }

    @Test
    void filtersWithinTheLimitAnswerTheirTrueTotal() {
        assertTotal(filter("userName sw \"bound.20\"", "&count=3"), 100);
        assertTotal(filter("userName co \"ound.20\"", "&count=3"), 100);
        ScimClient.Reply page = filter("userName sw \"bound.20\" and active eq true", "&startIndex=41&count=20");
        assertTotal(page, 50);
        assertThat(page.json().path("Resources").size()).isEqualTo(10);
        assertThat(page.json().path("Resources").path(0).path("userName").asText()).isEqualTo("bound.2080");
    }
}
