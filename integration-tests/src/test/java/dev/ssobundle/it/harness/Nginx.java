package dev.ssobundle.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private Process process;

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
    static String envsubst(String template, Map<String, String> variables) throws IOException {
        String shellFormat = TEMPLATE_VARIABLES.stream().map(v -> "${" + v + "}").collect(Collectors.joining(" "));
        ProcessBuilder builder = new ProcessBuilder("envsubst", shellFormat);
        builder.environment().putAll(variables);
        Process process = builder.start();
        process.getOutputStream().write(template.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("envsubst failed: " + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Result of {@code nginx -t}: exit code and output. */
    public record CheckResult(int exitCode, String output) {
    }

    public CheckResult test() {
        return run(List.of("-t"));
    }

    public void start() {
        try {
            process = new ProcessBuilder(command(List.of("-g", "daemon off;"))).redirectErrorStream(true)
                    .redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
            Thread.sleep(300);
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx did not start:\n" + Files.readString(prefix.resolve("logs/stdout.log"))
                        + Files.readString(prefix.resolve("logs/error.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code nginx -s reload} with this instance's own prefix and config, as an admin does after
     * replacing a certificate or CRL file; returns once a new worker serves new connections.
     */
    public void reload() {
        List<Long> oldWorkers = process.descendants().map(ProcessHandle::pid).toList();
        CheckResult result = run(List.of("-s", "reload"));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("nginx -s reload failed: " + result.output());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> workers = process.descendants().toList();
            if (workers.stream().anyMatch(worker -> !oldWorkers.contains(worker.pid()))) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("nginx workers not replaced 20 s after reload");
    }

    /** Stops the master process by its PID (SIGTERM, then SIGKILL after 10 s). */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CheckResult run(List<String> args) {
        try {
            Process check = new ProcessBuilder(command(args)).redirectErrorStream(true).start();
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            check.waitFor(30, TimeUnit.SECONDS);
            return new CheckResult(check.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
