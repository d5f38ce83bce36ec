package dev.ssobundle.it.cluster;

import dev.ssobundle.it.harness.KeycloakLauncher;
import dev.ssobundle.it.harness.LocalProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
        LocalProcess.deleteRecursively(work);
        Path homeA = work.resolve("node-a");
        KeycloakLauncher.copyDistribution(dist, homeA);
        // the bundle JAR in providers/, the realm exports in data/import/, exactly as for the single server
        KeycloakLauncher.installBundle(homeA, Path.of(System.getProperty("bundle.jar")), Path.of(System.getProperty("realm.exports.dir")));
        ClusterNode.build(homeA, work.resolve("node-a-build.log"));
        Path homeB = work.resolve("node-b");
        KeycloakLauncher.copyDistribution(homeA, homeB);

        postgres = LocalPostgres.start();
        String publicUrl = "http://127.0.0.1:" + LocalProcess.freeLoopbackPort();
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
    }

    void awaitViewOfTwo(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (nodeA.clusterViewSize() == 2 && nodeB.clusterViewSize() == 2) {
                return;
            }
            LocalProcess.sleep(500);
        }
        throw new IllegalStateException("No cluster of two after " + timeout + ":\nnode-a:\n" + nodeA.tail(40) + "\nnode-b:\n" + nodeB.tail(40));
    }

    void close() {
        nodeB.stop();
        nodeA.stop();
        postgres.stopAndDelete();
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
