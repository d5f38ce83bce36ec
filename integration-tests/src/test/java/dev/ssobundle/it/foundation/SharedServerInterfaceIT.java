package dev.ssobundle.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Smoke test of whichever server the run uses through the shared interface; run with
 * {@code -Dkeycloak.server=testcontainers} to use quay.io/keycloak/keycloak in Docker (skipped, not
 * passed, where no Docker engine runs).
 */
@ExtendWith(KeycloakExtension.class)
class SharedServerInterfaceIT {

    @Test
    void serverAnswersWithBothRealms(KeycloakServer server, AdminApi admin) {
        assertThat(admin.get("realms/demo").path("realm").asText()).isEqualTo("demo");
        assertThat(admin.get("realms/flatchr").path("realm").asText()).isEqualTo("flatchr");
        assertThat(server.baseUri().getHost()).isIn("127.0.0.1", "localhost");
    }
}
