package dev.ssobundle.brokers;

import java.util.List;

/**
 * A customer request of the onboarding API, parsed and validated once: trimmed values (blank is
 * absent), normalized domains, the display name and enabled flag resolved, and the protocol's own
 * fields checked by its {@link CustomerProtocolStrategy}. On update the values are the request's
 * merged over the stored customer's; a null secret then means "keep the stored one".
 *
 * <p>Nothing here reads the network or Keycloak: the checks that need them (conflicts, the
 * customer's metadata) come after, on this validated record.
 */
record CustomerRequest(String slug, String displayName, List<String> domains, CustomerProtocol protocol, boolean enabled,
                       String metadataUrl, String tenantId, String authorityUrl, String discoveryUrl, String clientId, String clientSecret,
                       String connectionUrl, String bindDn, String bindCredential, String usersDn, boolean secretStored) {

    /** A new customer ({@code POST}): every field the protocol needs must be in the body. */
    static CustomerRequest forCreate(CustomerRepresentation body, boolean allowInsecureMetadata) {
        if (body == null) {
            throw CustomerInputException.badRequest("a JSON body is required");
        }
        CustomerRules.slugProblem(body.slug).ifPresent(p -> {
            throw CustomerInputException.badRequest(p);
        });
        CustomerProtocol protocol = CustomerProtocol.fromWire(body.protocol).orElseThrow(() -> CustomerInputException.badRequest(
                "protocol must be one of " + CustomerProtocol.allWireNames() + (body.protocol == null ? "" : ", got '" + body.protocol + "'")));
        List<String> domains = domainsOf(body.domains);
        String displayName = isBlank(body.displayName) ? body.slug : body.displayName.trim();
        boolean enabled = body.enabled == null || body.enabled;
        CustomerRequest request = new CustomerRequest(body.slug, displayName, domains, protocol, enabled,
                trimmed(body.metadataUrl), unblank(body.tenantId), trimmed(body.authorityUrl), trimmed(body.discoveryUrl),
                trimmed(body.clientId), unblank(body.clientSecret), trimmed(body.connectionUrl), trimmed(body.bindDn),
                unblank(body.bindCredential), trimmed(body.usersDn), false);
        CustomerProtocolStrategy.of(protocol).validate(request, allowInsecureMetadata);
        return request;
    }

    /**
     * A change of the customer {@code current} ({@code PUT}): absent fields keep their stored
     * values; slug and protocol cannot change; a secret stored ({@code secretStored}) is kept unless
     * the change moves where it is sent.
     */
    static CustomerRequest forUpdate(CustomerRepresentation current, boolean secretStored, CustomerRepresentation body,
                                     boolean allowInsecureMetadata) {
        if (body == null) {
            throw CustomerInputException.badRequest("a JSON body is required");
        }
        if (body.slug != null && !body.slug.equals(current.slug)) {
            throw CustomerInputException.badRequest("the slug cannot change (it is in the redirect URI the customer registered); delete and onboard again");
        }
        CustomerProtocol protocol = CustomerProtocol.fromWire(current.protocol).orElseThrow();
        if (body.protocol != null && !body.protocol.equals(protocol.wireName())) {
            throw CustomerInputException.badRequest("the protocol cannot change from " + protocol.wireName() + "; delete and onboard again");
        }
        CustomerProtocolStrategy strategy = CustomerProtocolStrategy.of(protocol);
        strategy.validateChange(current, body);
        List<String> domains = body.domains == null ? current.domains : domainsOf(body.domains);
        String displayName = isBlank(body.displayName) ? current.displayName : body.displayName.trim();
        boolean enabled = body.enabled == null ? Boolean.TRUE.equals(current.enabled) : body.enabled;
        CustomerRequest request = new CustomerRequest(current.slug, displayName, domains, protocol, enabled,
                trimmed(merged(body.metadataUrl, current.metadataUrl)), unblank(merged(body.tenantId, current.tenantId)),
                trimmed(merged(body.authorityUrl, current.authorityUrl)), trimmed(merged(body.discoveryUrl, current.discoveryUrl)),
                trimmed(merged(body.clientId, current.clientId)), unblank(body.clientSecret),
                trimmed(merged(body.connectionUrl, current.connectionUrl)), trimmed(merged(body.bindDn, current.bindDn)),
                unblank(body.bindCredential), trimmed(merged(body.usersDn, current.usersDn)), secretStored);
        strategy.validate(request, allowInsecureMetadata);
        return request;
    }

    /**
     * The secret to store: the one sent, else the stored one; neither is a 400 with {@code missing}
     * (a change that adds what needs a secret the customer never stored).
     */
    static String secretToStore(String sent, String stored, String missing) {
        String secret = sent != null ? sent : stored;
        if (isBlank(secret)) {
            throw CustomerInputException.badRequest(missing);
        }
        return secret;
    }

    private static List<String> domainsOf(List<String> domains) {
        try {
            return CustomerRules.normalizedDomains(domains);
        } catch (IllegalArgumentException e) {
            throw CustomerInputException.badRequest(e.getMessage());
        }
    }

    private static String merged(String requested, String stored) {
        return requested != null ? requested : stored;
    }

    private static String trimmed(String value) {
        return isBlank(value) ? null : value.trim();
    }

    /** Secrets and the tenant id are kept as sent (a secret may end in a space; the tenant GUID check sees what was sent). */
    private static String unblank(String value) {
        return isBlank(value) ? null : value;
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
