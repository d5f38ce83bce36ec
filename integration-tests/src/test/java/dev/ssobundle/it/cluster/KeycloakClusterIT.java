package dev.ssobundle.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.LocalProcess;
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

        HttpResponse<String> created = onA.post("realms/demo/users", "{\"username\":\"" + username + "\",\"enabled\":true,\"firstName\":\"Before\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode seenOnB = onB.get("realms/demo/users?exact=true&username=" + username).get(0);
        assertThat(seenOnB.path("firstName").asText()).isEqualTo("Before");

        HttpResponse<String> updated = onB.put("realms/demo/users/" + seenOnB.path("id").asText(), "{\"firstName\":\"After\"}");
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
    @Order(4)
    void tokenIssuedThroughTheOidcAliasOnAIsAcceptedByAliasUserinfoAndIntrospectionOnB() throws Exception {
        Browser browser = new Browser();
        URI authorize = URI.create(cluster.nodeA.realmUri("demo") + "/api/oidc/auth?client_id=rocketchat&response_type=code"
                + "&scope=openid%20profile%20email&state=alias&redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8));
        HttpResponse<String> loginPage = browser.getFollowing(authorize, cluster.nodeA.baseUri());
        HttpResponse<String> afterLogin = browser.submitLogin(onNode(loginPage, cluster.nodeA), "alice", "alice");
        assertThat(Browser.isRedirect(afterLogin)).as(afterLogin.body()).isTrue();
        String code = Browser.queryParameters(Browser.location(afterLogin)).get("code");

        String basic = Base64.getEncoder().encodeToString("rocketchat:rocketchat-secret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> tokenResponse = browser.send(HttpRequest.newBuilder(URI.create(cluster.nodeA.realmUri("demo") + "/api/oidc/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of(
                        "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI)))).build());
        assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
        String accessToken = AdminApi.JSON.readTree(tokenResponse.body()).path("access_token").asText();
        String aliasIssuer = cluster.publicUrl + "/realms/demo/api/oidc";

        HttpResponse<String> me = browser.send(HttpRequest.newBuilder(URI.create(cluster.nodeB.realmUri("demo") + "/api/oidc/me"))
                .header("Authorization", "Bearer " + accessToken).GET().build());
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(AdminApi.JSON.readTree(me.body()).path("email").asText()).isEqualTo("alice@example.com");

        HttpResponse<String> introspection = browser.send(HttpRequest.newBuilder(
                URI.create(cluster.nodeB.realmUri("demo") + "/api/oidc/token/introspection"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of("token", accessToken)))).build());
        assertThat(introspection.statusCode()).as(introspection.body()).isEqualTo(200);
        JsonNode introspected = AdminApi.JSON.readTree(introspection.body());
        assertThat(introspected.path("active").asBoolean()).isTrue();
        assertThat(introspected.path("iss").asText()).isEqualTo(aliasIssuer);
    }

    @Test
    @Order(5)
    void scimUserCreatedOnAIsFilterableOnBAndAnEtagFromAIsHonouredOnB() throws Exception {
        String userName = "x-node-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = scim(cluster.nodeA, "POST", "/Users", null,
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\",\"title\":\"Before\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = AdminApi.JSON.readTree(created.body()).path("id").asText();
        String etagFromA = created.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> found = scim(cluster.nodeB, "GET",
                "/Users?filter=" + URLEncoder.encode("userName eq \"" + userName + "\"", StandardCharsets.UTF_8), null, null);
        assertThat(AdminApi.JSON.readTree(found.body()).path("totalResults").asInt()).as(found.body()).isEqualTo(1);

        String replacement = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\",\"title\":\"After\"}";
        HttpResponse<String> updatedOnB = scim(cluster.nodeB, "PUT", "/Users/" + id, etagFromA, replacement);
        assertThat(updatedOnB.statusCode()).as(updatedOnB.body()).isEqualTo(200);
        HttpResponse<String> staleOnA = scim(cluster.nodeA, "PUT", "/Users/" + id, etagFromA, replacement);
        assertThat(staleOnA.statusCode()).as("the ETag node A handed out is stale after the update on B").isEqualTo(412);
        assertThat(AdminApi.JSON.readTree(scim(cluster.nodeA, "GET", "/Users/" + id, null, null).body()).path("title").asText())
                .isEqualTo("After");
    }

    @Test
    @Order(12)
    void scimImportSurvivesANodeKilledHalfwayEveryUserExactlyOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        int total = 2000;
        try {
            for (int i = 0; i < total; i++) {
                if (i == total / 2) {
                    cluster.nodeA.kill();
                }
                String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"imp-" + run + "-" + i
                        + "\",\"externalId\":\"ext-" + run + "-" + i + "\",\"title\":\"Title " + i + "\"}";
                // Spread over both nodes, as a load balancer would; a client retries on the other node, and like Entra's
                // provisioning a few times more after a pause (on 2 loaded cores a node can stall longer than
                // Infinispan's 15 s remote-call timeout, and both nodes then answer 500 for a moment)
                ClusterNode first = i % 2 == 0 ? cluster.nodeA : cluster.nodeB;
                ClusterNode other = first == cluster.nodeA ? cluster.nodeB : cluster.nodeA;
                HttpResponse<String> response = scimOrNull(first, "POST", "/Users", body);
                for (int retry = 0; retry < 3 && (response == null || response.statusCode() >= 500); retry++) {
                    if (retry > 0) {
                        LocalProcess.sleep(2000);
                    }
                    response = scimOrNull(retry % 2 == 0 ? other : first, "POST", "/Users", body);
                }
                // 409 after a retry means the first attempt was committed before the node died: not a duplicate.
                assertThat(response).as("user %d", i).isNotNull();
                assertThat(response.statusCode()).as("user %d: %s", i, response.body()).isIn(201, 409);
            }

            int seen = 0;
            for (int start = 1; start <= total; start += 200) {
                JsonNode page = AdminApi.JSON.readTree(scim(cluster.nodeB, "GET", "/Users?count=200&startIndex=" + start + "&filter="
                        + URLEncoder.encode("userName sw \"imp-" + run + "-\"", StandardCharsets.UTF_8), null, null).body());
                assertThat(page.path("totalResults").asInt()).isEqualTo(total);
                for (JsonNode user : page.path("Resources")) {
                    String n = user.path("userName").asText().substring(("imp-" + run + "-").length());
                    assertThat(user.path("externalId").asText()).isEqualTo("ext-" + run + "-" + n);
                    assertThat(user.path("title").asText()).isEqualTo("Title " + n);
                    seen++;
                }
            }
            assertThat(seen).isEqualTo(total);
        } finally {
            if (!cluster.nodeA.isRunning()) {
                cluster.nodeA.start(cluster.postgres.jdbcUrl(), false);
                cluster.awaitViewOfTwo(java.time.Duration.ofMinutes(3));
            }
        }
    }

    private String scimToken(ClusterNode node) throws Exception {
        HttpResponse<String> token = new Browser().send(HttpRequest.newBuilder(URI.create(node.realmUri("demo") + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of("grant_type", "client_credentials",
                        "client_id", "scim-provisioner", "client_secret", ClusterNode.SCIM_CLIENT_SECRET)))).build());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return AdminApi.JSON.readTree(token.body()).path("access_token").asText();
    }

    private String cachedScimToken;
    private long cachedScimTokenAt;

    private HttpResponse<String> scim(ClusterNode node, String method, String path, String ifMatch, String body) throws Exception {
        // Tokens carry the public issuer, so one from either node works on both; renewed well before expiry.
        if (cachedScimToken == null || System.currentTimeMillis() - cachedScimTokenAt > 60_000) {
            cachedScimToken = scimToken(node);
            cachedScimTokenAt = System.currentTimeMillis();
        }
        String token = cachedScimToken;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.realmUri("demo") + "/scim/v2" + path))
                .header("Authorization", "Bearer " + token)
                .timeout(java.time.Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/scim+json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return new Browser().send(request.build());
    }

    /** null when the node cannot be reached at all (killed). */
    private HttpResponse<String> scimOrNull(ClusterNode node, String method, String path, String body) throws Exception {
        try {
            return scim(node, method, path, null, body);
        } catch (java.io.UncheckedIOException unreachable) {
            return null;
        }
    }

    @Test
    @Order(6)
    void mtlsOneTimeCodeIssuedOnAIsAcceptedOnceOnBAndRefusedOnReplayOnA() throws Exception {
        AdminApi admin = new AdminApi(cluster.nodeA);
        String aliceId = admin.get("realms/demo/users?exact=true&username=alice").get(0).path("id").asText();
        String fingerprint = "c1d2e3f4a5b6c7d8e9f00112233445566778899a";
        HttpResponse<String> linked = admin.post("realms/demo/users/" + aliceId + "/federated-identity/mtls", "{\"identityProvider\":\"mtls\",\"userId\":\"" + fingerprint
                        + "\",\"userName\":\"" + fingerprint + "\"}");
        assertThat(linked.statusCode()).as(linked.body()).isIn(200, 204);
        try {
            Browser browser = new Browser();
            HttpResponse<String> loginPage = browser.getFollowing(authorize(cluster.nodeA), cluster.nodeA.baseUri());
            String buttonHref = org.jsoup.Jsoup.parse(onNode(loginPage, cluster.nodeA).body(), cluster.nodeA.baseUri().toString())
                    .getElementById("social-mtls").absUrl("href");
            HttpResponse<String> clicked = browser.get(URI.create(buttonHref));
            URI certificateSite = Browser.location(clicked);
            assertThat(certificateSite.getPath()).isEqualTo("/api/mtls/demo/login");

            // What nginx's certificate site does, sent to node A: verified certificate facts plus the proxy secret.
            HttpResponse<String> handled = browser.send(HttpRequest.newBuilder(
                    URI.create(cluster.nodeA.realmUri("demo") + "/mtls/login?" + certificateSite.getRawQuery()))
                    .header("X-SSL-Client-Verify", "SUCCESS")
                    .header("X-SSL-Client-Fingerprint", fingerprint)
                    .header("X-SSL-Client-DN", "CN=alice,O=SSO Bundle Demo")
                    .header("X-SSL-Client-Issuer", "CN=SSO Bundle Dev CA")
                    .header("X-SSL-Client-Serial", "1A2B")
                    .header("X-SSL-Proxy-Secret", ClusterNode.MTLS_PROXY_SECRET).GET().build());
            assertThat(Browser.isRedirect(handled)).as(handled.body()).isTrue();
            URI brokerCallback = Browser.location(handled);
            assertThat(Browser.queryParameters(brokerCallback)).containsKeys("state", "code");

            HttpResponse<String> onB = followOn(browser, browser.get(toNode(brokerCallback, cluster.nodeB)), cluster.nodeB);
            assertThat(Browser.isRedirect(onB) && Browser.location(onB).toString().startsWith(REDIRECT_URI))
                    .as("code issued on A accepted on B: %s %s", onB.statusCode(), onB.body()).isTrue();
            assertThat(Browser.queryParameters(Browser.location(onB))).containsKey("code");

            // Replayed on A, by another browser (an attacker who saw the URL) and by the same one.
            Browser attacker = new Browser();
            HttpResponse<String> replayOnA = followOn(attacker, attacker.get(toNode(brokerCallback, cluster.nodeA)), cluster.nodeA);
            assertThat(replayOnA.statusCode()).isLessThan(500);
            assertThat(authorizationCodeIn(replayOnA)).as("a replayed code must not log anyone in: %s", replayOnA.body()).isNull();
            HttpResponse<String> sameBrowserReplay = followOn(browser, browser.get(toNode(brokerCallback, cluster.nodeA)), cluster.nodeA);
            assertThat(sameBrowserReplay.statusCode()).isLessThan(500);
            assertThat(authorizationCodeIn(sameBrowserReplay)).as("replay in the same browser yields no new code").isNull();
        } finally {
            admin.delete("realms/demo/users/" + aliceId + "/federated-identity/mtls");
        }
    }

    /** The authorization code a response hands the client, or null (an error redirect or a page). */
    private static String authorizationCodeIn(HttpResponse<String> response) {
        if (!Browser.isRedirect(response) || !Browser.location(response).toString().startsWith(REDIRECT_URI)) {
            return null;
        }
        return Browser.queryParameters(Browser.location(response)).get("code");
    }

    /** A URI that names the public hostname, sent to {@code node} instead. */
    private URI toNode(URI publicUri, ClusterNode node) {
        return URI.create(publicUri.toString().replace(cluster.publicUrl, node.baseUri().toString()));
    }

    /** Follows redirects on {@code node} (public-hostname ones rewritten to it) until the client's callback or a page. */
    private HttpResponse<String> followOn(Browser browser, HttpResponse<String> response, ClusterNode node) {
        return followOn(browser, response, node, REDIRECT_URI);
    }

    private HttpResponse<String> followOn(Browser browser, HttpResponse<String> response, ClusterNode node, String clientRedirect) {
        while (Browser.isRedirect(response)) {
            URI next = Browser.location(response);
            if (next.toString().startsWith(clientRedirect)) {
                return response;
            }
            URI onNode = toNode(next, node);
            if (onNode.getPort() != node.baseUri().getPort()) {
                return response;
            }
            response = browser.get(onNode);
        }
        return response;
    }

    @Test
    @Order(7)
    void customerOnboardedThroughNodeALogsItsUsersInThroughNodeB() throws Exception {
        AdminApi onA = new AdminApi(cluster.nodeA);
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String upstream = "upstream-" + tag;
        String domain = "cust-" + tag + ".example";
        String slug = "cust-" + tag;
        String clientRedirect = "http://127.0.0.1:3001/cb";
        HttpResponse<String> upstreamRealm = onA.post("realms", """
                        {"realm": "%s", "enabled": true,
                         "users": [{"username": "bob", "enabled": true, "email": "bob@%s", "emailVerified": true,
                                    "firstName": "Bob", "lastName": "Builder",
                                    "credentials": [{"type": "password", "value": "bob", "temporary": false}]}],
                         "clients": [{"clientId": "flatchr-broker", "secret": "broker-secret", "publicClient": false,
                                      "standardFlowEnabled": true, "redirectUris": ["*"]}]}
                        """.formatted(upstream, domain));
        assertThat(upstreamRealm.statusCode()).as(upstreamRealm.body()).isEqualTo(201);
        try {
            // the upstream realm's discovery is plain http on loopback: the flatchr realm must allow that explicitly
            com.fasterxml.jackson.databind.node.ObjectNode flatchr = (com.fasterxml.jackson.databind.node.ObjectNode) new AdminApi(cluster.nodeA).get("realms/flatchr");
            flatchr.with("attributes").put("ssoBundle.customers.allowInsecureMetadata", "true");
            HttpResponse<String> insecureAllowed = onA.put("realms/flatchr", flatchr.toString());
            assertThat(insecureAllowed.statusCode()).as(insecureAllowed.body()).isEqualTo(204);
            HttpResponse<String> onboarded = onA.post("realms/flatchr/customers", """
                            {"slug": "%s", "displayName": "Customer %s", "domains": ["%s"], "protocol": "oidc",
                             "discoveryUrl": "%s/.well-known/openid-configuration",
                             "clientId": "flatchr-broker", "clientSecret": "broker-secret"}
                            """.formatted(slug, tag, domain, cluster.nodeA.realmUri(upstream)));
            assertThat(onboarded.statusCode()).as(onboarded.body()).isEqualTo(201);

            // Everything from here on is served by node B.
            Browser browser = new Browser();
            URI authorize = URI.create(cluster.nodeB.realmUri("flatchr") + "/protocol/openid-connect/auth?client_id=flatchr-app"
                    + "&response_type=code&scope=openid&redirect_uri=" + URLEncoder.encode(clientRedirect, StandardCharsets.UTF_8));
            HttpResponse<String> identityFirst = browser.getFollowing(authorize, cluster.nodeB.baseUri());
            assertThat(identityFirst.body()).as("identity-first page").contains("kc-form-login");
            HttpResponse<String> toCustomer = followOn(browser,
                    submitForm(browser, identityFirst, cluster.nodeB, Map.of("username", "bob@" + domain)), cluster.nodeB, clientRedirect);
            assertThat(toCustomer.statusCode()).as("the customer's login page, reached by email domain: %s", toCustomer.body()).isEqualTo(200);
            assertThat(toCustomer.uri().getPath()).startsWith("/realms/" + upstream + "/");

            HttpResponse<String> back = followOn(browser,
                    submitForm(browser, toCustomer, cluster.nodeB, Map.of("username", "bob", "password", "bob")), cluster.nodeB, clientRedirect);
            assertThat(Browser.isRedirect(back) && Browser.location(back).toString().startsWith(clientRedirect))
                    .as("signed in to flatchr-app through node B: %s %s", back.statusCode(), back.body()).isTrue();
            assertThat(Browser.queryParameters(Browser.location(back))).containsKey("code");
            JsonNode user = new AdminApi(cluster.nodeB).get("realms/flatchr/users?exact=true&email=" + URLEncoder.encode("bob@" + domain, StandardCharsets.UTF_8)).get(0);
            assertThat(user.path("firstName").asText()).isEqualTo("Bob");
            assertThat(new AdminApi(cluster.nodeB).get("realms/flatchr/users/" + user.path("id").asText() + "/federated-identity").toString())
                    .contains(slug);
        } finally {
            onA.delete("realms/flatchr/customers/" + slug);
            onA.delete("realms/" + upstream);
        }
    }

    /** Submits the page's first form on {@code node}, with {@code values} over its own inputs. */
    private HttpResponse<String> submitForm(Browser browser, HttpResponse<String> page, ClusterNode node, Map<String, String> values) {
        org.jsoup.nodes.Document document = org.jsoup.Jsoup.parse(onNode(page, node).body(), node.baseUri().resolve(page.uri().getRawPath()).toString());
        org.jsoup.nodes.Element form = document.selectFirst("form#kc-form-login");
        assertThat(form).as("login form on %s:\n%s", page.uri(), page.body()).isNotNull();
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        form.select("input[name]").forEach(input -> fields.put(input.attr("name"), input.val()));
        fields.putAll(values);
        return browser.postForm(URI.create(form.absUrl("action")), fields);
    }

    /**
     * Keycloak 26 keeps authentication sessions in a distributed Infinispan cache with two owners: in a
     * two-node cluster both nodes hold every login in progress, so a login begun on a node that then
     * dies completes on the other (no "restart login", no lost form).
     */
    @Test
    @Order(10)
    void loginStartedOnACrashedNodeCompletesOnTheOther() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> loginPage = browser.getFollowing(authorize(cluster.nodeA), cluster.nodeA.baseUri());
        assertThat(loginPage.statusCode()).isEqualTo(200);
        cluster.nodeA.kill();
        try {
            HttpResponse<String> afterLogin = browser.submitLogin(onNode(loginPage, cluster.nodeB), "alice", "alice");

            assertThat(Browser.isRedirect(afterLogin) && Browser.location(afterLogin).toString().startsWith(REDIRECT_URI))
                    .as("back to the client with a code, got %s: %s", afterLogin.statusCode(), afterLogin.body()).isTrue();
            String code = Browser.queryParameters(Browser.location(afterLogin)).get("code");
            assertThat(exchangeCode(browser, cluster.nodeB.baseUri(), code).path("access_token").asText()).isNotBlank();
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
            LocalProcess.sleep(1000);
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
