package dev.ssobundle.it.brokers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's OpenLDAP server ({@code slapd}, installed by scripts/install-test-deps.sh) with its own
 * throw-away configuration and mdb databases, listening on 127.0.0.1 and a free port; started in
 * the foreground so the test holds its process, and stopped by that PID. Each directory (suffix)
 * gets its own database and root DN, as two customers' directories would be. Entries are loaded
 * over LDAP with {@code ldapadd}.
 */
final class LocalSlapd implements AutoCloseable {

    /** One directory served by this slapd: its suffix and the root DN (bind DN) with its password. */
    record Directory(String suffix, String rootDn, String rootPassword) {
    }

    private final Path root;
    private final Process process;
    final int port;

    private LocalSlapd(Path root, Process process, int port) {
        this.root = root;
        this.process = process;
        this.port = port;
    }

    static LocalSlapd start(List<Directory> directories) {
        Path slapd = Path.of("/usr/sbin/slapd");
        if (!Files.isExecutable(slapd) || !Files.isExecutable(Path.of("/usr/bin/ldapadd"))) {
            throw new IllegalStateException("Debian's slapd and ldap-utils are required: scripts/install-test-deps.sh installs them");
        }
        try {
            Path root = Files.createTempDirectory("it-slapd");
            StringBuilder config = new StringBuilder();
            for (String schema : List.of("core", "cosine", "inetorgperson")) {
                config.append("include /etc/ldap/schema/").append(schema).append(".schema\n");
            }
            config.append("modulepath /usr/lib/ldap\nmoduleload back_mdb\n")
                    .append("pidfile ").append(root.resolve("slapd.pid")).append('\n')
                    .append("argsfile ").append(root.resolve("slapd.args")).append('\n')
                    // passwords are only compared (simple bind), never read; the rest is readable by the federation's bind DN
                    .append("access to attrs=userPassword by anonymous auth by self write by * none\n")
                    .append("access to * by users read by * none\n");
            for (Directory directory : directories) {
                Path data = root.resolve("db-" + Math.abs(directory.suffix().hashCode()));
                Files.createDirectories(data);
                config.append("database mdb\n")
                        .append("suffix \"").append(directory.suffix()).append("\"\n")
                        .append("rootdn \"").append(directory.rootDn()).append("\"\n")
                        .append("rootpw ").append(directory.rootPassword()).append('\n')
                        .append("directory ").append(data).append('\n')
                        .append("maxsize 33554432\n")
                        .append("index objectClass,uid,entryUUID eq\n")
                        .append("index mail eq,sub\n");
            }
            Path configFile = root.resolve("slapd.conf");
            Files.writeString(configFile, config.toString());
            int port = freePort();
            // -d keeps slapd in the foreground (no fork), so the PID is the one this test started
            Process process = new ProcessBuilder(slapd.toString(), "-f", configFile.toString(),
                    "-h", "ldap://127.0.0.1:" + port + "/", "-d", "0")
                    .redirectErrorStream(true).redirectOutput(root.resolve("slapd.log").toFile()).start();
            LocalSlapd server = new LocalSlapd(root, process, port);
            server.awaitListening();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "ldap://127.0.0.1:" + port;
    }

    /** Adds LDIF entries as the directory's root DN; {@code relax} lets the LDIF set operational attributes (entryUUID). */
    void add(Directory directory, String ldif, boolean relax) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/ldapadd", "-x", "-H", url(), "-D", directory.rootDn(),
                "-w", directory.rootPassword()));
        if (relax) {
            command.addAll(List.of("-e", "relax"));
        }
        run(command, ldif);
    }

    /** The value of one attribute of one entry, read as the directory's root DN. */
    String attribute(Directory directory, String dn, String attribute) {
        String output = run(List.of("/usr/bin/ldapsearch", "-x", "-LLL", "-H", url(), "-D", directory.rootDn(), "-w", directory.rootPassword(),
                "-b", dn, "-s", "base", "(objectClass=*)", attribute), "");
        return output.lines().filter(l -> l.startsWith(attribute + ": ")).map(l -> l.substring(attribute.length() + 2).trim())
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + attribute + " on " + dn + ":\n" + output));
    }

    private String run(List<String> command, String input) {
        try {
            Process tool = new ProcessBuilder(command).redirectErrorStream(true).start();
            tool.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            tool.getOutputStream().close();
            String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!tool.waitFor(60, TimeUnit.SECONDS) || tool.exitValue() != 0) {
                tool.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " failed:\n" + output + "\nslapd log:\n" + log());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("slapd exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        close();
        throw new IllegalStateException("slapd did not listen on port " + port + " within 30 s:\n" + log());
    }

    String log() {
        try {
            Path log = root.resolve("slapd.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(slapd log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the slapd this test started (SIGTERM to its PID, then SIGKILL after 30 s) and deletes its files. */
    @Override
    public void close() {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files left behind are harmless
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
