package dev.ssobundle.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keycloak from the official distribution zip (unpacked by Maven under {@code target/}), with the
 * bundle JAR in {@code providers/} and every realm export in {@code data/import/}, exactly as an
 * admin installs it. Started once per test run on free loopback ports and stopped by PID.
 */
final class DistributionKeycloak implements KeycloakServer {

    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "admin";
    /** Generous: on a loaded 2-core machine Keycloak's first start (augmentation, schema, import) takes minutes. */
    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(
            Long.getLong("keycloak.startup.timeout.minutes", Long.getLong("keycloak.startup.minutes", Long.getLong("keycloak.startupMinutes", 15))));
    /**
     * Keycloak's preview SCIM API is switched on (on the lines that have it, 26.6+) so that every SCIM
     * test also proves the bundle's endpoint takes precedence over it at the same path (an admin may
     * enable both).
     */
    static final List<String> PREVIEW_FEATURES = ServerVersion.hasPreviewScim() ? List.of("--features=scim-api") : List.of();

    private final Path home;
    private final Path log;
    private final Path buildLog;
    private final int httpPort;
    private final int managementPort;
    private Process process;

    private DistributionKeycloak(Path home, Path workDir) {
        this.home = home;
        this.log = workDir.resolve("keycloak.log");
        this.buildLog = workDir.resolve("kc-build.log");
        this.httpPort = freeLoopbackPort();
        this.managementPort = freeLoopbackPort();
    }

    static DistributionKeycloak start() {
        Path home = Path.of(required("keycloak.home"));
        Path workDir = Path.of(required("test.work.dir"));
        DistributionKeycloak server = new DistributionKeycloak(home, workDir);
        try {
            Files.createDirectories(workDir);
            server.install(Path.of(required("bundle.jar")), Path.of(required("realm.exports.dir")));
            server.build();
            server.launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return server;
    }

    /** Fresh data each run: the H2 database and transaction logs of a previous run are removed. */
    private void install(Path bundleJar, Path realmExports) throws IOException {
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at " + home + " (run through Maven: mvn verify)");
        }
        if (!Files.isRegularFile(bundleJar)) {
            throw new IllegalStateException("Bundle JAR not built: " + bundleJar);
        }
        Path providers = home.resolve("providers");
        Files.createDirectories(providers);
        try (Stream<Path> old = Files.list(providers)) {
            for (Path jar : old.filter(p -> p.getFileName().toString().startsWith("keycloak-sso-bundle-")).toList()) {
                Files.delete(jar);
            }
        }
        Files.copy(bundleJar, providers.resolve(bundleJar.getFileName()));

        Path data = home.resolve("data");
        deleteRecursively(data);
        Path imports = Files.createDirectories(data.resolve("import"));
        try (Stream<Path> exports = Files.list(realmExports)) {
            for (Path export : exports.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.copy(export, imports.resolve(export.getFileName()));
            }
        }
    }

    /** {@code kc.sh build} as an admin runs it after dropping the JAR in; its output is kept for tests. */
    private void build() throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("build", "--db=dev-file"));
        args.addAll(PREVIEW_FEATURES);
        Process build = command(args.toArray(String[]::new)).redirectOutput(buildLog.toFile()).start();
        if (!build.waitFor(STARTUP_TIMEOUT.toMinutes(), TimeUnit.MINUTES) || build.exitValue() != 0) {
            build.destroyForcibly();
            throw new IllegalStateException("kc.sh build of Keycloak " + ServerVersion.underTest() + " failed:\n" + tail(buildLog, 60));
        }
    }

    private void launch() throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("start-dev", "--import-realm"));
        args.addAll(PREVIEW_FEATURES);
        args.addAll(List.of("--http-host=127.0.0.1", "--http-port=" + httpPort,
                "--http-management-port=" + managementPort, "--health-enabled=true"));
        process = command(args.toArray(String[]::new)).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "keycloak-stop"));

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak " + ServerVersion.underTest() + " exited with " + process.exitValue() + " during start-up:\n" + tail(log, 80));
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        stop();
        throw new IllegalStateException("Keycloak " + ServerVersion.underTest() + " not ready after " + STARTUP_TIMEOUT + ":\n" + tail(log, 80));
    }

    private ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        return builder;
    }

    /** SIGTERM to kc.sh and the JVM it started, by PID; killed if still alive after 30 s. */
    synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception notStopped) {
                handle.destroyForcibly();
            }
        }
    }

    String buildLog() {
        return read(buildLog);
    }

    @Override
    public String log() {
        return read(log);
    }

    @Override
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    @Override
    public String adminUsername() {
        return ADMIN_USER;
    }

    @Override
    public String adminPassword() {
        return ADMIN_PASSWORD;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(Path file, int lines) {
        List<String> all = read(file).lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: run the tests through Maven (mvn verify)");
        }
        return value;
    }
}
