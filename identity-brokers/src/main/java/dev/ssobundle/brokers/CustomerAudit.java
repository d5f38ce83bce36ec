package dev.ssobundle.brokers;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * Keycloak admin events for what an onboarding call changed, one per Keycloak object (organization,
 * identity provider, LDAP component), with the resource paths Keycloak's own admin API uses. The
 * author is the admin who called (Keycloak's {@link AdminEventBuilder} of the request); the
 * representation is the customer without its secrets.
 */
record CustomerAudit(KeycloakSession session, AdminEventBuilder adminEvent) {

    void organization(OperationType operation, String organizationId, CustomerRepresentation customer) {
        send(ResourceType.ORGANIZATION, operation, customer, "organizations", organizationId);
    }

    void identityProvider(OperationType operation, String alias, CustomerRepresentation customer) {
        send(ResourceType.IDENTITY_PROVIDER, operation, customer, "identity-provider", "instances", alias);
    }

    void ldapComponent(OperationType operation, String componentId, CustomerRepresentation customer) {
        send(ResourceType.COMPONENT, operation, customer, "components", componentId);
    }

    private void send(ResourceType type, OperationType operation, CustomerRepresentation customer, String... path) {
        // a fresh builder per event: nothing of one event (representation, details) leaks into the next
        adminEvent.clone(session).resource(type).operation(operation).resourcePath(path).representation(customer).success();
    }
}
