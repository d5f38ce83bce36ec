package dev.ssobundle.brokers;

import java.net.URI;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * What every customer protocol strategy works with during one admin request: the request's
 * session and realm, the URL customers reach Keycloak at, the realm's metadata rule and the audit.
 */
record CustomerContext(KeycloakSession session, RealmModel realm, OrganizationProvider organizations, BrokersKeycloakAdapter keycloak,
                       URI publicBase, boolean allowInsecureMetadata, CustomerAudit audit) {

    /** Reads the customer's published metadata (SAML descriptor, OIDC discovery) under the realm's https rule. */
    UpstreamMetadata upstream() {
        return new UpstreamMetadata(session, allowInsecureMetadata);
    }
}
