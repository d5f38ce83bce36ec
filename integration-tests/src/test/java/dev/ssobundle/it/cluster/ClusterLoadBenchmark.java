package dev.ssobundle.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * {@code mvn verify -Pcluster -pl integration-tests -am -Dit.test=ClusterLoadBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dload.seconds=20} per phase). Prints throughput, p50/p95/p99 and errors per phase,
 * SCIM writers at Entra's documented 25 requests/s and at 4x that, and the OIDC alias next to
 * Keycloak's native endpoints, all against both nodes; fails on any error or lost write.
 */
@ExtendWith(KeycloakCluster.Extension.class)
class ClusterLoadBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final KeycloakCluster cluster;
    private final int seconds = Integer.getInteger("load.seconds", 20);

    ClusterLoadBenchmark(KeycloakCluster cluster) {
        this.cluster = cluster;
    }

    record Phase(String name, int requests, int errors, double seconds, double p50, double p95, double p99) {

        String row() {
            return String.format("%-44s %7d %8.1f/s %8.1f %8.1f %8.1f %6d", name, requests, requests / seconds, p50, p95, p99, errors);
        }
    }

    @Test
    void scimWritersAndOidcTrafficAgainstBothNodes() throws Exception {
        List<Phase> phases = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String scimToken = clientCredentials("/protocol/openid-connect/token");

        int[] created = {0};
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
            created[0] += phase.requests() - phase.errors();
        }
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

        StringBuilder report = new StringBuilder(String.format("%-44s %7s %10s %8s %8s %8s %6s%n",
                "phase (" + seconds + " s each, 2 nodes)", "reqs", "throughput", "p50 ms", "p95 ms", "p99 ms", "errors"));
        phases.forEach(p -> report.append(p.row()).append('\n'));
        report.append(String.format("SCIM users acknowledged %d, stored %d%n", created[0], stored.path("totalResults").asInt()));
        Path out = Path.of(System.getProperty("test.work.dir")).resolve("cluster-load.txt");
        Files.writeString(out, report);
        org.jboss.logging.Logger.getLogger(ClusterLoadBenchmark.class).info("\n" + report);

        assertThat(phases).allSatisfy(p -> assertThat(p.errors()).as(p.name()).isZero());
        assertThat(stored.path("totalResults").asInt()).as("no lost writes").isEqualTo(created[0]);
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
        return summary(name, latencies, errors.get(), (System.nanoTime() - start) / 1e9);
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
        return summary(name, latencies, errors.get(), (System.nanoTime() - start) / 1e9);
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

    private static Phase summary(String name, ConcurrentLinkedQueue<Double> latencies, int errors, double seconds) {
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Phase(name, sorted.size(), errors, seconds, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99));
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
