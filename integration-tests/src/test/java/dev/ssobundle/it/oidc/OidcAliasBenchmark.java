package dev.ssobundle.it.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.BenchmarkReport;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Targets are held below; the report (PASS/FAIL per target) goes to {@code integration-tests/target/oidc-benchmark.md}
 * and, with {@code -Dbench.results=<file>}, to the results page the docs link to.
 */
@ExtendWith(KeycloakExtension.class)
class OidcAliasBenchmark {

    private static final int THREADS = Integer.getInteger("bench.threads", 4);
    private static final long ROUND_MILLIS = Long.getLong("bench.roundMillis", 4000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int LATENCY_SAMPLES = Integer.getInteger("bench.latencySamples", 400);
    /** The alias is a thin layer over Keycloak's own token endpoint: it may cost at most 5 % of its throughput. */
    static final double MIN_THROUGHPUT_RATIO = 0.95;
    /** /me adds the Encvoy claims to Keycloak's userinfo: at most a quarter more time per call. */
    static final double MAX_USERINFO_P50_RATIO = 1.25;

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

        BenchmarkReport report = new BenchmarkReport("OIDC alias benchmark: /api/oidc versus Keycloak's native endpoints",
                "scripts/benchmark-oidc.sh", OidcAliasBenchmark.class)
                .note("Same Keycloak, same run: " + THREADS + " threads, " + ROUNDS + " interleaved rounds of " + ROUND_MILLIS
                        + " ms per throughput row after a warm-up round each; " + LATENCY_SAMPLES + " interleaved sequential userinfo calls."
                        + " Every answer is checked: 200 with an access token (token rows), the user's own `sub` (userinfo).")
                .columns("measure", "native", "alias", "alias / native");

        double[] cc = compareThroughput(
                thread -> () -> expectAccessToken(post(URI.create(nativeBase + "/token"), clientCredentials)),
                thread -> () -> expectAccessToken(post(URI.create(aliasBase + "/token"), clientCredentials)));
        throughputRow(report, "client_credentials (req/s)", cc);

        String[] nativeRefresh = new String[THREADS];
        String[] aliasRefresh = new String[THREADS];
        for (int i = 0; i < THREADS; i++) {
            nativeRefresh[i] = field(expectOk(post(URI.create(nativeBase + "/token"), password)), "refresh_token");
            aliasRefresh[i] = field(expectOk(post(URI.create(aliasBase + "/token"), password)), "refresh_token");
        }
        double[] refresh = compareThroughput(
                thread -> () -> expectAccessToken(post(URI.create(nativeBase + "/token"), refreshGrant(clientId, nativeRefresh[thread]))),
                thread -> () -> expectAccessToken(post(URI.create(aliasBase + "/token"), refreshGrant(clientId, aliasRefresh[thread]))));
        throughputRow(report, "refresh_token (req/s)", refresh);

        String nativeAccess = field(expectOk(post(URI.create(nativeBase + "/token"), password)), "access_token");
        String aliasAccess = field(expectOk(post(URI.create(aliasBase + "/token"), password)), "access_token");
        double[][] latency = compareLatency(URI.create(nativeBase + "/userinfo"), nativeAccess, URI.create(aliasBase + "/me"), aliasAccess);
        report.row("userinfo p50 (ms)", fmt(latency[0][0]), fmt(latency[1][0]), ratio(latency[1][0] / latency[0][0]));
        report.row("userinfo p95 (ms)", fmt(latency[0][1]), fmt(latency[1][1]), ratio(latency[1][1] / latency[0][1]));

        report.target(cc[1] / cc[0] >= MIN_THROUGHPUT_RATIO, "client_credentials throughput alias/native %.2fx (target >= %.2fx)",
                cc[1] / cc[0], MIN_THROUGHPUT_RATIO);
        report.target(refresh[1] / refresh[0] >= MIN_THROUGHPUT_RATIO, "refresh_token throughput alias/native %.2fx (target >= %.2fx)",
                refresh[1] / refresh[0], MIN_THROUGHPUT_RATIO);
        report.target(latency[1][0] / latency[0][0] <= MAX_USERINFO_P50_RATIO, "userinfo p50 alias/native %.2fx (target <= %.2fx)",
                latency[1][0] / latency[0][0], MAX_USERINFO_P50_RATIO);
        report.publish(Path.of("target", "oidc-benchmark.md"));

        String id = admin.get("realms/demo/clients?clientId=" + clientId).path(0).path("id").asText();
        admin.delete("realms/demo/clients/" + id);
        report.assertTargetsMet();
    }

    private static void throughputRow(BenchmarkReport report, String label, double[] nativeAndAlias) {
        report.row(label, fmt(nativeAndAlias[0]), fmt(nativeAndAlias[1]), ratio(nativeAndAlias[1] / nativeAndAlias[0]));
    }

    private static String fmt(double value) {
        return String.format("%.1f", value);
    }

    private static String ratio(double value) {
        return String.format("%.2f×", value);
    }

    /** A token answer counts only when it carries an access token. */
    private static void expectAccessToken(HttpResponse<String> response) {
        if (field(expectOk(response), "access_token").isEmpty()) {
            throw new IllegalStateException(response.uri() + " answered 200 without an access token: " + response.body());
        }
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
        // Each side's subject as its first answer gives it (the alias may keep an Encvoy sub); every later answer must repeat it.
        String nativeSub = field(expectOk(send(nativeRequest.apply(nativeUri))), "sub");
        String aliasSub = field(expectOk(send(aliasRequest.apply(aliasUri))), "sub");
        if (nativeSub.isEmpty() || aliasSub.isEmpty()) {
            throw new IllegalStateException("userinfo answered without a subject");
        }
        for (int i = 0; i < 50; i++) {
            expectOk(send(nativeRequest.apply(nativeUri)));
            expectOk(send(aliasRequest.apply(aliasUri)));
        }
        double[] nativeMs = new double[LATENCY_SAMPLES];
        double[] aliasMs = new double[LATENCY_SAMPLES];
        for (int i = 0; i < LATENCY_SAMPLES; i++) {
            long start = System.nanoTime();
            HttpResponse<String> nativeAnswer = expectOk(send(nativeRequest.apply(nativeUri)));
            nativeMs[i] = (System.nanoTime() - start) / 1e6;
            if (!nativeSub.equals(field(nativeAnswer, "sub"))) {
                throw new IllegalStateException("native userinfo answered another subject: " + nativeAnswer.body());
            }
            start = System.nanoTime();
            HttpResponse<String> alias = expectOk(send(aliasRequest.apply(aliasUri)));
            aliasMs[i] = (System.nanoTime() - start) / 1e6;
            if (!aliasSub.equals(field(alias, "sub"))) {
                throw new IllegalStateException("alias /me answered another subject: " + alias.body());
            }
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
