package dev.ssobundle.it.cluster;

import dev.ssobundle.it.harness.LocalProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's PostgreSQL, in a throw-away data directory, listening on 127.0.0.1 only. Runs as the
 * {@code postgres} system user when the tests run as root (PostgreSQL refuses to run as root).
 * Used by the cluster tests (Keycloak's database) and the migration tests (an Encvoy ID database).
 */
public final class LocalPostgres {

    public static final String DATABASE = "keycloak";
    public static final String USER = "keycloak";
    public static final String PASSWORD = "keycloak-test";

    private final Path binaries;
    private final Path dataDir;
    private final Path socketDir;
    public final int port;

    private LocalPostgres(Path binaries, Path root) {
        this.binaries = binaries;
        this.dataDir = root.resolve("data");
        this.socketDir = root.resolve("socket");
        this.port = LocalProcess.freeLoopbackPort();
    }

    public static LocalPostgres start() {
        Path binaries = findBinaries();
        try {
            Path root = Files.createTempDirectory("kc-cluster-pg");
            LocalPostgres postgres = new LocalPostgres(binaries, root);
            Files.createDirectories(postgres.socketDir);
            chownToPostgres(root);
            postgres.run(List.of(binaries.resolve("initdb").toString(), "-D", postgres.dataDir.toString(), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--no-locale"), 120);
            postgres.startServer();
            postgres.psql("CREATE USER " + USER + " WITH PASSWORD '" + PASSWORD + "'");
            postgres.psql("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    void startServer() {
        run(List.of(binaries.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", dataDir.getParent().resolve("postgres.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + socketDir + " -c max_connections=200",
                "start"), 90);
    }

    /** Stops the postmaster by the PID in its pid file (SIGINT = fast shutdown) and waits for it. */
    void stopServer() {
        postmasterPid().ifPresent(pid -> ProcessHandle.of(pid).ifPresent(handle -> {
            run(List.of("kill", "-INT", Long.toString(pid)), 10);
            try {
                handle.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }));
    }

    public void stopAndDelete() {
        stopServer();
        try {
            LocalProcess.deleteRecursively(dataDir.getParent());
        } catch (UncheckedIOException ignored) {
            // temp files left behind are harmless
        }
    }

    private Optional<Long> postmasterPid() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            return Files.exists(pidFile) ? Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void psql(String sql) {
        psql("postgres", sql);
    }

    /** Runs SQL in {@code database} as the superuser; output (e.g. a SELECT) is returned. */
    public String psql(String database, String sql) {
        return run(List.of(binaries.resolve("psql").toString(),
                "-h", socketDir.toString(), "-p", Integer.toString(port), "-U", "postgres", "-d", database,
                "-v", "ON_ERROR_STOP=1", "-At", "-c", sql), 600);
    }

    /** A database owned by a new login role, e.g. a source database for the migration tests. */
    public String createDatabase(String database, String owner, String password) {
        psql("CREATE USER " + owner + " WITH PASSWORD '" + password + "'");
        psql("CREATE DATABASE " + database + " OWNER " + owner);
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private String run(List<String> command, int timeoutSeconds) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        return LocalProcess.runOrFail(new ProcessBuilder(full), "", Duration.ofSeconds(timeoutSeconds));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void chownToPostgres(Path root) {
        if (isRoot()) {
            LocalProcess.runOrFail(new ProcessBuilder("chown", "-R", "postgres:postgres", root.toString()), "", Duration.ofSeconds(60));
        }
    }

    private static Path findBinaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException("Debian's postgresql is required: scripts/install-test-deps.sh installs it", e);
        }
    }
}
