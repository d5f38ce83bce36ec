package dev.ssobundle.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code kc.sh} of one Keycloak home, as every test server runs it (the shared server, a standalone
 * one, a cluster node): the bootstrap admin in the environment, {@code build} as a one-shot run, and
 * a server bound to 127.0.0.1 on the given ports, ready once {@code /health/ready} answers 200.
 */
public final class KeycloakLauncher {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private final Path home;
    private final Map<String, String> environment;

    /** {@code environment} is added to kc.sh's (e.g. realm-import placeholders). */
    public KeycloakLauncher(Path home, Map<String, String> environment) {
        this.home = home;
        this.environment = new LinkedHashMap<>(environment);
    }

    public Path home() {
        return home;
    }

    /** {@code kc.sh build <args>} (as an admin runs it after dropping the JAR in), its output in {@code log}. */
    public void build(List<String> args, Path log, Duration timeout) {
        List<String> command = new ArrayList<>(List.of("build"));
        command.addAll(args);
        LocalProcess build = LocalProcess.launch("kc.sh build", kcSh(command), log, false);
        build.awaitExit(timeout);
    }

    /**
     * {@code kc.sh <args>} plus {@code --http-host=127.0.0.1}, the ports and the health endpoint; returns
     * once ready (fails with the log's tail if it exits or is not ready within {@code timeout}).
     */
    public LocalProcess start(String name, List<String> args, int httpPort, int managementPort, Path log, boolean appendLog,
            Duration timeout) {
        List<String> command = new ArrayList<>(args);
        command.addAll(List.of("--http-host=127.0.0.1", "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                "--health-enabled=true"));
        LocalProcess server = LocalProcess.launch(name, kcSh(command), log, appendLog);
        server.awaitReady(timeout, LocalProcess.answers200(URI.create("http://127.0.0.1:" + managementPort + "/health/ready")));
        return server;
    }

    private ProcessBuilder kcSh(List<String> args) {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().putAll(environment);
        return builder;
    }

    /**
     * The bundle as an admin installs it: this build's JAR alone in {@code providers/} (an older one
     * removed) and every realm export in {@code data/import/}.
     */
    public static void installBundle(Path home, Path bundleJar, Path realmExports) {
        if (!Files.isRegularFile(bundleJar)) {
            throw new IllegalStateException("Bundle JAR not built: " + bundleJar);
        }
        try {
            Path providers = Files.createDirectories(home.resolve("providers"));
            try (Stream<Path> old = Files.list(providers)) {
                for (Path jar : old.filter(p -> p.getFileName().toString().startsWith("keycloak-sso-bundle-")).toList()) {
                    Files.delete(jar);
                }
            }
            Files.copy(bundleJar, providers.resolve(bundleJar.getFileName()));
            Path imports = Files.createDirectories(home.resolve("data/import"));
            try (Stream<Path> exports = Files.list(realmExports)) {
                for (Path export : exports.filter(p -> p.toString().endsWith(".json")).toList()) {
                    Files.copy(export, imports.resolve(export.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of a Keycloak home without its {@code data/} (database, imports), for a server of its own. */
    public static void copyDistribution(Path distribution, Path home) {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
