package dev.ssobundle.brokers;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.keycloak.component.ComponentModel;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.ldap.mappers.LDAPStorageMapper;

/**
 * A customer's LDAP directory as a read-only user federation (component named by the slug): it
 * serves only the entries whose mail is in the customer's domains, through the customer's mail
 * mapper. No identity provider: the customer's users type their directory password at Keycloak.
 */
final class LdapCustomerStrategy implements CustomerProtocolStrategy {

    static final LdapCustomerStrategy INSTANCE = new LdapCustomerStrategy();

    /** Bookkeeping written on the organization (the federation is found by its name, the slug). */
    static final String LDAP_COMPONENT_ATTRIBUTE = "ssoBundle.customers.ldapComponentId";
    private static final String BIND_CREDENTIAL = "bindCredential";

    private LdapCustomerStrategy() {
    }

    @Override
    public void validate(CustomerRequest request, boolean allowInsecureMetadata) {
        CustomerRules.ldapUrlProblem(request.connectionUrl()).ifPresent(p -> {
            throw CustomerInputException.badRequest(p);
        });
        if (request.usersDn() == null) {
            throw CustomerInputException.badRequest("usersDn is required (e.g. ou=people,dc=acme,dc=com)");
        }
        if (request.bindDn() != null && request.bindCredential() == null && !request.secretStored()) {
            throw CustomerInputException.badRequest("bindCredential is required with bindDn");
        }
    }

    @Override
    public void validateChange(CustomerRepresentation current, CustomerRepresentation change) {
        if (!CustomerRequest.isBlank(current.bindDn)) {
            CustomerProtocolStrategy.secretFollows("connectionUrl", current.connectionUrl, change.connectionUrl,
                    BIND_CREDENTIAL, change.bindCredential, true);
        }
    }

    @Override
    public boolean hasStoredSecret(CustomerContext context, String slug) {
        return federation(context.realm(), slug).map(c -> !CustomerRequest.isBlank(c.get(BIND_CREDENTIAL))).orElse(false);
    }

    @Override
    public PendingWrites prepareCreate(CustomerContext context, CustomerRequest request) {
        ComponentModel ldap = component(context.realm(), request, Map.of());
        return new PendingWrites() {
            private String federationId;

            @Override
            public void write(OrganizationModel organization, Map<String, List<String>> organizationAttributes) {
                ldap.put("enabled", Boolean.toString(request.enabled()));
                federationId = context.realm().addComponentModel(ldap).getId();
                useCustomerMailMapper(context.realm(), federationId, request.domains());
                organizationAttributes.put(LDAP_COMPONENT_ATTRIBUTE, List.of(federationId));
            }

            @Override
            public void audit(OperationType operation, CustomerRepresentation customer) {
                context.audit().ldapComponent(operation, federationId, customer);
            }
        };
    }

    @Override
    public PendingWrites prepareUpdate(CustomerContext context, CustomerRequest request) {
        Optional<ComponentModel> existing = federation(context.realm(), request.slug());
        if (existing.isEmpty()) {
            return PendingWrites.NONE;
        }
        Map<String, String> previousConfig = existing.get().getConfig().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().isEmpty() ? "" : e.getValue().get(0)));
        ComponentModel ldap = component(context.realm(), request, previousConfig);
        return new PendingWrites() {
            @Override
            public void write(OrganizationModel organization, Map<String, List<String>> organizationAttributes) {
                ldap.setId(existing.get().getId());
                ldap.put("enabled", Boolean.toString(request.enabled()));
                context.realm().updateComponent(ldap);
                // follows the customer's domains; federations onboarded before the mapper existed get it on their next update
                useCustomerMailMapper(context.realm(), ldap.getId(), request.domains());
            }

            @Override
            public void audit(OperationType operation, CustomerRepresentation customer) {
                context.audit().ldapComponent(operation, ldap.getId(), customer);
            }
        };
    }

    @Override
    public void describe(CustomerContext context, String slug, CustomerRepresentation customer) {
        federation(context.realm(), slug).ifPresent(c -> {
            customer.connectionUrl = c.get("connectionUrl");
            customer.bindDn = c.get("bindDn");
            customer.usersDn = c.get("usersDn");
        });
    }

    @Override
    public void remove(CustomerContext context, OrganizationModel organization, CustomerRepresentation removed) {
        federation(context.realm(), organization.getAlias()).ifPresent(component -> {
            context.realm().removeComponent(component);
            context.audit().ldapComponent(OperationType.DELETE, component.getId(), removed);
        });
    }

    /** The customer's federation, named by its slug. */
    static Optional<ComponentModel> federation(RealmModel realm, String slug) {
        return realm.getComponentsStream(realm.getId(), UserStorageProvider.class.getName())
                .filter(c -> "ldap".equals(c.getProviderId()) && slug.equals(c.getName())).findFirst();
    }

    private static ComponentModel component(RealmModel realm, CustomerRequest request, Map<String, String> previousConfig) {
        ComponentModel model = new ComponentModel();
        model.setName(request.slug());
        model.setParentId(realm.getId());
        model.setProviderId("ldap");
        model.setProviderType(UserStorageProvider.class.getName());
        model.put("connectionUrl", request.connectionUrl());
        model.put("usersDn", request.usersDn());
        model.put("authType", request.bindDn() == null ? "none" : "simple");
        if (request.bindDn() != null) {
            model.put("bindDn", request.bindDn());
            model.put(BIND_CREDENTIAL, CustomerRequest.secretToStore(request.bindCredential(), previousConfig.get(BIND_CREDENTIAL),
                    "bindCredential is required with bindDn"));
        }
        model.put("vendor", "other");
        model.put("editMode", "READ_ONLY");
        model.put("usernameLDAPAttribute", "uid");
        model.put("rdnLDAPAttribute", "uid");
        model.put("uuidLDAPAttribute", "entryUUID");
        model.put("userObjectClasses", "inetOrgPerson, organizationalPerson");
        model.put("searchScope", "2");
        model.put("importEnabled", "true");
        model.put("syncRegistrations", "false");
        // the federation serves only entries with a mail in the customer's domains, and the customer's mail mapper makes
        // that mail the email (trustEmail marks it verified): no foreign email is imported, nor found by a lookup
        model.put("customUserSearchFilter", CustomerRules.ldapMailDomainFilter(request.domains()));
        model.put("trustEmail", "true");
        model.put("pagination", "true");
        model.put("cachePolicy", "DEFAULT");
        return model;
    }

    /**
     * Keycloak's own email mapper takes an entry's first {@code mail}, whatever its domain, and the
     * federation trusts emails: the customer's mail mapper keeps the entry to the customer's own
     * mails (see {@link CustomerLdapMailMapper}), with the customer's domains.
     */
    private static void useCustomerMailMapper(RealmModel realm, String federationId, List<String> domains) {
        Optional<ComponentModel> customerMapper = realm.getComponentsStream(federationId, LDAPStorageMapper.class.getName())
                .filter(m -> CustomerLdapMailMapperFactory.PROVIDER_ID.equals(m.getProviderId())).findFirst();
        if (customerMapper.isPresent()) {
            customerMapper.get().getConfig().put(CustomerLdapMailMapperFactory.DOMAINS.name(), List.copyOf(domains));
            // written before the ssoBundle. namespace: the new name replaces it
            customerMapper.get().getConfig().remove(CustomerLdapMailMapperFactory.DOMAINS.formerName());
            realm.updateComponent(customerMapper.get());
        } else {
            realm.addComponentModel(CustomerLdapMailMapperFactory.model(federationId, domains));
        }
    }
}
