package dev.ssobundle.brokers;

import dev.ssobundle.brokers.entra.EntraIdIdentityProviderConfig;
import dev.ssobundle.brokers.entra.EntraIdIdentityProviderFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelException;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.ldap.mappers.LDAPStorageMapper;

/**
 * Turns a customer into Keycloak built-ins: an Organization (alias = slug, the customer's email
 * domains) and, except for LDAP, an identity provider (alias = slug) linked to it with "redirect
 * when the email domain matches". LDAP customers get a user-federation component instead.
 *
 * <p>Everything is checked (input, conflicts, the customer's metadata) before the first write;
 * if a write still fails, the request's Keycloak transaction is marked rollback-only so nothing
 * is left half-created.
 */
final class CustomerOnboarding {

    private static final Logger LOG = Logger.getLogger(CustomerOnboarding.class);

    static final String PROTOCOL_ATTRIBUTE = "customer.protocol";
    static final String LDAP_COMPONENT_ATTRIBUTE = "customer.ldapComponentId";
    private static final String GOOGLE_HOSTED_DOMAIN_CLAIM = "hd";
    private static final String SAML_PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationProvider organizations;
    private final URI publicBase;
    private final BrokersKeycloakAdapter keycloak;
    private final boolean allowInsecureMetadata;
    private final CustomerAudit audit;

    CustomerOnboarding(KeycloakSession session, RealmModel realm, BrokersKeycloakAdapter keycloak, CustomerAudit audit) {
        this.session = session;
        this.keycloak = keycloak;
        this.realm = realm;
        this.organizations = session.getProvider(OrganizationProvider.class);
        CustomerRealmSettings settings = new CustomerRealmSettings(realm);
        this.publicBase = settings.publicBaseUri(session.getContext().getUri().getBaseUri());
        this.allowInsecureMetadata = settings.allowInsecureMetadata();
        this.audit = audit;
    }

    Stream<CustomerRepresentation> list() {
        requireOrganizations();
        return organizations.getAllStream().filter(CustomerOnboarding::isCustomer).map(this::toRepresentation);
    }

    Optional<CustomerRepresentation> get(String slug) {
        return find(slug).map(this::toRepresentation);
    }

    CustomerRepresentation create(CustomerRepresentation request) {
        requireOrganizations();
        if (request == null) {
            throw CustomerInputException.badRequest("a JSON body is required");
        }
        CustomerRules.slugProblem(request.slug).ifPresent(p -> {
            throw CustomerInputException.badRequest(p);
        });
        CustomerProtocol protocol = protocolOf(request.protocol);
        List<String> domains = domainsOf(request.domains);
        String displayName = isBlank(request.displayName) ? request.slug : request.displayName.trim();

        if (session.identityProviders().getByAlias(request.slug) != null || organizations.getByAlias(request.slug) != null
                || ldapComponent(request.slug).isPresent()) {
            throw CustomerInputException.conflict("a customer, organization or identity provider with slug '" + request.slug + "' already exists");
        }
        if (organizations.getAllStream(displayName, true, 0, 1).anyMatch(o -> displayName.equals(o.getName()))) {
            throw CustomerInputException.conflict("an organization named '" + displayName + "' already exists");
        }
        requireDomainsFree(domains, null);

        // everything that talks to the customer's systems runs before the first write
        IdentityProviderModel idp = protocol == CustomerProtocol.LDAP ? null
                : identityProvider(request.slug, displayName, protocol, domains, request, Map.of());
        ComponentModel ldap = protocol == CustomerProtocol.LDAP ? ldapComponent(request.slug, domains, request, Map.of()) : null;
        boolean enabled = request.enabled == null || request.enabled;

        return inTransaction(() -> {
            OrganizationModel organization = organizations.create(displayName, request.slug);
            organization.setDomains(domains.stream().map(d -> new OrganizationDomainModel(d, true)).collect(Collectors.toSet()));
            organization.setEnabled(enabled);
            Map<String, List<String>> attributes = new HashMap<>();
            attributes.put(PROTOCOL_ATTRIBUTE, List.of(protocol.wireName()));
            if (idp != null) {
                idp.setEnabled(enabled);
                session.identityProviders().create(idp);
                if (protocol.isSaml()) {
                    AdfsClaims.mappers(idp.getAlias()).forEach(session.identityProviders()::createMapper);
                }
                session.identityProviders().createMapper(domainGuard(idp.getAlias(), protocol));
                if (!organizations.addIdentityProvider(organization, session.identityProviders().getByAlias(idp.getAlias()))) {
                    throw CustomerInputException.conflict("identity provider '" + idp.getAlias() + "' could not be linked to the organization");
                }
            } else {
                ldap.put("enabled", Boolean.toString(enabled));
                ComponentModel created = realm.addComponentModel(ldap);
                useCustomerMailMapper(created.getId(), domains);
                attributes.put(LDAP_COMPONENT_ATTRIBUTE, List.of(created.getId()));
            }
            organization.setAttributes(attributes);
            LOG.infof("Realm %s: onboarded customer %s (%s, domains %s)", realm.getName(), request.slug, protocol.wireName(), domains);
            // the protocol is known here: the organization's attributes just written need not be read back
            CustomerRepresentation created = toRepresentation(organization, protocol);
            audit.organization(OperationType.CREATE, organization.getId(), created);
            if (idp != null) {
                audit.identityProvider(OperationType.CREATE, idp.getAlias(), created);
            } else {
                audit.ldapComponent(OperationType.CREATE, attributes.get(LDAP_COMPONENT_ATTRIBUTE).get(0), created);
            }
            return created;
        });
    }

