package dev.ssobundle.it.harness;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.MountableFile;

/**
 * The same server set-up in {@code quay.io/keycloak/keycloak:<version>} through Testcontainers,
 * chosen with {@code -Dkeycloak.server=testcontainers}. Without a Docker engine every test of such
 * a run is reported as skipped (aborted), never as passed.
 */
final class ContainerKeycloak implements KeycloakServer {

    private final KeycloakContainer container;

    private ContainerKeycloak(KeycloakContainer container) {
        this.container = container;
    }

    static ContainerKeycloak start() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "keycloak.server=testcontainers needs a Docker engine, and none is reachable: tests skipped");
        KeycloakContainer container = new KeycloakContainer("quay.io/keycloak/keycloak:" + DistributionKeycloak.required("keycloak.dist.version"))
                .withProviderLibsFrom(List.of(Path.of(DistributionKeycloak.required("bundle.jar")).toFile()));
        try (Stream<Path> exports = Files.list(Path.of(DistributionKeycloak.required("realm.exports.dir")))) {
            exports.filter(p -> p.toString().endsWith(".json")).forEach(export ->
                    container.withCopyFileToContainer(MountableFile.forHostPath(export), "/opt/keycloak/data/import/" + export.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        container.start();
        return new ContainerKeycloak(container);
    }

    void stop() {
        container.stop();
    }

    @Override
    public URI baseUri() {
        return URI.create(container.getAuthServerUrl().replaceAll("/$", ""));
    }

    @Override
    public String adminUsername() {
        return container.getAdminUsername();
    }

    @Override
    public String adminPassword() {
        return container.getAdminPassword();
    }

    @Override
    public String log() {
        return container.getLogs();
    }
}
