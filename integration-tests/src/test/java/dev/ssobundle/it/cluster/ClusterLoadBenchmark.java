package dev.ssobundle.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.BenchmarkReport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Load on the two-node cluster, bounded in time and count, loopback only. Not part of the normal
 * run (the class name does not end in IT); run it with
 * {@code scripts/benchmark-cluster.sh} ({@code -Dload.seconds=20} per phase). Prints throughput, p50/p95/p99 and errors per
 * phase, SCIM writers at Entra's documented 25 requests/s and at 4x that, and the OIDC alias next to
 * Keycloak's native endpoints, all against both nodes, with PASS/FAIL against the targets below; fails
 * (non-zero exit) on a miss, an error or a lost write.
 */
@ExtendWith(KeycloakCluster.Extension.class)
class ClusterLoadBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final KeycloakCluster cluster;
    private final int seconds = Integer.getInteger("load.seconds", 20);
    /** An open-model phase must keep up: at least this share of the offered rate, measured until the last answer. */
    static final double MIN_KEPT_RATE = 0.9;
    /** Alias and native phases run one after the other (not interleaved), so the alias gets a wider margin than in benchmark-oidc. */
    static final double MIN_ALIAS_THROUGHPUT_RATIO = 0.9;
    static final double MAX_ALIAS_USERINFO_P50_RATIO = 1.25;

    ClusterLoadBenchmark(KeycloakCluster cluster) {
        this.cluster = cluster;
    }

    /** {@code sent}: requests sent; {@code requests}: answered (a request still unanswered when the phase is given up counts as an error). */
    record Phase(String name, int sent, int requests, int errors, double seconds, double p50, double p95, double p99) {

        /** Answered with the expected status: the errors minus the requests given up unanswered. */
        int acknowledged() {
            return requests - (errors - (sent - requests));
        }
    }

    @Test
    void scimWritersAndOidcTrafficAgainstBothNodes() throws Exception {
        BenchmarkReport report = new BenchmarkReport("Cluster load: two Keycloak nodes on one PostgreSQL", "scripts/benchmark-cluster.sh",
                ClusterLoadBenchmark.class);
        List<Phase> phases = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String scimToken = clientCredentials("/protocol/openid-connect/token");

        int[] created = {0};
        int[] sent = {0};
        for (int rate : new int[] {25, 100}) {
            AtomicInteger counter = new AtomicInteger();
            Phase phase = atFixedRate("SCIM create at " + rate + " req/s (both nodes)", rate, i -> {
                int n = counter.getAndIncrement();
                return HttpRequest.newBuilder(URI.create(node(n).realmUri("demo") + "/scim/v2/Users"))
                        .header("Authorization", "Bearer " + scimToken).header("Content-Type", "application/scim+json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                                + "\"userName\":\"load-" + run + "-" + rate + "-" + n + "\",\"externalId\":\"ext-" + n + "\"}")).build();
            }, 201);
            phases.add(phase);
            created[0] += phase.acknowledged();
            sent[0] += phase.sent();
        }
        // Reference: Keycloak's own user creation at the higher rate with the same data, same nodes, same run (it tells the
        // machine's limit from the bundle's cost).
        String adminToken = new AdminApi(cluster.nodeA).accessToken();
        AtomicInteger adminCounter = new AtomicInteger();
        Phase adminApi = atFixedRate("Keycloak admin API create at 100 req/s (both nodes), reference", 100, i -> {
            int n = adminCounter.getAndIncrement();
            return HttpRequest.newBuilder(URI.create(node(n).baseUri() + "/admin/realms/demo/users"))
                    .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"adminload-" + run + "-" + n + "\",\"enabled\":true,"
                            + "\"attributes\":{\"externalId\":[\"ext-" + n + "\"]}}")).build();
        }, 201);
        phases.add(adminApi);
        JsonNode stored = AdminApi.JSON.readTree(send(HttpRequest.newBuilder(URI.create(cluster.nodeB.realmUri("demo")
                + "/scim/v2/Users?count=1&filter=" + URLEncoder.encode("userName sw \"load-" + run + "-\"", StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + clientCredentials("/protocol/openid-connect/token")).GET().build()).body());

        for (String[] endpoint : new String[][] {{"native", "/protocol/openid-connect/token"}, {"alias", "/api/oidc/token"}}) {
            phases.add(closedLoop("token (client_credentials) " + endpoint[0], 4, i -> HttpRequest.newBuilder(
                    URI.create(node(i).realmUri("demo") + endpoint[1]))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of("grant_type", "client_credentials",
                            "client_id", "scim-provisioner", "client_secret", ClusterNode.SCIM_CLIENT_SECRET, "scope", "openid")))).build()));
        }
        // Each userinfo endpoint gets a token of its own issuer (native tokens name Keycloak's issuer, alias tokens the alias).
        for (String[] endpoint : new String[][] {
                {"native", "/protocol/openid-connect/userinfo", "/protocol/openid-connect/token"},
                {"alias", "/api/oidc/me", "/api/oidc/token"}}) {
            String userToken = clientCredentials(endpoint[2]);
            phases.add(closedLoop("userinfo " + endpoint[0], 4, i -> HttpRequest.newBuilder(
                    URI.create(node(i).realmUri("demo") + endpoint[1])).header("Authorization", "Bearer " + userToken).GET().build()));
        }

        report
                .note("Loopback only, " + seconds + " s per phase, requests alternating between node A and node B. SCIM writers in an open"
                        + " model (one request every 1/rate s whatever the latency, 201 expected), then Keycloak's own admin API creating"
                        + " users the same way at 100 req/s as the machine's reference, token and userinfo traffic from 4 clients"
                        + " back to back (200 expected), the OIDC alias beside Keycloak's native endpoints in consecutive phases.")
                .columns("phase", "sent", "answered", "throughput", "p50 ms", "p95 ms", "p99 ms", "errors");
        phases.forEach(p -> report.row(p.name(), p.sent(), p.requests(), String.format("%.1f/s", p.requests() / p.seconds()),
                String.format("%.1f", p.p50()), String.format("%.1f", p.p95()), String.format("%.1f", p.p99()), p.errors()));
        int storedUsers = stored.path("totalResults").asInt();
        report.note("SCIM users acknowledged " + created[0] + " of " + sent[0] + " sent, found afterwards through node B: " + storedUsers + ".");

        report.target(phases.stream().allMatch(p -> p.errors() == 0), "no error in any phase (%d errors in all)",
                phases.stream().mapToInt(Phase::errors).sum());
        // a request given up unanswered may still have been written: stored lies between acknowledged and sent
        report.target(storedUsers >= created[0] && storedUsers <= sent[0], "no lost or invented write: %d SCIM users acknowledged, %d sent, %d stored",
                created[0], sent[0], storedUsers);
        for (Phase p : phases.subList(0, 2)) {
            double offered = p.sent() / (double) seconds;
            double kept = p.requests() / p.seconds();
            report.target(kept >= MIN_KEPT_RATE * offered, "%s: %.1f/s kept of %.1f/s offered (target >= %.0f%%)",
                    p.name(), kept, offered, MIN_KEPT_RATE * 100);
        }
        Phase scimAtHundred = phases.get(1);
        double scimVersusAdmin = (scimAtHundred.requests() / scimAtHundred.seconds()) / (adminApi.requests() / adminApi.seconds());
        report.target(scimVersusAdmin >= MIN_KEPT_RATE, "SCIM create at 100 req/s kept %.2fx what Keycloak's admin API kept at the same rate"
                + " (target >= %.2fx)", scimVersusAdmin, MIN_KEPT_RATE);
        Phase nativeToken = phases.get(3);
        Phase aliasToken = phases.get(4);
        Phase nativeUserInfo = phases.get(5);
        Phase aliasUserInfo = phases.get(6);
        double tokenRatio = (aliasToken.requests() / aliasToken.seconds()) / (nativeToken.requests() / nativeToken.seconds());
        report.target(tokenRatio >= MIN_ALIAS_THROUGHPUT_RATIO, "token throughput alias/native %.2fx (target >= %.2fx)",
                tokenRatio, MIN_ALIAS_THROUGHPUT_RATIO);
        double userInfoRatio = aliasUserInfo.p50() / nativeUserInfo.p50();
        report.target(userInfoRatio <= MAX_ALIAS_USERINFO_P50_RATIO, "userinfo p50 alias/native %.2fx (target <= %.2fx)",
                userInfoRatio, MAX_ALIAS_USERINFO_P50_RATIO);
        report.publish(Path.of("target", "cluster-benchmark.md"));
        report.assertTargetsMet();
    }

    private ClusterNode node(int i) {
        return i % 2 == 0 ? cluster.nodeA : cluster.nodeB;
    }

    private String clientCredentials(String path) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(cluster.nodeA.realmUri("demo") + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(Map.of("grant_type", "client_credentials",
                        "client_id", "scim-provisioner", "client_secret", ClusterNode.SCIM_CLIENT_SECRET, "scope", "openid")))).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AdminApi.JSON.readTree(response.body()).path("access_token").asText();
    }

    /** Open model: one request every 1/rate s for the phase's duration, whatever the latency. */
    private Phase atFixedRate(String name, int rate, IntFunction<HttpRequest> request, int expectedStatus) throws Exception {
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(32);
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        int total = rate * seconds;
        for (int i = 0; i < total; i++) {
            long due = start + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = i;
            workers.submit(() -> timed(request.apply(n), expectedStatus, latencies, errors));
        }
        workers.shutdown();
        workers.awaitTermination(2, TimeUnit.MINUTES);
        double elapsed = (System.nanoTime() - start) / 1e9;
        int answered = latencies.size();
        return summary(name, total, latencies, errors.get() + (total - answered), elapsed);
    }

    /** Closed model: {@code threads} clients sending back to back for the phase's duration. */
    private Phase closedLoop(String name, int threads, IntFunction<HttpRequest> request) throws Exception {
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger counter = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        for (int t = 0; t < threads; t++) {
            workers.submit(() -> {
                while (System.nanoTime() < end) {
                    timed(request.apply(counter.getAndIncrement()), 200, latencies, errors);
                }
            });
        }
        workers.shutdown();
        workers.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        return summary(name, latencies.size(), latencies, errors.get(), (System.nanoTime() - start) / 1e9);
    }

    private static void timed(HttpRequest request, int expectedStatus, ConcurrentLinkedQueue<Double> latencies, AtomicInteger errors) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            latencies.add((System.nanoTime() - t0) / 1e6);
            if (response.statusCode() != expectedStatus) {
                errors.incrementAndGet();
            }
        } catch (IOException | InterruptedException e) {
            latencies.add((System.nanoTime() - t0) / 1e6);
            errors.incrementAndGet();
        }
    }

    private static Phase summary(String name, int sent, ConcurrentLinkedQueue<Double> latencies, int errors, double seconds) {
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Phase(name, sent, sorted.size(), errors, seconds, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99));
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
