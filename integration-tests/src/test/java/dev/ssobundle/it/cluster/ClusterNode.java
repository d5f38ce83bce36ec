package dev.ssobundle.it.cluster;

import dev.ssobundle.it.harness.KeycloakLauncher;
import dev.ssobundle.it.harness.KeycloakServer;
import dev.ssobundle.it.harness.LocalProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One production-mode Keycloak node ({@code kc.sh start --optimized}) of the test cluster: its own
 * copy of the distribution and data directory, PostgreSQL, embedded Infinispan with jdbc-ping
 * discovery bound to 127.0.0.1.
 */
final class ClusterNode implements KeycloakServer {

    /**
     * The nodes run in production mode, where the bundle refuses the demo realm's published secrets
     * (503): the import gets these instead, as a deployment would (realm-export placeholders).
     */
    static final String MTLS_PROXY_SECRET = "cluster-test-mtls-proxy-secret-7f3c9a";
    static final String SCIM_CLIENT_SECRET = "cluster-test-scim-secret-4b8e21";

    /** "... cluster view for channel ISPN: [node-a|1] (2) [node-a, node-b]": the number of members. */
    private static final java.util.regex.Pattern VIEW_SIZE = java.util.regex.Pattern.compile("\\|\\d+] \\((\\d+)\\)");

    final String name;
    private final KeycloakLauncher launcher;
    private final Path log;
    private final int httpPort = LocalProcess.freeLoopbackPort();
    private final int managementPort = LocalProcess.freeLoopbackPort();
    private final int clusterPort = LocalProcess.freeLoopbackPort();
    private LocalProcess process;

    private final String publicUrl;

    ClusterNode(String name, Path home, Path log, String publicUrl) {
        this.name = name;
        this.launcher = launcher(home);
        this.log = log;
        this.publicUrl = publicUrl;
    }

    /** The realm-import placeholders of production mode in the environment. */
    private static KeycloakLauncher launcher(Path home) {
        return new KeycloakLauncher(home, Map.of("MTLS_PROXY_SECRET", MTLS_PROXY_SECRET, "SCIM_CLIENT_SECRET", SCIM_CLIENT_SECRET));
    }

    /** {@code kc.sh build} for PostgreSQL and the embedded cluster cache; done once, then the home is copied. */
    static void build(Path home, Path buildLog) {
        launcher(home).build(List.of("--db=postgres", "--cache=ispn", "--health-enabled=true"), buildLog, Duration.ofSeconds(600));
    }

    /** Starts the node (its log appended to, across restarts) and waits until {@code /health/ready} answers. */
    void start(String jdbcUrl, boolean importRealms) {
        List<String> args = new ArrayList<>(List.of("start", "--optimized",
                "--db-url=" + jdbcUrl, "--db-username=" + LocalPostgres.USER, "--db-password=" + LocalPostgres.PASSWORD,
                "--cache-stack=jdbc-ping",
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + clusterPort,
                "--http-enabled=true",
                "--hostname=" + publicUrl, "--hostname-backchannel-dynamic=true"));
        if (importRealms) {
            args.add("--import-realm");
        }
        process = launcher.start(name, args, httpPort, managementPort, log, true, Duration.ofMinutes(6));
    }

    /** Graceful stop: SIGTERM to kc.sh and the JVM, by PID. */
    void stop() {
        if (process != null) {
            process.stop();
        }
    }

    /** A crash: SIGKILL to the JVM and kc.sh, by PID, no shutdown hooks. */
    void kill() {
        if (process != null) {
            process.kill();
        }
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Size of the newest Infinispan cluster view this node logged (0 before any). */
    int clusterViewSize() {
        int size = 0;
        for (String line : log().lines().toList()) {
            int at = line.indexOf("ISPN000094");
            if (at < 0) {
                at = line.indexOf("ISPN100000");
            }
            if (at >= 0) {
                var matcher = VIEW_SIZE.matcher(line);
                if (matcher.find()) {
                    size = Integer.parseInt(matcher.group(1));
                }
            }
        }
        return size;
    }

    @Override
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    @Override
    public String log() {
        return LocalProcess.read(log);
    }

    String tail(int lines) {
        return LocalProcess.tail(log, lines);
    }
}