    CustomerRepresentation update(String slug, CustomerRepresentation request) {
        OrganizationModel organization = find(slug).orElseThrow(() -> new CustomerInputException(
                jakarta.ws.rs.core.Response.Status.NOT_FOUND, "no customer with slug '" + slug + "'"));
        if (request == null) {
            throw CustomerInputException.badRequest("a JSON body is required");
        }
        if (request.slug != null && !request.slug.equals(slug)) {
            throw CustomerInputException.badRequest("the slug cannot change (it is in the redirect URI the customer registered); delete and onboard again");
        }
        CustomerProtocol protocol = protocolOf(organization);
        if (request.protocol != null && !request.protocol.equals(protocol.wireName())) {
            throw CustomerInputException.badRequest("the protocol cannot change from " + protocol.wireName() + "; delete and onboard again");
        }
        CustomerRepresentation current = toRepresentation(organization, protocol);
        requireSecretWithNewLocation(protocol, current, request);
        List<String> domains = request.domains == null ? current.domains : domainsOf(request.domains);
        requireDomainsFree(domains, organization);
        String displayName = isBlank(request.displayName) ? current.displayName : request.displayName.trim();
        if (!displayName.equals(organization.getName())
                && organizations.getAllStream(displayName, true, 0, 1).anyMatch(o -> displayName.equals(o.getName()))) {
            throw CustomerInputException.conflict("an organization named '" + displayName + "' already exists");
        }
        boolean enabled = request.enabled == null ? organization.isEnabled() : request.enabled;
        CustomerRepresentation merged = merge(current, request);

        IdentityProviderModel existingIdp = session.identityProviders().getByAlias(slug);
        IdentityProviderModel replacement = protocol == CustomerProtocol.LDAP || existingIdp == null ? null
                : identityProvider(slug, displayName, protocol, domains, merged, existingIdp.getConfig());
        Optional<ComponentModel> existingLdap = ldapComponent(slug);
        ComponentModel ldap = protocol == CustomerProtocol.LDAP && existingLdap.isPresent()
                ? ldapComponent(slug, domains, merged, existingLdap.get().getConfig().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().isEmpty() ? "" : e.getValue().get(0))))
                : null;

        return inTransaction(() -> {
            organization.setName(displayName);
            organization.setDomains(domains.stream().map(d -> new OrganizationDomainModel(d, true)).collect(Collectors.toSet()));
            organization.setEnabled(enabled);
            if (replacement != null) {
                replacement.setInternalId(existingIdp.getInternalId());
                replacement.setOrganizationId(existingIdp.getOrganizationId());
                replacement.setEnabled(enabled);
                session.identityProviders().update(replacement);
                // customers onboarded before the guard (or its hosted-domain check) existed get it on their next update
                IdentityProviderMapperModel guard = domainGuard(slug, protocol);
                Optional<IdentityProviderMapperModel> existingGuard = session.identityProviders().getMappersByAliasStream(slug)
                        .filter(m -> CustomerDomainGuardMapper.PROVIDER_ID.equals(m.getIdentityProviderMapper())).findFirst();
                if (existingGuard.isEmpty()) {
                    session.identityProviders().createMapper(guard);
                } else if (!guard.getConfig().equals(existingGuard.get().getConfig())) {
                    guard.setId(existingGuard.get().getId());
                    session.identityProviders().updateMapper(guard);
                }
            }
            if (ldap != null) {
                ldap.setId(existingLdap.get().getId());
                ldap.put("enabled", Boolean.toString(enabled));
                realm.updateComponent(ldap);
                // follows the customer's domains; federations onboarded before the mapper existed get it on their next update
                useCustomerMailMapper(ldap.getId(), domains);
            }
            CustomerRepresentation updated = toRepresentation(organization, protocol);
            audit.organization(OperationType.UPDATE, organization.getId(), updated);
            if (replacement != null) {
                audit.identityProvider(OperationType.UPDATE, slug, updated);
            }
            if (ldap != null) {
                audit.ldapComponent(OperationType.UPDATE, ldap.getId(), updated);
            }
            return updated;
        });
    }

    boolean delete(String slug) {
        Optional<OrganizationModel> organization = find(slug);
        if (organization.isEmpty()) {
            return false;
        }
        CustomerRepresentation removed = toRepresentation(organization.get());
        String organizationId = organization.get().getId();
        return inTransaction(() -> {
            IdentityProviderModel idp = session.identityProviders().getByAlias(slug);
            if (idp != null) {
                organizations.removeIdentityProvider(organization.get(), idp);
                session.identityProviders().remove(slug);
                audit.identityProvider(OperationType.DELETE, slug, removed);
            }
            ldapComponent(slug).ifPresent(component -> {
                realm.removeComponent(component);
                audit.ldapComponent(OperationType.DELETE, component.getId(), removed);
            });
            organizations.remove(organization.get());
            audit.organization(OperationType.DELETE, organizationId, removed);
            LOG.infof("Realm %s: removed customer %s", realm.getName(), slug);
            return true;
        });
    }

    private Optional<OrganizationModel> find(String slug) {
        requireOrganizations();
        return Optional.ofNullable(slug == null ? null : organizations.getByAlias(slug)).filter(CustomerOnboarding::isCustomer);
    }

    private IdentityProviderModel identityProvider(String slug, String displayName, CustomerProtocol protocol, List<String> domains,
                                                   CustomerRepresentation request, Map<String, String> previousConfig) {
        IdentityProviderModel idp = new IdentityProviderModel();
        idp.setAlias(slug);
        idp.setDisplayName(displayName);
        idp.setEnabled(true);
        // customers must not be listed on the shared login page; users reach their IdP by email domain
        keycloak.hideOnLogin(idp, true);
        keycloak.trustEmail(idp, false);
        keycloak.linkOnly(idp, false);
        idp.setSyncMode(IdentityProviderSyncMode.IMPORT);
        Map<String, String> config = new HashMap<>();
        UpstreamMetadata upstream = new UpstreamMetadata(session, allowInsecureMetadata);

        switch (protocol) {
            case ADFS, SAML -> {
                requireMetadataUrl("metadataUrl", request.metadataUrl);
                idp.setProviderId("saml");
                config.putAll(upstream.samlIdentityProvider(request.metadataUrl.trim()));
                config.put(IdentityProviderModel.METADATA_DESCRIPTOR_URL, request.metadataUrl.trim());
                // the signing keys are re-read from the metadata URL, so the customer's certificate rollover needs no call
                config.put("useMetadataDescriptorUrl", "true");
                config.put("entityId", BrokerUris.spEntityId(publicBase, realm.getName()));
                config.put("principalType", "SUBJECT");
                config.put("allowCreate", "true");
                if (protocol == CustomerProtocol.ADFS) {
                    config.put("nameIDPolicyFormat", SAML_PERSISTENT);
                }
            }
            case ENTRA -> {
                if (!EntraIdIdentityProviderConfig.isTenantGuid(request.tenantId)) {
                    throw CustomerInputException.badRequest("tenantId must be the customer's directory (tenant) id, a GUID; "
                            + "'common', 'organizations' and 'consumers' are refused");
                }
                String authority = isBlank(request.authorityUrl) ? EntraIdIdentityProviderConfig.DEFAULT_AUTHORITY : request.authorityUrl.trim();
                requireMetadataUrl("authorityUrl", authority);
                idp.setProviderId(EntraIdIdentityProviderFactory.PROVIDER_ID);
                EntraIdIdentityProviderConfig entra = new EntraIdIdentityProviderConfig(idp);
                entra.setTenantId(request.tenantId.toLowerCase(java.util.Locale.ROOT));
                entra.setAuthorityUrl(authority);
                entra.setEmailDomains(domains);
                entra.applyTenantEndpoints();
                String discovery = entra.expectedIssuer() + "/.well-known/openid-configuration";
                String issuer = upstream.issuerOf("tenantId", discovery);
                if (!entra.expectedIssuer().equals(issuer)) {
                    throw CustomerInputException.badRequest("tenant " + request.tenantId + " announces issuer " + issuer
                            + ", expected " + entra.expectedIssuer());
                }
                config.putAll(entra.getConfig());
                clientCredentials(config, request, previousConfig);
            }
            case OIDC -> {
                oidcFromDiscovery(idp, config, upstream, request.discoveryUrl);
                config.put("defaultScope", "openid profile email");
                clientCredentials(config, request, previousConfig);
            }
            case GOOGLE -> {
                if (isBlank(request.discoveryUrl)) {
                    // Keycloak's Google provider: Google's endpoints and keys are built in. Its own hosted-domain check is
                    // left off (it ends on a generic error page): the domain guard checks hd, with a message the user understands
                    idp.setProviderId("google");
                } else {
                    // a Google-compatible issuer named by its discovery document (a proxy in front of Google, a stand-in)
                    oidcFromDiscovery(idp, config, upstream, request.discoveryUrl);
                }
                config.put("defaultScope", "openid profile email");
                clientCredentials(config, request, previousConfig);
            }
            default -> throw new IllegalStateException("no identity provider for " + protocol);
        }
        config.put(OrganizationModel.ORGANIZATION_DOMAIN_ATTRIBUTE, domains.size() == 1 ? domains.get(0) : OrganizationDomainModel.ANY_DOMAIN);
        config.put(OrganizationModel.IdentityProviderRedirectMode.EMAIL_MATCH.getKey(), "true");
        idp.setConfig(config);
        try {
            idp.validate(realm);
        } catch (IllegalArgumentException e) {
            throw CustomerInputException.badRequest(e.getMessage());
        }
        return idp;
    }

    /** Keycloak's OIDC identity provider read from a discovery document: its endpoints and JWKS, PKCE S256. */
    private void oidcFromDiscovery(IdentityProviderModel idp, Map<String, String> config, UpstreamMetadata upstream, String discoveryUrl) {
        requireMetadataUrl("discoveryUrl", discoveryUrl);
        idp.setProviderId("oidc");
        config.putAll(upstream.oidcIdentityProvider(discoveryUrl.trim()));
        config.put(IdentityProviderModel.METADATA_DESCRIPTOR_URL, discoveryUrl.trim());
        config.put("pkceEnabled", "true");
        config.put("pkceMethod", "S256");
    }

    private static IdentityProviderMapperModel domainGuard(String alias, CustomerProtocol protocol) {
        if (protocol.isSaml()) {
            return CustomerDomainGuardMapper.model(alias, AdfsClaims.UPN, AdfsClaims.EMAIL);
        }
        // Google says which Workspace an account belongs to only through the hd claim of its ID token
        return CustomerDomainGuardMapper.model(alias, null, null, protocol == CustomerProtocol.GOOGLE ? GOOGLE_HOSTED_DOMAIN_CLAIM : null);
    }

    private static void clientCredentials(Map<String, String> config, CustomerRepresentation request, Map<String, String> previousConfig) {
        if (isBlank(request.clientId)) {
            throw CustomerInputException.badRequest("clientId is required");
        }
        String secret = isBlank(request.clientSecret) ? previousConfig.get("clientSecret") : request.clientSecret;
        if (isBlank(secret)) {
            throw CustomerInputException.badRequest("clientSecret is required");
        }
        config.put("clientId", request.clientId.trim());
        config.put("clientSecret", secret);
        config.put("clientAuthMethod", "client_secret_post");
    }

    private ComponentModel ldapComponent(String slug, List<String> domains, CustomerRepresentation request, Map<String, String> previousConfig) {
        CustomerRules.ldapUrlProblem(request.connectionUrl).ifPresent(p -> {
            throw CustomerInputException.badRequest(p);
        });
        if (isBlank(request.usersDn)) {
            throw CustomerInputException.badRequest("usersDn is required (e.g. ou=people,dc=acme,dc=com)");
        }
        String credential = isBlank(request.bindCredential) ? previousConfig.get("bindCredential") : request.bindCredential;
        ComponentModel model = new ComponentModel();
        model.setName(slug);
        model.setParentId(realm.getId());
        model.setProviderId("ldap");
        model.setProviderType(UserStorageProvider.class.getName());
        model.put("connectionUrl", request.connectionUrl.trim());
        model.put("usersDn", request.usersDn.trim());
        model.put("authType", isBlank(request.bindDn) ? "none" : "simple");
        if (!isBlank(request.bindDn)) {
            model.put("bindDn", request.bindDn.trim());
            if (isBlank(credential)) {
                throw CustomerInputException.badRequest("bindCredential is required with bindDn");
            }
            model.put("bindCredential", credential);
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
        model.put("customUserSearchFilter", CustomerRules.ldapMailDomainFilter(domains));
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
    private void useCustomerMailMapper(String federationId, List<String> domains) {
        Optional<ComponentModel> customerMapper = realm.getComponentsStream(federationId, LDAPStorageMapper.class.getName())
                .filter(m -> CustomerLdapMailMapperFactory.PROVIDER_ID.equals(m.getProviderId())).findFirst();
        if (customerMapper.isPresent()) {
            customerMapper.get().getConfig().put(CustomerLdapMailMapperFactory.DOMAINS, List.copyOf(domains));
            realm.updateComponent(customerMapper.get());
        } else {
            realm.addComponentModel(CustomerLdapMailMapperFactory.model(federationId, domains));
        }
    }

    private Optional<ComponentModel> ldapComponent(String slug) {
        return realm.getComponentsStream(realm.getId(), UserStorageProvider.class.getName())
                .filter(c -> "ldap".equals(c.getProviderId()) && slug.equals(c.getName())).findFirst();
    }

    private void requireDomainsFree(List<String> domains, OrganizationModel self) {
        for (String domain : domains) {
            OrganizationModel owner = organizations.getByDomainName(domain);
            if (owner != null && (self == null || !owner.getId().equals(self.getId()))) {
                throw CustomerInputException.conflict("domain " + domain + " already belongs to another customer");
            }
        }
    }

    private CustomerRepresentation toRepresentation(OrganizationModel organization) {
        return toRepresentation(organization, protocolOf(organization));
    }

    private CustomerRepresentation toRepresentation(OrganizationModel organization, CustomerProtocol protocol) {
        CustomerRepresentation rep = new CustomerRepresentation();
        String slug = organization.getAlias();
        rep.slug = slug;
        rep.displayName = organization.getName();
        rep.domains = organization.getDomains().map(OrganizationDomainModel::getName).sorted().toList();
        rep.protocol = protocol.wireName();
        rep.enabled = organization.isEnabled();
        if (protocol == CustomerProtocol.LDAP) {
            ldapComponent(slug).ifPresent(c -> {
                rep.connectionUrl = c.get("connectionUrl");
                rep.bindDn = c.get("bindDn");
                rep.usersDn = c.get("usersDn");
            });
            return rep;
        }
        IdentityProviderModel idp = session.identityProviders().getByAlias(slug);
        rep.redirectUri = BrokerUris.redirectUri(publicBase, realm.getName(), slug);
        if (idp == null) {
            return rep;
        }
        Map<String, String> config = idp.getConfig();
        switch (protocol) {
            case ADFS, SAML -> {
                rep.metadataUrl = config.get(IdentityProviderModel.METADATA_DESCRIPTOR_URL);
                rep.spEntityId = config.getOrDefault("entityId", BrokerUris.spEntityId(publicBase, realm.getName()));
                rep.spMetadataUrl = BrokerUris.spMetadataUrl(publicBase, realm.getName(), slug);
            }
            case ENTRA -> {
                rep.tenantId = config.get(EntraIdIdentityProviderConfig.TENANT_ID);
                rep.authorityUrl = config.get(EntraIdIdentityProviderConfig.AUTHORITY_URL);
                rep.clientId = config.get("clientId");
            }
            case OIDC -> {
                rep.discoveryUrl = config.get(IdentityProviderModel.METADATA_DESCRIPTOR_URL);
                rep.clientId = config.get("clientId");
            }
            case GOOGLE -> {
                rep.discoveryUrl = config.get(IdentityProviderModel.METADATA_DESCRIPTOR_URL);
                rep.clientId = config.get("clientId");
            }
            default -> {
            }
        }
        rep.warnings = insecureMetadataWarnings(rep, config);
        return rep;
    }

    /** One warning per URL read over plain http (only possible where the realm allows it); null when none. */
    private static List<String> insecureMetadataWarnings(CustomerRepresentation rep, Map<String, String> config) {
        List<String> warnings = new ArrayList<>();
        Map<String, String> urls = new java.util.LinkedHashMap<>();
        urls.put("metadataUrl", rep.metadataUrl);
        urls.put("discoveryUrl", rep.discoveryUrl);
        urls.put("authorityUrl", rep.authorityUrl);
        urls.put("jwks_uri", rep.metadataUrl == null ? config.get("jwksUrl") : null);
        urls.forEach((field, url) -> {
            if (CustomerRules.isPlainHttp(url)) {
                warnings.add(field + " " + url + " is read over plain http: anyone on the network path can replace this customer's keys; "
                        + "allowed only because the realm sets " + CustomerRealmSettings.ALLOW_INSECURE_METADATA + "=true");
            }
        });
        return warnings.isEmpty() ? null : warnings;
    }

    private static CustomerRepresentation merge(CustomerRepresentation current, CustomerRepresentation request) {
        CustomerRepresentation merged = new CustomerRepresentation();
        merged.metadataUrl = firstNonNull(request.metadataUrl, current.metadataUrl);
        merged.tenantId = firstNonNull(request.tenantId, current.tenantId);
        merged.authorityUrl = firstNonNull(request.authorityUrl, current.authorityUrl);
        merged.discoveryUrl = firstNonNull(request.discoveryUrl, current.discoveryUrl);
        merged.clientId = firstNonNull(request.clientId, current.clientId);
        merged.clientSecret = request.clientSecret;
        merged.connectionUrl = firstNonNull(request.connectionUrl, current.connectionUrl);
        merged.bindDn = firstNonNull(request.bindDn, current.bindDn);
        merged.bindCredential = request.bindCredential;
        merged.usersDn = firstNonNull(request.usersDn, current.usersDn);
        return merged;
    }

    private <T> T inTransaction(java.util.function.Supplier<T> writes) {
        try {
            return writes.get();
        } catch (CustomerInputException e) {
            session.getTransactionManager().setRollbackOnly();
            throw e;
        } catch (ModelDuplicateException e) {
            session.getTransactionManager().setRollbackOnly();
            throw CustomerInputException.conflict(e.getMessage());
        } catch (ModelException | IllegalArgumentException e) {
            session.getTransactionManager().setRollbackOnly();
            throw CustomerInputException.badRequest(e.getMessage());
        } catch (RuntimeException e) {
            session.getTransactionManager().setRollbackOnly();
            throw e;
        }
    }

    private void requireOrganizations() {
        if (!realm.isOrganizationsEnabled()) {
            throw CustomerInputException.badRequest("Organizations are disabled in realm " + realm.getName()
                    + "; enable them (Realm settings > General > Organizations) to onboard customers");
        }
    }

    private static CustomerProtocol protocolOf(String wire) {
        return CustomerProtocol.fromWire(wire).orElseThrow(() -> CustomerInputException.badRequest(
                "protocol must be one of " + CustomerProtocol.allWireNames() + (wire == null ? "" : ", got '" + wire + "'")));
    }

    private static CustomerProtocol protocolOf(OrganizationModel organization) {
        return CustomerProtocol.fromWire(protocolAttribute(organization)).orElse(CustomerProtocol.SAML);
    }

    private static String protocolAttribute(OrganizationModel organization) {
        List<String> values = organization.getAttributes() == null ? null : organization.getAttributes().get(PROTOCOL_ATTRIBUTE);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static boolean isCustomer(OrganizationModel organization) {
        return protocolAttribute(organization) != null;
    }

    private static List<String> domainsOf(List<String> domains) {
        try {
            return CustomerRules.normalizedDomains(domains);
        } catch (IllegalArgumentException e) {
            throw CustomerInputException.badRequest(e.getMessage());
        }
    }

    private void requireMetadataUrl(String field, String value) {
        CustomerRules.metadataUrlProblem(field, value, allowInsecureMetadata).ifPresent(p -> {
            throw CustomerInputException.badRequest(p);
        });
    }

    /**
     * A stored secret goes only to the place it was given for: a change of where it would be sent
     * needs the secret again in the same request (else whoever may edit the customer could point
     * it at their own host and receive the customer's secret).
     */
    private static void requireSecretWithNewLocation(CustomerProtocol protocol, CustomerRepresentation current, CustomerRepresentation request) {
        switch (protocol) {
            case OIDC, GOOGLE -> secretFollows("discoveryUrl", current.discoveryUrl, request.discoveryUrl, "clientSecret", request.clientSecret, false);
            case ENTRA -> {
                secretFollows("tenantId", current.tenantId, request.tenantId, "clientSecret", request.clientSecret, true);
                secretFollows("authorityUrl", current.authorityUrl, request.authorityUrl, "clientSecret", request.clientSecret, false);
            }
            case LDAP -> {
                if (!isBlank(current.bindDn)) {
                    secretFollows("connectionUrl", current.connectionUrl, request.connectionUrl, "bindCredential", request.bindCredential, true);
                }
            }
            default -> {
            }
        }
    }

    private static void secretFollows(String field, String stored, String requested, String secretField, String secret, boolean ignoreCase) {
        if (requested == null || !isBlank(secret)) {
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

    private static <T> T firstNonNull(T a, T b) {
        return a != null ? a : b;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

}
