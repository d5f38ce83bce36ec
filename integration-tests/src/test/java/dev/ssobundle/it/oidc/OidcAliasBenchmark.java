package dev.ssobundle.it.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Benchmark, not a test (its name does not end in IT, so {@code mvn verify} skips it). Run it with
 * {@code scripts/benchmark-oidc.sh}: same Keycloak, same run, alias versus Keycloak's native
 * endpoints, rounds interleaved so that JIT warm-up and background load hit both alike.
 * Writes {@code integration-tests/target/oidc-benchmark.txt}.
 */
@ExtendWith(KeycloakExtension.class)
class OidcAliasBenchmark {

    private static final int THREADS = Integer.getInteger("bench.threads", 4);
    private static final long ROUND_MILLIS = Long.getLong("bench.roundMillis", 4000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int LATENCY_SAMPLES = Integer.getInteger("bench.latencySamples", 400);

    private final KeycloakServer server;
    private final AdminApi admin;
    private final HttpClient http = HttpClient.newHttpClient();

    OidcAliasBenchmark(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @Test
    void aliasVersusNative() throws Exception {
        String clientId = "oidc-bench-" + UUID.randomUUID();
        HttpResponse<String> created = admin.post("realms/demo/clients", AdminApi.JSON.writeValueAsString(Map.of("clientId", clientId, "secret", "bench-secret",
                        "publicClient", false, "standardFlowEnabled", false, "serviceAccountsEnabled", true, "directAccessGrantsEnabled", true)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        URI nativeBase = URI.create(server.realmUri("demo") + "/protocol/openid-connect");
        URI aliasBase = EncvoyApi.base(server);
        Map<String, String> clientCredentials = Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", "bench-secret");
        Map<String, String> password = Map.of("grant_type", "password", "client_id", clientId, "client_secret", "bench-secret",
                "username", "alice", "password", "alice", "scope", "openid");

        StringBuilder report = new StringBuilder("OIDC alias benchmark (same Keycloak, same run): ")
                .append(THREADS).append(" threads, ").append(ROUNDS).append(" interleaved rounds of ").append(ROUND_MILLIS).append(" ms\n");

        double[] cc = compareThroughput(
                thread -> () -> expectOk(post(URI.create(nativeBase + "/token"), clientCredentials)),
                thread -> () -> expectOk(post(URI.create(aliasBase + "/token"), clientCredentials)));
        report.append(line("client_credentials throughput (req/s)", cc));

        String[] nativeRefresh = new String[THREADS];
        String[] aliasRefresh = new String[THREADS];
        for (int i = 0; i < THREADS; i++) {
            nativeRefresh[i] = field(expectOk(post(URI.create(nativeBase + "/token"), password)), "refresh_token");
            aliasRefresh[i] = field(expectOk(post(URI.create(aliasBase + "/token"), password)), "refresh_token");
        }
        double[] refresh = compareThroughput(
                thread -> () -> expectOk(post(URI.create(nativeBase + "/token"), refreshGrant(clientId, nativeRefresh[thread]))),
                thread -> () -> expectOk(post(URI.create(aliasBase + "/token"), refreshGrant(clientId, aliasRefresh[thread]))));
        report.append(line("refresh_token throughput (req/s)", refresh));

        String nativeAccess = field(expectOk(post(URI.create(nativeBase + "/token"), password)), "access_token");
        String aliasAccess = field(expectOk(post(URI.create(aliasBase + "/token"), password)), "access_token");
        double[][] latency = compareLatency(URI.create(nativeBase + "/userinfo"), nativeAccess, URI.create(aliasBase + "/me"), aliasAccess);
        report.append(String.format("userinfo latency median ms: native %.2f, alias %.2f, ratio alias/native %.2f%n",
                latency[0][0], latency[1][0], latency[1][0] / latency[0][0]));
        report.append(String.format("userinfo latency p95 ms:    native %.2f, alias %.2f, ratio alias/native %.2f%n",
                latency[0][1], latency[1][1], latency[1][1] / latency[0][1]));
        report.append("target: alias >= 0.95 x native throughput\n");

        Path out = Path.of("target", "oidc-benchmark.txt");
        Files.writeString(out, report);

        String id = admin.get("realms/demo/clients?clientId=" + clientId).path(0).path("id").asText();
        admin.delete("realms/demo/clients/" + id);
    }

    private static String line(String label, double[] nativeAndAlias) {
        return String.format("%-40s native %8.1f, alias %8.1f, ratio alias/native %.3f%n", label, nativeAndAlias[0], nativeAndAlias[1],
                nativeAndAlias[1] / nativeAndAlias[0]);
    }

    private static Map<String, String> refreshGrant(String clientId, String refreshToken) {
        return Map.of("grant_type", "refresh_token", "client_id", clientId, "client_secret", "bench-secret", "refresh_token", refreshToken);
    }

    /** Warm-up round for each side, then interleaved measured rounds; returns {native, alias} requests per second. */
    private double[] compareThroughput(IntFunction<Runnable> nativeCall, IntFunction<Runnable> aliasCall) throws Exception {
        run(nativeCall, ROUND_MILLIS / 2);
        run(aliasCall, ROUND_MILLIS / 2);
        long nativeCount = 0;
        long aliasCount = 0;
        for (int round = 0; round < ROUNDS; round++) {
            if (round % 2 == 0) {
                nativeCount += run(nativeCall, ROUND_MILLIS);
                aliasCount += run(aliasCall, ROUND_MILLIS);
            } else {
                aliasCount += run(aliasCall, ROUND_MILLIS);
                nativeCount += run(nativeCall, ROUND_MILLIS);
            }
        }
        double seconds = ROUNDS * ROUND_MILLIS / 1000.0;
        return new double[] {nativeCount / seconds, aliasCount / seconds};
    }

    private long run(IntFunction<Runnable> call, long millis) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicLong count = new AtomicLong();
        long deadline = System.nanoTime() + millis * 1_000_000;
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Runnable request = call.apply(t);
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        request.run();
                        count.incrementAndGet();
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return count.get();
    }

    /** {median, p95} in milliseconds for {native, alias}, sequential requests, samples interleaved. */
    private double[][] compareLatency(URI nativeUri, String nativeToken, URI aliasUri, String aliasToken) {
        Function<URI, HttpRequest> nativeRequest = uri -> HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + nativeToken).GET().build();
        Function<URI, HttpRequest> aliasRequest = uri -> HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + aliasToken).GET().build();
        for (int i = 0; i < 50; i++) {
            expectOk(send(nativeRequest.apply(nativeUri)));
            expectOk(send(aliasRequest.apply(aliasUri)));
        }
        double[] nativeMs = new double[LATENCY_SAMPLES];
        double[] aliasMs = new double[LATENCY_SAMPLES];
        for (int i = 0; i < LATENCY_SAMPLES; i++) {
            long start = System.nanoTime();
            expectOk(send(nativeRequest.apply(nativeUri)));
            nativeMs[i] = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            expectOk(send(aliasRequest.apply(aliasUri)));
            aliasMs[i] = (System.nanoTime() - start) / 1e6;
        }
        return new double[][] {percentiles(nativeMs), percentiles(aliasMs)};
    }

    private static double[] percentiles(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new double[] {sorted[sorted.length / 2], sorted[(int) Math.floor(sorted.length * 0.95)]};
    }

    private HttpResponse<String> post(URI uri, Map<String, String> form) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(AdminApi.form(form))).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> expectOk(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.uri() + " -> " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private static String field(HttpResponse<String> response, String name) {
        return EncvoyApi.json(response).path(name).asText();
    }
}
