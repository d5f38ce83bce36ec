package dev.ssobundle.it.cluster;

import dev.ssobundle.it.harness.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One production-mode Keycloak node ({@code kc.sh start --optimized}) of the test cluster: its own
 * copy of the distribution and data directory, PostgreSQL, embedded Infinispan with jdbc-ping
 * discovery bound to 127.0.0.1.
 */
final class ClusterNode implements KeycloakServer {

    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "admin";
    /**
     * The nodes run in production mode, where the bundle refuses the demo realm's published secrets
     * (503): the import gets these instead, as a deployment would (realm-export placeholders).
     */
    static final String MTLS_PROXY_SECRET = "cluster-test-mtls-proxy-secret-7f3c9a";
    static final String SCIM_CLIENT_SECRET = "cluster-test-scim-secret-4b8e21";

    /** "... cluster view for channel ISPN: [node-a|1] (2) [node-a, node-b]": the number of members. */
    private static final java.util.regex.Pattern VIEW_SIZE = java.util.regex.Pattern.compile("\\|\\d+] \\((\\d+)\\)");

    final String name;
    private final Path home;
    private final Path log;
    private final int httpPort = LocalPostgres.freePort();
    private final int managementPort = LocalPostgres.freePort();
    private final int clusterPort = LocalPostgres.freePort();
    private Process process;

    private final String publicUrl;

    ClusterNode(String name, Path home, Path log, String publicUrl) {
        this.name = name;
        this.home = home;
        this.log = log;
        this.publicUrl = publicUrl;
    }

    /** {@code kc.sh build} for PostgreSQL and the embedded cluster cache; done once, then the home is copied. */
    static void build(Path home, Path buildLog) {
        run(home, List.of("build", "--db=postgres", "--cache=ispn", "--health-enabled=true"), buildLog, 600);
    }

    void start(String jdbcUrl, boolean importRealms) {
        List<String> args = new ArrayList<>(List.of("start", "--optimized",
                "--db-url=" + jdbcUrl, "--db-username=" + LocalPostgres.USER, "--db-password=" + LocalPostgres.PASSWORD,
                "--cache-stack=jdbc-ping",
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + clusterPort,
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--hostname=" + publicUrl, "--hostname-backchannel-dynamic=true"));
        if (importRealms) {
            args.add("--import-realm");
        }
        try {
            ProcessBuilder builder = command(home, args).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(Duration.ofMinutes(6));
    }

    private void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail(80));
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
            sleep(500);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + tail(80));
    }

    /** Graceful stop: SIGTERM to kc.sh and the JVM, by PID. */
    void stop() {
        signal(false);
    }

    /** A crash: SIGKILL to the JVM and kc.sh, by PID, no shutdown hooks. */
    void kill() {
        signal(true);
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    private void signal(boolean kill) {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(handle -> {
            if (kill) {
                handle.destroyForcibly();
            } else {
                handle.destroy();
            }
        });
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception notStopped) {
                handle.destroyForcibly();
            }
        }
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
    public String adminUsername() {
        return ADMIN_USER;
    }

    @Override
    public String adminPassword() {
        return ADMIN_PASSWORD;
    }

    @Override
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static ProcessBuilder command(Path home, List<String> args) {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().put("MTLS_PROXY_SECRET", MTLS_PROXY_SECRET);
        builder.environment().put("SCIM_CLIENT_SECRET", SCIM_CLIENT_SECRET);
        return builder;
    }

    private static void run(Path home, List<String> args, Path log, int timeoutSeconds) {
        try {
            Process process = command(home, args).redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("kc.sh " + String.join(" ", args) + " failed:\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
