package dev.ssobundle.it.harness;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keycloak from the official distribution zip (unpacked by Maven under {@code target/}), with the
 * bundle JAR in {@code providers/} and every realm export in {@code data/import/}, exactly as an
 * admin installs it. Started once per test run on free loopback ports and stopped by PID.
 */
final class DistributionKeycloak implements KeycloakServer {

    /** Generous: on a loaded 2-core machine Keycloak's first start (augmentation, schema, import) takes minutes. */
    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(
            Long.getLong("keycloak.startup.timeout.minutes", Long.getLong("keycloak.startup.minutes", Long.getLong("keycloak.startupMinutes", 15))));
    /**
     * The admin console's extension pages ({@code declarative-ui}: the bundle's Customers, Provisioning
     * tokens and Certificates pages), as {@code scripts/start.sh} and the Docker image run them; and
     * Keycloak's preview SCIM API (on the lines that have it, 26.6+) so that every SCIM test also proves
     * the bundle's endpoint takes precedence over it at the same path (an admin may enable both).
     */
    static final List<String> SERVER_FEATURES = List.of(ServerVersion.hasPreviewScim() ? "--features=declarative-ui,scim-api"
            : "--features=declarative-ui");

    private final KeycloakLauncher launcher;
    private final Path log;
    private final Path buildLog;
    private final int httpPort = LocalProcess.freeLoopbackPort();
    private final int managementPort = LocalProcess.freeLoopbackPort();
    private LocalProcess process;

    private DistributionKeycloak(Path home, Path workDir) {
        this.launcher = new KeycloakLauncher(home, Map.of());
        this.log = workDir.resolve("keycloak.log");
        this.buildLog = workDir.resolve("kc-build.log");
    }

    static DistributionKeycloak start() {
        Path home = Path.of(required("keycloak.home"));
        Path workDir = Path.of(required("test.work.dir"));
        DistributionKeycloak server = new DistributionKeycloak(home, workDir);
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at " + home + " (run through Maven: mvn verify)");
        }
        // fresh data each run: the H2 database and transaction logs of a previous run are removed
        LocalProcess.deleteRecursively(home.resolve("data"));
        KeycloakLauncher.installBundle(home, Path.of(required("bundle.jar")), Path.of(required("realm.exports.dir")));
        List<String> build = new ArrayList<>(List.of("--db=dev-file"));
        build.addAll(SERVER_FEATURES);
        server.launcher.build(build, server.buildLog, STARTUP_TIMEOUT);
        List<String> args = new ArrayList<>(List.of("start-dev", "--import-realm"));
        args.addAll(SERVER_FEATURES);
        server.process = server.launcher.start("Keycloak " + ServerVersion.underTest(), args, server.httpPort, server.managementPort,
                server.log, false, STARTUP_TIMEOUT);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-stop"));
        return server;
    }

    /** SIGTERM to kc.sh and the JVM it started, by PID; killed if still alive after 30 s. */
    void stop() {
        if (process != null) {
            process.stop();
        }
    }

    String buildLog() {
        return LocalProcess.read(buildLog);
    }

    @Override
    public String log() {
        return LocalProcess.read(log);
    }

    @Override
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: run the tests through Maven (mvn verify)");
        }
        return value;
    }
}
