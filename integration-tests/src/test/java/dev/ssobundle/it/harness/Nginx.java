package dev.ssobundle.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Debian's nginx run on the shipped {@code docker/nginx/templates}, rendered with envsubst exactly as
 * the official nginx image renders them, with the test's own ports and certificates.
 */
public final class Nginx {

    /** The variables the templates may use (the contract in the README); nothing else is substituted. */
    public static final List<String> TEMPLATE_VARIABLES = List.of("KEYCLOAK_UPSTREAM", "HTTPS_PORT", "MTLS_PORT",
            "TLS_CERT", "TLS_KEY", "CLIENT_CA", "CLIENT_CRL", "MTLS_PROXY_SECRET", "DEFAULT_REALM");

    public static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Path prefix;
    private LocalProcess process;

    private Nginx(Path prefix) {
        this.prefix = prefix;
    }

    /** Renders every template into {@code prefix/conf.d} and writes a main config including them. */
    public static Nginx configure(Path templates, Path prefix, Map<String, String> variables) {
        try {
            Path confD = Files.createDirectories(prefix.resolve("conf.d"));
            Files.createDirectories(prefix.resolve("logs"));
            Files.createDirectories(prefix.resolve("temp"));
            try (Stream<Path> files = Files.list(templates)) {
                for (Path template : files.filter(p -> p.toString().endsWith(".conf.template")).toList()) {
                    String name = template.getFileName().toString().replaceFirst("\\.template$", "");
                    Files.writeString(confD.resolve(name), envsubst(Files.readString(template), variables));
                }
            }
            Files.writeString(prefix.resolve("nginx.conf"), """
                    worker_processes 1;
                    pid %1$s/nginx.pid;
                    error_log %1$s/logs/error.log info;
                    events { worker_connections 256; }
                    http {
                        access_log %1$s/logs/access.log;
                        client_body_temp_path %1$s/temp/body;
                        proxy_temp_path %1$s/temp/proxy;
                        fastcgi_temp_path %1$s/temp/fastcgi;
                        uwsgi_temp_path %1$s/temp/uwsgi;
                        scgi_temp_path %1$s/temp/scgi;
                        include %1$s/conf.d/*.conf;
                    }
                    """.formatted(prefix.toAbsolutePath()));
            return new Nginx(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code envsubst '${A} ${B} ...'}: only the contract's variables, so nginx's own $variables stay. */
    static String envsubst(String template, Map<String, String> variables) {
        String shellFormat = TEMPLATE_VARIABLES.stream().map(v -> "${" + v + "}").collect(Collectors.joining(" "));
        ProcessBuilder builder = new ProcessBuilder("envsubst", shellFormat);
        builder.environment().putAll(variables);
        return LocalProcess.runOrFail(builder, template, Duration.ofSeconds(30));
    }

    /** Result of {@code nginx -t}: exit code and output. */
    public record CheckResult(int exitCode, String output) {
    }

    public CheckResult test() {
        return run(List.of("-t"));
    }

    /** nginx in the foreground ({@code daemon off}), so that the master's PID is the one started here. */
    public void start() {
        process = LocalProcess.launch("nginx", new ProcessBuilder(command(List.of("-g", "daemon off;"))), prefix.resolve("logs/stdout.log"), false);
        LocalProcess.sleep(300);
        if (!process.isAlive()) {
            throw new IllegalStateException("nginx did not start:\n" + process.log() + LocalProcess.read(prefix.resolve("logs/error.log")));
        }
    }

    /**
     * {@code nginx -s reload} with this instance's own prefix and config, as an admin does after
     * replacing a certificate or CRL file; returns once a new worker serves new connections.
     */
    public void reload() {
        List<Long> oldWorkers = process.childPids();
        CheckResult result = run(List.of("-s", "reload"));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("nginx -s reload failed: " + result.output());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (process.childPids().stream().anyMatch(worker -> !oldWorkers.contains(worker))) {
                return;
            }
            LocalProcess.sleep(100);
        }
        throw new IllegalStateException("nginx workers not replaced 20 s after reload");
    }

    /** Stops the master process and its workers by PID (SIGTERM, then SIGKILL after 30 s). */
    public void stop() {
        if (process != null) {
            process.stop();
        }
    }

    private CheckResult run(List<String> args) {
        LocalProcess.Result result = LocalProcess.run(new ProcessBuilder(command(args)), "", Duration.ofSeconds(30));
        return new CheckResult(result.exitCode(), result.output());
    }

    private List<String> command(List<String> args) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: the README's test command installs Debian's nginx");
        }
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-p", prefix.toAbsolutePath().toString(),
                "-e", prefix.resolve("logs/error.log").toAbsolutePath().toString(),
                "-c", prefix.resolve("nginx.conf").toAbsolutePath().toString()));
        command.addAll(args);
        return command;
    }
}
