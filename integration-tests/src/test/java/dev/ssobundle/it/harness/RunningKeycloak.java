package dev.ssobundle.it.harness;

import java.net.URI;

/**
 * A Keycloak someone already started with the bundle and the realm exports (for instance by
 * {@code scripts/start.sh}): {@code -Dkeycloak.server=running -Dkeycloak.url=http://127.0.0.1:8080}
 * and, when not admin/admin, {@code -Dkeycloak.admin.username} / {@code -Dkeycloak.admin.password}.
 * Tests change its realms as they would a fresh server's, so it is for development only.
 */
record RunningKeycloak(URI baseUri, String adminUsername, String adminPassword) implements KeycloakServer {

    static RunningKeycloak fromProperties() {
        return new RunningKeycloak(URI.create(DistributionKeycloak.required("keycloak.url")),
                System.getProperty("keycloak.admin.username", "admin"), System.getProperty("keycloak.admin.password", "admin"));
    }
}
