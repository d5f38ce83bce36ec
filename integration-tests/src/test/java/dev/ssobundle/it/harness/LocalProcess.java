package dev.ssobundle.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One process a test starts (Keycloak, PostgreSQL's tools, slapd, nginx, node): launched with its
 * output in a log file, awaited until ready (the log's tail in the failure), and stopped by its own
 * PID and those of its descendants — never by name. Also the one-shot runs of tools ({@link #run}).
 */
public record LocalProcess(String name, Process process, Path logFile) implements AutoCloseable {

    private static final Set<Integer> HANDED_OUT_PORTS = ConcurrentHashMap.newKeySet();

    /** Starts {@code builder} with stdout and stderr in {@code log} (appended when {@code append}, e.g. a restarted node). */
    public static LocalProcess launch(String name, ProcessBuilder builder, Path log, boolean append) {
        return launch(name, builder, log, append, new byte[0]);
    }

    /** {@link #launch(String, ProcessBuilder, Path, boolean)} with {@code input} written to its stdin, then closed. */
    public static LocalProcess launch(String name, ProcessBuilder builder, Path log, boolean append, byte[] input) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            builder.redirectErrorStream(true)
                    .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
            Process process = builder.start();
            process.getOutputStream().write(input);
            process.getOutputStream().close();
            return new LocalProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Polls {@code ready} until it holds; fails at once if the process exits, and after {@code timeout}
     * (the process is then stopped), each time with the log's last 80 lines.
     */
    public void awaitReady(Duration timeout, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " during start-up:\n" + tail(80));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            sleep(300);
        }
        stop();
        throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + tail(80));
    }

    /** Waits for the process to end; fails with the log's tail unless it exits 0 within {@code timeout} (then it is killed). */
    public void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new IllegalStateException(name + " did not finish in " + timeout + ":\n" + tail(60));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(name + " failed (exit " + process.exitValue() + "):\n" + tail(60));
        }
    }

    /** Readiness: {@code GET uri} answers 200 (e.g. Keycloak's {@code /health/ready}). */
    public static BooleanSupplier answers200(URI uri) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return () -> {
            try {
                return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }

    /** Readiness: something accepts TCP connections on the loopback {@code port}. */
    public static BooleanSupplier listens(int port) {
        return () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        };
    }

    /** Readiness: the log holds a line starting with {@code prefix} (a process that announces itself). */
    public BooleanSupplier logs(String prefix) {
        return () -> log().lines().anyMatch(line -> line.startsWith(prefix));
    }

    /** SIGTERM to the process and its descendants, by PID; SIGKILL to whatever still runs 30 s later. */
    public synchronized void stop() {
        signal(false);
    }

    /** SIGKILL to the process and its descendants, by PID: a crash, no shutdown hooks. */
    public synchronized void kill() {
        signal(true);
    }

    @Override
    public void close() {
        stop();
    }

    private void signal(boolean kill) {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
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

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The PIDs of the process's children now (e.g. nginx's workers). */
    public List<Long> childPids() {
        return process.descendants().map(ProcessHandle::pid).toList();
    }

    public String log() {
        return read(logFile);
    }

    public String tail(int lines) {
        return tail(logFile, lines);
    }

    public static String tail(Path file, int lines) {
        List<String> all = read(file).lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    public static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a finished tool printed (stdout and stderr together) and its exit code. */
    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /**
     * Runs a tool to its end with {@code input} on its stdin; a run over {@code timeout} is killed (by
     * PID) and reported as exit code -1.
     */
    public static Result run(ProcessBuilder builder, String input, Duration timeout) {
        try {
            Process tool = builder.redirectErrorStream(true).start();
            tool.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            tool.getOutputStream().close();
            // read on another thread so that a tool that never ends cannot hold the test past its timeout
            var output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "(output unreadable: " + e.getMessage() + ")";
                }
            });
            if (!tool.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                tool.descendants().forEach(ProcessHandle::destroyForcibly);
                tool.destroyForcibly();
                return new Result(-1, output.getNow("") + "\n(killed after " + timeout + ")");
            }
            return new Result(tool.exitValue(), output.get(30, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #run}, failing with the tool's output unless it exits 0; returns that output. */
    public static String runOrFail(ProcessBuilder builder, String input, Duration timeout) {
        Result result = run(builder, input, timeout);
        if (!result.succeeded()) {
            throw new IllegalStateException(String.join(" ", builder.command()) + " failed (exit " + result.exitCode() + "):\n" + result.output());
        }
        return result.output();
    }

    /** A port free on the loopback interface now (the process about to start binds it). */
    /**
     * A loopback port free now and never handed out before in this JVM: the kernel may offer a port it just
     * gave (once a server got the same port for HTTP and management, and its health check never answered).
     */
    public static int freeLoopbackPort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT_PORTS.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
