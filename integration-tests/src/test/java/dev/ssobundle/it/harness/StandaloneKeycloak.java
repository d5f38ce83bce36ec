package dev.ssobundle.it.harness;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A second, short-lived Keycloak for the one test class that needs start options the run's shared
 * server does not have (production mode, {@code --proxy-headers}): its own copy of the distribution
 * (without {@code data/}), the bundle JAR and the realm exports, on free loopback ports, stopped by PID
 * when the class closes it. The copy leaves the shared server's distribution untouched, since
 * {@code kc.sh} re-augments a distribution whose build options differ.
 */
public final class StandaloneKeycloak implements KeycloakServer, AutoCloseable {

    private final KeycloakLauncher launcher;
    private final Path log;
    private final int httpPort = LocalProcess.freeLoopbackPort();
    private final int managementPort = LocalProcess.freeLoopbackPort();
    private LocalProcess process;

    private StandaloneKeycloak(Path home, Path log, Map<String, String> environment) {
        this.launcher = new KeycloakLauncher(home, environment);
        this.log = log;
    }

    /**
     * Copies and starts Keycloak: {@code kc.sh <command...> --import-realm} plus the shared server's
     * features ({@code declarative-ui}; {@code scim-api} on the lines that have it, 26.6+, since 26.4/26.5
     * refuse the unknown name), the loopback ports and the health endpoint. {@code environment} is added to kc.sh's (e.g.
     * realm-import placeholders).
     */
    public static StandaloneKeycloak start(String name, List<String> command, Map<String, String> environment) {
        Path work = Path.of(DistributionKeycloak.required("test.work.dir")).resolve(name + "-" + UUID.randomUUID());
        StandaloneKeycloak server = new StandaloneKeycloak(work.resolve("keycloak"), work.resolve("keycloak.log"), environment);
        try {
            KeycloakLauncher.copyDistribution(Path.of(DistributionKeycloak.required("keycloak.home")), server.launcher.home());
            KeycloakLauncher.installBundle(server.launcher.home(), Path.of(DistributionKeycloak.required("bundle.jar")),
                    Path.of(DistributionKeycloak.required("realm.exports.dir")));
            List<String> args = new ArrayList<>(command);
            args.addAll(DistributionKeycloak.SERVER_FEATURES);
            args.add("--import-realm");
            // it re-augments its copy first; a loaded machine can take long (the shared server's timeout applies)
            server.process = server.launcher.start("Keycloak (" + String.join(" ", command) + ")", args, server.httpPort,
                    server.managementPort, server.log, false, DistributionKeycloak.STARTUP_TIMEOUT);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** SIGTERM to kc.sh and the JVM it started, by PID; killed if still alive after 30 s. Its copy is deleted. */
    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
        try {
            LocalProcess.deleteRecursively(launcher.home());
        } catch (UncheckedIOException leftBehind) {
            // only disk space under target/
        }
    }

    @Override
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    @Override
    public String log() {
        return LocalProcess.read(log);
    }

    /**
     * The log once it holds every fragment, or as it is after two minutes. From 26.6 Keycloak initialises
     * (imports realms, publishes the post-migration event) on a worker thread, and {@code /health/ready} can
     * turn UP before what the providers log at start-up is written.
     */
    public String logOnceItHolds(String... fragments) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        String current = log();
        while (Instant.now().isBefore(deadline) && !Arrays.stream(fragments).allMatch(current::contains)) {
            LocalProcess.sleep(250);
            current = log();
        }
        return current;
    }

    /**
     * A standalone server for one test class ({@code @TestInstance(PER_CLASS)}, registered as an
     * instance field with {@code @RegisterExtension}): started before the class's first test, closed
     * after its last, with its admin client.
     */
    public static final class PerClass implements BeforeAllCallback, AfterAllCallback {

        private final String name;
        private final List<String> command;
        private final Map<String, String> environment;
        private StandaloneKeycloak server;
        private AdminApi admin;

        public PerClass(String name, List<String> command, Map<String, String> environment) {
            this.name = name;
            this.command = command;
            this.environment = environment;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            server = StandaloneKeycloak.start(name, command, environment);
            admin = new AdminApi(server);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (server != null) {
                server.close();
            }
        }

        public StandaloneKeycloak server() {
            return server;
        }

        public AdminApi admin() {
            return admin;
        }
    }
}
