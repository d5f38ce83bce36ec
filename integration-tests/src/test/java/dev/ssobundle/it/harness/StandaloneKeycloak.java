package dev.ssobundle.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second, short-lived Keycloak for the one test class that needs start options the run's shared
 * server does not have (production mode, {@code --proxy-headers}): its own copy of the distribution
 * (without {@code data/}), the bundle JAR and the realm exports, on free loopback ports, stopped by PID
 * when the class closes it. The copy leaves the shared server's distribution untouched, since
 * {@code kc.sh} re-augments a distribution whose build options differ.
 */
public final class StandaloneKeycloak implements KeycloakServer, AutoCloseable {

    private final Path home;
    private final Path log;
    private final int httpPort = freePort();
    private final int managementPort = freePort();
    private final Map<String, String> environment;
    private Process process;

    private StandaloneKeycloak(Path home, Path log, Map<String, String> environment) {
        this.home = home;
        this.log = log;
        this.environment = environment;
    }

    /**
     * Copies and starts Keycloak: {@code kc.sh <command...> --import-realm} plus the loopback ports and
     * health endpoint. {@code environment} is added to kc.sh's (e.g. realm-import placeholders).
     */
    /**
     * The shared server's preview features ({@code scim-api} on the lines that have it, 26.6+), for a
     * command that should run the same server image: 26.4/26.5 refuse the unknown feature name.
     */
    public static List<String> previewFeatures() {
        return DistributionKeycloak.PREVIEW_FEATURES;
    }

    public static StandaloneKeycloak start(String name, List<String> command, Map<String, String> environment) {
        Path work = Path.of(DistributionKeycloak.required("test.work.dir")).resolve(name + "-" + UUID.randomUUID());
        StandaloneKeycloak server = new StandaloneKeycloak(work.resolve("keycloak"), work.resolve("keycloak.log"), environment);
        try {
            server.install(Path.of(DistributionKeycloak.required("keycloak.home")), Path.of(DistributionKeycloak.required("bundle.jar")),
                    Path.of(DistributionKeycloak.required("realm.exports.dir")));
            server.launch(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void install(Path distribution, Path bundleJar, Path realmExports) throws IOException {
        try (Stream<Path> walk = Files.walk(distribution)) {
            for (Path source : walk.toList()) {
                Path relative = distribution.relativize(source);
                if (relative.startsWith("data")) {
                    continue;
                }
                Path target = home.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        try (Stream<Path> providers = Files.list(home.resolve("providers"))) {
            for (Path jar : providers.filter(p -> p.getFileName().toString().startsWith("keycloak-sso-bundle-")).toList()) {
                Files.delete(jar);
            }
        }
        Files.copy(bundleJar, home.resolve("providers").resolve(bundleJar.getFileName()));
        Path imports = Files.createDirectories(home.resolve("data/import"));
        try (Stream<Path> exports = Files.list(realmExports)) {
            for (Path export : exports.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.copy(export, imports.resolve(export.getFileName()));
            }
        }
    }

    private void launch(List<String> command) throws IOException {
        List<String> args = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString()));
        args.addAll(command);
        args.addAll(List.of("--import-realm", "--http-host=127.0.0.1", "--http-port=" + httpPort,
                "--http-management-port=" + managementPort, "--health-enabled=true"));
        ProcessBuilder builder = new ProcessBuilder(args).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", DistributionKeycloak.ADMIN_USER);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", DistributionKeycloak.ADMIN_PASSWORD);
        builder.environment().putAll(environment);
        process = builder.start();

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        // It re-augments its copy first; a loaded machine can take long (the shared server's timeout applies).
        Duration timeout = DistributionKeycloak.STARTUP_TIMEOUT;
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak (" + String.join(" ", command) + ") exited with " + process.exitValue()
                        + ":\n" + DistributionKeycloak.tail(log, 80));
            }
            try {
                if (client.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Keycloak not ready in " + timeout + ":\n" + DistributionKeycloak.tail(log, 80));
    }

    /** SIGTERM to kc.sh and the JVM it started, by PID; killed if still alive after 30 s. Its copy is deleted. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
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
        try (Stream<Path> walk = Files.exists(home) ? Files.walk(home) : Stream.empty()) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException leftBehind) {
            // only disk space under target/
        }
    }

    @Override
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    @Override
    public String adminUsername() {
        return DistributionKeycloak.ADMIN_USER;
    }

    @Override
    public String adminPassword() {
        return DistributionKeycloak.ADMIN_PASSWORD;
    }

    @Override
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
