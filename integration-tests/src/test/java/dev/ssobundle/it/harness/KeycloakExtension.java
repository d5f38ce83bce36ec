package dev.ssobundle.it.harness;

import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes the run's one Keycloak ({@link KeycloakServer}) and an {@link AdminApi} for it.
 * The server starts on first use and is stopped when the whole run ends (root store resource).
 * {@code -Dkeycloak.server=distribution} (default), {@code testcontainers}, or {@code running} (a
 * Keycloak already started with the bundle and the realm exports, at {@code -Dkeycloak.url}; for
 * iterating on one test without a restart, never for CI).
 */
public final class KeycloakExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KeycloakServer.class || type == AdminApi.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) throws ParameterResolutionException {
        KeycloakServer server = server(context);
        // one admin client for the run: its token is shared by every test class
        return parameter.getParameter().getType() == AdminApi.class
                ? context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("admin", key -> new AdminApi(server), AdminApi.class)
                : server;
    }

    public static KeycloakServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("server", key -> new RunningServer(), RunningServer.class).server;
    }

    /** Closed by JUnit after the last test of the run. */
    private static final class RunningServer implements ExtensionContext.Store.CloseableResource {

        private final KeycloakServer server;

        RunningServer() {
            String mode = System.getProperty("keycloak.server", "distribution");
            server = switch (mode) {
                case "distribution" -> DistributionKeycloak.start();
                case "testcontainers" -> ContainerKeycloak.start();
                case "running" -> RunningKeycloak.fromProperties();
                default -> throw new IllegalArgumentException("keycloak.server must be distribution, testcontainers or running, not " + mode);
            };
        }

        /** Stops the server; then an ERROR in its log that no test provoked on purpose fails the run. */
        @Override
        public void close() {
            if (server instanceof DistributionKeycloak distribution) {
                distribution.stop();
                List<String> unexpected = ServerLogAudit.unexpectedErrors(distribution.log());
                if (!unexpected.isEmpty()) {
                    throw new AssertionError("The shared Keycloak logged " + unexpected.size() + " ERROR line(s) no test provoked on purpose "
                            + "(see ServerLogAudit; log under " + System.getProperty("test.work.dir") + "):\n" + String.join("\n", unexpected));
                }
            } else if (server instanceof ContainerKeycloak container) {
                container.stop();
            }
        }
    }
}
