package dev.ssobundle.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * PostgreSQL plus two Keycloak nodes with the bundle, started once for the cluster tests and
 * stopped (by PID) when the run ends. Node A initialises the schema and imports the realm exports
 * before node B starts; the cluster is ready when both nodes log a view of two members.
 */
public final class KeycloakCluster {

    final LocalPostgres postgres;
    final ClusterNode nodeA;
    final ClusterNode nodeB;
    /**
     * The address a load balancer would publish; both nodes use it as {@code --hostname}, so tokens
     * carry one issuer whichever node issued them. Tests send requests to each node directly.
     */
    final String publicUrl;

    private KeycloakCluster(LocalPostgres postgres, ClusterNode nodeA, ClusterNode nodeB, String publicUrl) {
        this.postgres = postgres;
        this.nodeA = nodeA;
        this.nodeB = nodeB;
        this.publicUrl = publicUrl;
    }

    static KeycloakCluster start() {
        Path dist = Path.of(System.getProperty("keycloak.home"));
        Path work = Path.of(System.getProperty("test.work.dir")).resolve("cluster");
        LocalPostgres postgres = null;
        try {
            deleteRecursively(work);
            Files.createDirectories(work);
            Path homeA = work.resolve("node-a");
            copyTree(dist, homeA);
            install(homeA);
            ClusterNode.build(homeA, work.resolve("node-a-build.log"));
            Path homeB = work.resolve("node-b");
            copyTree(homeA, homeB);
            deleteRecursively(homeB.resolve("data/import"));

            postgres = LocalPostgres.start();
            String publicUrl = "http://127.0.0.1:" + LocalPostgres.freePort();
            ClusterNode nodeA = new ClusterNode("node-a", homeA, work.resolve("node-a.log"), publicUrl);
            ClusterNode nodeB = new ClusterNode("node-b", homeB, work.resolve("node-b.log"), publicUrl);
            KeycloakCluster cluster = new KeycloakCluster(postgres, nodeA, nodeB, publicUrl);
            try {
                nodeA.start(postgres.jdbcUrl(), true);
                nodeB.start(postgres.jdbcUrl(), false);
                cluster.awaitViewOfTwo(Duration.ofMinutes(3));
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            return cluster;
        } catch (IOException e) {
            if (postgres != null) {
                postgres.stopAndDelete();
            }
            throw new UncheckedIOException(e);
        }
    }

    void awaitViewOfTwo(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (nodeA.clusterViewSize() == 2 && nodeB.clusterViewSize() == 2) {
                return;
            }
            ClusterNode.sleep(500);
        }
        throw new IllegalStateException("No cluster of two after " + timeout + ":\nnode-a:\n" + nodeA.tail(40) + "\nnode-b:\n" + nodeB.tail(40));
    }

    /** The bundle JAR in providers/, the realm exports in data/import/, exactly as for the single server. */
    private static void install(Path home) throws IOException {
        Path bundle = Path.of(System.getProperty("bundle.jar"));
        Files.createDirectories(home.resolve("providers"));
        try (Stream<Path> old = Files.list(home.resolve("providers"))) {
            for (Path jar : old.filter(p -> p.getFileName().toString().startsWith("keycloak-sso-bundle-")).toList()) {
                Files.delete(jar);
            }
        }
        Files.copy(bundle, home.resolve("providers").resolve(bundle.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        deleteRecursively(home.resolve("data"));
        Path imports = Files.createDirectories(home.resolve("data/import"));
        try (Stream<Path> exports = Files.list(Path.of(System.getProperty("realm.exports.dir")))) {
            for (Path export : exports.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.copy(export, imports.resolve(export.getFileName()));
            }
        }
    }

    void close() {
        nodeB.stop();
        nodeA.stop();
        postgres.stopAndDelete();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path relative = from.relativize(source);
                if (relative.startsWith("data")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** JUnit extension giving cluster tests the run's one {@link KeycloakCluster}. */
    public static final class Extension implements ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakCluster.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == KeycloakCluster.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("cluster", key -> new Started(), Started.class).get();
        }

        /** Starts the cluster once per run; a failed start is reported to every test, not retried. */
        private static final class Started implements ExtensionContext.Store.CloseableResource {

            private KeycloakCluster cluster;
            private RuntimeException failure;

            Started() {
                try {
                    cluster = KeycloakCluster.start();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }

            KeycloakCluster get() {
                if (failure != null) {
                    throw failure;
                }
                return cluster;
            }

            @Override
            public void close() {
                if (cluster != null) {
                    cluster.close();
                }
            }
        }
    }
}
