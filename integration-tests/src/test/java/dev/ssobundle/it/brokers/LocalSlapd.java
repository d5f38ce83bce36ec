package dev.ssobundle.it.brokers;

import dev.ssobundle.it.harness.LocalProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
    private final LocalProcess process;
    final int port;

    private LocalSlapd(Path root, LocalProcess process, int port) {
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
            int port = LocalProcess.freeLoopbackPort();
            // -d keeps slapd in the foreground (no fork), so the PID is the one this test started
            LocalProcess process = LocalProcess.launch("slapd", new ProcessBuilder(slapd.toString(), "-f", configFile.toString(),
                    "-h", "ldap://127.0.0.1:" + port + "/", "-d", "0"), root.resolve("slapd.log"), false);
            process.awaitReady(Duration.ofSeconds(30), LocalProcess.listens(port));
            return new LocalSlapd(root, process, port);
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
        LocalProcess.Result result = LocalProcess.run(new ProcessBuilder(command), input, Duration.ofSeconds(60));
        if (!result.succeeded()) {
            throw new IllegalStateException(command.get(0) + " failed:\n" + result.output() + "\nslapd log:\n" + log());
        }
        return result.output();
    }

    String log() {
        return process.log();
    }

    /** Stops the slapd this test started (SIGTERM to its PID, then SIGKILL after 30 s) and deletes its files. */
    @Override
    public void close() {
        process.stop();
        try {
            LocalProcess.deleteRecursively(root);
        } catch (UncheckedIOException ignored) {
            // temp files left behind are harmless
        }
    }
}
