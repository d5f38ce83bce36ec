package dev.ssobundle.it.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.it.cluster.LocalPostgres;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.BenchmarkReport;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Migration throughput and memory: {@code bench.users} Encvoy users (default 100,000; all with a
 * bcrypt password written by Node's bcrypt, a third with TOTP) migrated by scripts/migrate-encvoy.sh
 * into a fresh realm of the test Keycloak on this machine. Compared in the same run with Keycloak's
 * own one-user-per-call admin endpoint ({@code POST /users}, same representation) on a sample.
 * Targets: ≥ {@value #TARGET_USERS_PER_SECOND} users/s; flat memory (heap live after GC at the end
 * at most 1.5× that at a tenth of the run, + 16 MiB). Not part of the normal run:
 * {@code scripts/benchmark-migration.sh [-Dbench.users=N]}.
 */
@ExtendWith(KeycloakExtension.class)
class EncvoyMigrationBenchmark {

    static final int TARGET_USERS_PER_SECOND = 300;
    private static final int DISTINCT_HASHES = 40;
    private static final int BASELINE_SAMPLE = 200;
    /** The command's defaults (MigrationOptions), printed with the figures. */
    private static final int DEFAULT_BATCH_SIZE = 25;
    private static final int DEFAULT_THREADS = 2;

    private final KeycloakServer server;
    private final AdminApi admin;

    EncvoyMigrationBenchmark(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @Test
    void migratesAtTargetSpeedInFlatMemory() throws IOException {
        int users = Integer.getInteger("bench.users", 100_000);
        Path work = Files.createDirectories(Path.of(System.getProperty("test.work.dir", "target/it-work")).resolve("migration-bench"));
        BenchmarkReport report = new BenchmarkReport("Encvoy migration benchmark", "scripts/benchmark-migration.sh", EncvoyMigrationBenchmark.class);
        LocalPostgres postgres = LocalPostgres.start();
        String realm = "bench-" + Long.toHexString(System.nanoTime());
        try {
            String url = postgres.createDatabase("encvoy", "encvoy_reader", "encvoy-test");
            postgres.psql("encvoy", Files.readString(Path.of("src/test/resources/migration/encvoy-schema.sql")));
            // Hashing is not the migration's work (it copies hashes): a few Node-made hashes are shared.
            List<String> hashes = NodeBcrypt.hashAll(IntStream.range(0, DISTINCT_HASHES).mapToObj(i -> "password-" + i).toList(), 10);
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < hashes.size(); i++) {
                values.append(i == 0 ? "" : ",").append("(").append(i).append(",'").append(hashes.get(i)).append("')");
            }
            postgres.psql("encvoy", """
                    CREATE TEMP TABLE hashes(n int, h text); INSERT INTO hashes VALUES %s;
                    INSERT INTO "User"(id, login, email, email_verified, given_name, family_name, hashed_password, locale)
                      SELECT g, 'user' || g, 'user' || g || '@bench.example', true, 'Given' || g, 'Family' || g,
                        (SELECT h FROM hashes WHERE n = g %% %d), 'en'
                      FROM generate_series(1, %d) g;
                    INSERT INTO "ExternalAccount"(user_id, type, sub, rest_info)
                      SELECT g, 'TOTP', 'totp_' || g, jsonb_build_object('secret',
                        translate(upper(substr(md5(g::text), 1, 32)), '0189', '2345'), 'digits', 6, 'period', 30,
                        'algorithm', 'sha1', 'enabled', true)
                      FROM generate_series(3, %d, 3) g;
                    GRANT SELECT ON ALL TABLES IN SCHEMA public TO encvoy_reader;
                    """.formatted(values, DISTINCT_HASHES, users, users));
            createRealm(realm);

            double baseline = postUsersOneByOne(realm, hashes.get(0));

            List<String> arguments = MigrationCommand.arguments(url, "encvoy_reader", "encvoy-test", server, realm);
            Path reportFile = work.resolve("report.json");
            arguments.addAll(List.of("--report", reportFile.toString()));
            String loadAtStart = BenchmarkReport.loadAverage();
            MigrationCommand.Result run = MigrationCommand.run(arguments, "-Xmx256m", 120);
            String loadAtEnd = BenchmarkReport.loadAverage();
            assertThat(run.exitCode()).as(run.output()).isZero();
            JsonNode commandReport = AdminApi.JSON.readTree(reportFile.toFile());
            JsonNode figures = commandReport.path("figures");
            JsonNode counts = commandReport.path("counts");

            double seconds = figures.path("seconds").asDouble();
            double rate = figures.path("usersPerSecond").asDouble();
            long peakAfterGc = figures.path("peakHeapAfterGcBytes").asLong();
            long atTenth = figures.path("peakHeapAfterGcAtTenthBytes").asLong();
            long peakUsed = figures.path("peakHeapUsedBytes").asLong();
            boolean flat = peakAfterGc <= atTenth * 1.5 + 16 * 1024 * 1024;
            int inRealm = admin.get("realms/" + realm + "/users/count").asInt();
            report
                    .note(String.format("%d users (bcrypt hashes, a third with TOTP) from Debian's PostgreSQL into Keycloak's dev-file H2 through"
                            + " scripts/migrate-encvoy.sh with its defaults (--batch-size %d, --threads %d), command run with -Xmx256m."
                            + " Load average at the migration's start %s, at its end %s.", users, DEFAULT_BATCH_SIZE, DEFAULT_THREADS, loadAtStart, loadAtEnd))
                    .columns("measure", "value")
                    .row("time", String.format("%.1f s", seconds))
                    .row("migrated", String.format("%d users (%d OTP credentials); %d users in the realm afterwards (with the %d-user baseline sample)",
                            counts.path("users.created").asLong(), counts.path("otpCredentials.created").asLong(), inRealm, BASELINE_SAMPLE))
                    .row("throughput", String.format("%.0f users/s", rate))
                    .row("Keycloak POST /users, same run", String.format("%.0f users/s (one call per user, %d-user sample)", baseline, BASELINE_SAMPLE))
                    .row("ratio migration / POST /users", String.format("%.1f×", rate / baseline))
                    .row("heap live after GC", String.format("%.1f MiB at the end, %.1f MiB at a tenth", peakAfterGc / 1048576.0, atTenth / 1048576.0))
                    .row("peak heap used", String.format("%.1f MiB (of 256 MiB max)", peakUsed / 1048576.0));
            report.target(counts.path("users.created").asInt() == users && inRealm == users + BASELINE_SAMPLE,
                    "every user migrated exactly once: %d created of %d, %d in the realm (expected %d)",
                    counts.path("users.created").asInt(), users, inRealm, users + BASELINE_SAMPLE);
            report.target(rate >= TARGET_USERS_PER_SECOND, "throughput %.0f users/s (target >= %d)", rate, TARGET_USERS_PER_SECOND);
            report.target(flat, "flat memory: live heap after GC %.1f MiB at the end vs %.1f MiB at a tenth (target <= 1.5x + 16 MiB)",
                    peakAfterGc / 1048576.0, atTenth / 1048576.0);
            report.publish(Path.of("target", "migration-benchmark.md"));
            report.assertTargetsMet();
        } finally {
            admin.delete("realms/" + realm);
            postgres.stopAndDelete();
        }
    }

    private void createRealm(String realm) {
        ObjectNode rep = AdminApi.JSON.createObjectNode().put("realm", realm).put("enabled", true);
        HttpResponse<String> created = admin.post("realms", rep.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    /**
     * Keycloak's own path for one user with an imported hash, as a tool without partial import would call it:
     * one admin token reused for the calls (renewed every 30 s, as the command does), so that the figure is
     * the cost of {@code POST /users} and not of the admin's password login.
     */
    private double postUsersOneByOne(String realm, String hash) {
        HttpClient http = HttpClient.newHttpClient();
        String token = admin.accessToken();
        long tokenAt = System.nanoTime();
        long start = System.nanoTime();
        List<Integer> failures = new ArrayList<>();
        for (int i = 0; i < BASELINE_SAMPLE; i++) {
            if (System.nanoTime() - tokenAt > 30_000_000_000L) {
                token = admin.accessToken();
                tokenAt = System.nanoTime();
            }
            ObjectNode user = AdminApi.JSON.createObjectNode().put("username", "baseline" + i).put("enabled", true)
                    .put("email", "baseline" + i + "@bench.example").put("firstName", "Base").put("lastName", "Line");
            user.putArray("credentials").addObject().put("type", "password")
                    .put("credentialData", "{\"hashIterations\":10,\"algorithm\":\"bcrypt\",\"additionalParameters\":{}}")
                    .put("secretData", "{\"value\":\"" + hash + "\",\"salt\":\"\",\"additionalParameters\":{}}");
            try {
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(admin.adminUri("realms/" + realm + "/users"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(user.toString())).build(), HttpResponse.BodyHandlers.ofString());
                if (created.statusCode() != 201) {
                    failures.add(created.statusCode());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        assertThat(failures).isEmpty();
        return BASELINE_SAMPLE / ((System.nanoTime() - start) / 1e9);
    }
}
