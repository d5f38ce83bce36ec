package dev.ssobundle.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Keycloak nodes on one PostgreSQL: whatever node a request reaches, the bundle's realms, users
 * and logins behave the same; a node crash or a database restart fails cleanly and recovers.
 * Fault tests run last: they kill and restart nodes.
 */
@ExtendWith(KeycloakCluster.Extension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakClusterIT {

    static final String REDIRECT_URI = "http://127.0.0.1:3000/_oauth/keycloak";

    private final KeycloakCluster cluster;

    KeycloakClusterIT(KeycloakCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    @Order(1)
    void bothNodesJoinedOneClusterAndServeTheImportedRealms() {
        assertThat(cluster.nodeA.clusterViewSize()).isEqualTo(2);
        assertThat(cluster.nodeB.clusterViewSize()).isEqualTo(2);
        assertThat(new AdminApi(cluster.nodeB).get("realms/demo").path("loginTheme").asText()).isEqualTo("sso-bundle");
        assertThat(new AdminApi(cluster.nodeB).get("serverinfo").path("providers").path("realm-restapi-extension")
                .path("providers").has("api")).isTrue();
    }

    @Test
    @Order(2)
    void userCreatedAndUpdatedOnOneNodeIsSeenAtOnceOnTheOther() {
        AdminApi onA = new AdminApi(cluster.nodeA);
        AdminApi onB = new AdminApi(cluster.nodeB);
        String username = "cluster-" + UUID.randomUUID().toString().substring(0, 8);

        HttpResponse<String> created = onA.exchange(HttpRequest.newBuilder(onA.adminUri("realms/demo/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"enabled\":true,\"firstName\":\"Before\"}")));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode seenOnB = onB.get("realms/demo/users?exact=true&username=" + username).get(0);
        assertThat(seenOnB.path("firstName").asText()).isEqualTo("Before");

        HttpResponse<String> updated = onB.exchange(HttpRequest.newBuilder(onB.adminUri("realms/demo/users/" + seenOnB.path("id").asText()))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"firstName\":\"After\"}")));
        assertThat(updated.statusCode()).isEqualTo(204);
        // Node A cached the user when it created it; the update on B must invalidate that cache entry.
        assertThat(onA.get("realms/demo/users/" + seenOnB.path("id").asText()).path("firstName").asText()).isEqualTo("After");
    }

    @Test
    @Order(3)
    void loginStartedOnNodeAFinishesOnNodeBAndItsTokenWorksOnBoth() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> loginPage = browser.getFollowing(authorize(cluster.nodeA), cluster.nodeA.baseUri());
        assertThat(loginPage.statusCode()).isEqualTo(200);

        HttpResponse<String> afterLogin = browser.submitLogin(onNode(loginPage, cluster.nodeB), "alice", "alice");

        assertThat(Browser.isRedirect(afterLogin)).as(afterLogin.body()).isTrue();
        String code = Browser.queryParameters(Browser.location(afterLogin)).get("code");
        JsonNode tokens = exchangeCode(browser, cluster.nodeA.baseUri(), code);
        for (ClusterNode node : new ClusterNode[] {cluster.nodeA, cluster.nodeB}) {
            HttpResponse<String> userinfo = browser.send(HttpRequest.newBuilder(
                    URI.create(node.realmUri("demo") + "/protocol/openid-connect/userinfo"))
                    .header("Authorization", "Bearer " + tokens.path("access_token").asText()).GET().build());
            assertThat(userinfo.statusCode()).as(node.name).isEqualTo(200);
            assertThat(AdminApi.JSON.readTree(userinfo.body()).path("email").asText()).isEqualTo("alice@example.com");
        }
    }

    @Test
    @Order(10)
    void loginStartedOnACrashedNodeCompletesOrFailsCleanlyOnTheOther() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> loginPage = browser.getFollowing(authorize(cluster.nodeA), cluster.nodeA.baseUri());
        assertThat(loginPage.statusCode()).isEqualTo(200);
        cluster.nodeA.kill();
        try {
            HttpResponse<String> afterLogin = browser.submitLogin(onNode(loginPage, cluster.nodeB), "alice", "alice");

            assertThat(afterLogin.statusCode()).as("never a server error: %s", afterLogin.body()).isLessThan(500);
            if (Browser.isRedirect(afterLogin) && Browser.location(afterLogin).toString().startsWith(REDIRECT_URI)) {
                String code = Browser.queryParameters(Browser.location(afterLogin)).get("code");
                assertThat(exchangeCode(browser, cluster.nodeB.baseUri(), code).path("access_token").asText()).isNotBlank();
            } else {
                // The login session lived on the dead node: Keycloak restarts the login with a message.
                HttpResponse<String> page = Browser.isRedirect(afterLogin)
                        ? browser.getFollowing(Browser.location(afterLogin), cluster.nodeB.baseUri()) : afterLogin;
                assertThat(page.statusCode()).isLessThan(500);
                assertThat(page.body()).containsAnyOf("kc-form-login", "kc-feedback-text");
                assertThat(page.body()).doesNotContain("Exception", "\tat ");
            }
        } finally {
            cluster.nodeA.start(cluster.postgres.jdbcUrl(), false);
            cluster.awaitViewOfTwo(java.time.Duration.ofMinutes(3));
        }
    }

    @Test
    @Order(11)
    void databaseRestartFailsRequestsCleanlyAndRecoversWithoutRestartingKeycloak() throws Exception {
        AdminApi onA = new AdminApi(cluster.nodeA);
        String token = onA.accessToken();
        cluster.postgres.stopServer();
        HttpResponse<String> duringOutage;
        try {
            duringOutage = createUser(cluster.nodeA, token, "outage-" + UUID.randomUUID().toString().substring(0, 8));
        } finally {
            cluster.postgres.startServer();
        }
        assertThat(duringOutage.statusCode()).as("a write without the database fails").isGreaterThanOrEqualTo(500);
        assertThat(duringOutage.body()).doesNotContain("Exception", "\tat ", "org.hibernate", "SQL");

        String username = "recovered-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> afterRestart = eventually(() -> createUser(cluster.nodeA, onA.accessToken(), username),
                response -> response.statusCode() == 201);
        assertThat(afterRestart.statusCode()).as(afterRestart.body()).isEqualTo(201);
        AdminApi onB = new AdminApi(cluster.nodeB);
        assertThat(eventually(() -> onB.get("realms/demo/users?exact=true&username=" + username), users -> users.size() == 1))
                .hasSize(1);
    }

    /**
     * Retries for up to 60 s after a database restart: each pooled connection the restart broke
     * fails one request (cleanly, as asserted) before the pool replaces it.
     */
    private static <T> T eventually(java.util.function.Supplier<T> request, java.util.function.Predicate<T> done) {
        T last = null;
        for (int attempt = 0; attempt < 60; attempt++) {
            try {
                last = request.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (IllegalStateException stillRecovering) {
                assertThat(stillRecovering.getMessage()).doesNotContain("Exception", "\tat ");
            }
            ClusterNode.sleep(1000);
        }
        throw new AssertionError("Keycloak did not recover within 60 s of the database restart; last answer: " + last);
    }

    private static HttpResponse<String> createUser(ClusterNode node, String token, String username) {
        return new Browser().send(HttpRequest.newBuilder(node.baseUri().resolve("/admin/realms/demo/users"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"enabled\":true}")).build());
    }

    /** Sent straight to {@code node}; the issuer and links still name the cluster's public hostname. */
    static URI authorize(ClusterNode node) {
        return URI.create(node.realmUri("demo") + "/protocol/openid-connect/auth?client_id=rocketchat&response_type=code"
                + "&scope=openid&state=cluster&redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8));
    }

    /**
     * The same page as if the load balancer at the public hostname had sent the next request to
     * {@code node}: its links (which name the public hostname) are pointed at that node.
     */
    HttpResponse<String> onNode(HttpResponse<String> page, ClusterNode node) {
        String body = page.body().replace(cluster.publicUrl, node.baseUri().toString());
        return new RewrittenPage(page, body, node.baseUri().resolve(page.uri().getRawPath()));
    }

    static JsonNode exchangeCode(Browser browser, URI base, String code) throws Exception {
        String basic = Base64.getEncoder().encodeToString("rocketchat:rocketchat-secret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(base.resolve("/realms/demo/protocol/openid-connect/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of(
                        "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI)))).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AdminApi.JSON.readTree(response.body());
    }
}
