package dev.ssobundle.brokers;

import java.util.List;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.OrganizationModel;

/**
 * What one customer protocol (ADFS/SAML, Entra ID, OIDC, Google Workspace, LDAP) knows: which
 * request fields it needs, which Keycloak objects it builds from them (from the stored ones on a
 * change), and what the customer's IT is told. {@link CustomerOnboarding} does the rest
 * (organization, domains, conflicts, transaction, the organization's audit).
 *
 * <p>Strategies hold no state; the request's Keycloak session and realm come in a {@link CustomerContext}.
 */
interface CustomerProtocolStrategy {

    static CustomerProtocolStrategy of(CustomerProtocol protocol) {
        return switch (protocol) {
            case ADFS -> SamlCustomerStrategy.ADFS;
            case SAML -> SamlCustomerStrategy.SAML;
            case ENTRA -> EntraIdCustomerStrategy.INSTANCE;
            case OIDC -> OidcCustomerStrategy.INSTANCE;
            case GOOGLE -> GoogleWorkspaceCustomerStrategy.INSTANCE;
            case LDAP -> LdapCustomerStrategy.INSTANCE;
        };
    }

    /** This protocol's fields of the (merged) request: the first problem is a 400 naming the field. No network, no Keycloak. */
    void validate(CustomerRequest request, boolean allowInsecureMetadata);

    /**
     * On a change only: a stored secret goes only to the place it was given for, so a request that
     * moves where it is sent must carry the secret again (else whoever may edit the customer could
     * point it at their own host and receive the customer's secret).
     */
    default void validateChange(CustomerRepresentation current, CustomerRepresentation change) {
    }

    /** Whether the customer's stored objects hold a secret a change may keep (client secret, bind credential). */
    boolean hasStoredSecret(CustomerContext context, String slug);

    /** Reads the customer's systems and builds a new customer's Keycloak objects; writes nothing. */
    PendingWrites prepareCreate(CustomerContext context, CustomerRequest request);

    /** Rebuilds a stored customer's Keycloak objects from the validated change and the stored objects; writes nothing. */
    PendingWrites prepareUpdate(CustomerContext context, CustomerRequest request);

    /** Fills what the customer's IT needs (redirect URI, SP entity id and metadata, …) and this protocol's stored fields. */
    void describe(CustomerContext context, String slug, CustomerRepresentation customer);

    /** Removes the customer's objects of this protocol (the organization is removed by the caller). */
    void remove(CustomerContext context, OrganizationModel organization, CustomerRepresentation removed);

    /** Objects built before the transaction's first write, written inside it. */
    interface PendingWrites {

        PendingWrites NONE = new PendingWrites() {
            @Override
            public void write(OrganizationModel organization, Map<String, List<String>> organizationAttributes) {
            }

            @Override
            public void audit(OperationType operation, CustomerRepresentation customer) {
            }
        };

        /** Writes the objects for {@code organization}; adds the organization attributes they need to {@code organizationAttributes}. */
        void write(OrganizationModel organization, Map<String, List<String>> organizationAttributes);

        /** The admin event of what {@link #write} did. */
        void audit(OperationType operation, CustomerRepresentation customer);
    }

    /** The problem of a stored secret sent elsewhere by a change of {@code field}; see {@link #validateChange}. */
    static void secretFollows(String field, String stored, String requested, String secretField, String secret, boolean ignoreCase) {
        if (requested == null || !CustomerRequest.isBlank(secret)) {
            return;
        }
        String a = requested.trim();
        String b = stored == null ? "" : stored.trim();
        if (ignoreCase ? a.equalsIgnoreCase(b) : a.equals(b)) {
            return;
        }
        throw CustomerInputException.badRequest(field + " changes where the stored " + secretField + " is sent: send " + secretField
                + " again in the same request (the stored one never follows a new " + field + ")");
    }

    static void requireMetadataUrl(String field, String value, boolean allowInsecureMetadata) {
        CustomerRules.metadataUrlProblem(field, value, allowInsecureMetadata).ifPresent(p -> {
            throw CustomerInputException.badRequest(p);
        });
    }
}
