package dev.ssobundle.brokers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.IdentityProviderStorageProvider;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;

/**
 * The customers whose users sign in at their own identity provider: one Keycloak identity provider
 * (alias = slug), hidden from the login page and linked to the organization with "redirect when the
 * email domain matches", plus the customer's domain guard. Each protocol adds its provider type and
 * configuration ({@link #configure}) and its fields of the description ({@link #describeProtocol}).
 */
abstract class IdentityProviderCustomerStrategy implements CustomerProtocolStrategy {

    static final String CLIENT_SECRET = "clientSecret";

    /** Sets the provider type and this protocol's configuration; reads the customer's metadata where the protocol has some. */
    abstract void configure(CustomerContext context, IdentityProviderModel idp, Map<String, String> config, CustomerRequest request,
                            Map<String, String> previousConfig);

    /** This protocol's stored fields and SP facts, from the identity provider's configuration. */
    abstract void describeProtocol(CustomerContext context, String slug, Map<String, String> config, CustomerRepresentation customer);

    /** The guard checking that a signed-in user belongs to the customer's domains. */
    IdentityProviderMapperModel domainGuard(String alias) {
        return CustomerDomainGuardMapper.model(alias, null, null, null);
    }

    /** Mappers created with the identity provider, besides the guard. */
    List<IdentityProviderMapperModel> mappers(String alias) {
        return List.of();
    }

    @Override
    public boolean hasStoredSecret(CustomerContext context, String slug) {
        IdentityProviderModel idp = context.session().identityProviders().getByAlias(slug);
        return idp != null && !CustomerRequest.isBlank(idp.getConfig().get(CLIENT_SECRET));
    }

    @Override
    public PendingWrites prepareCreate(CustomerContext context, CustomerRequest request) {
        IdentityProviderModel idp = build(context, request, Map.of());
        return identityProviderWrites(context, idp, request, (identityProviders, organization) -> {
            identityProviders.create(idp);
            mappers(idp.getAlias()).forEach(identityProviders::createMapper);
            identityProviders.createMapper(domainGuard(idp.getAlias()));
            if (!context.organizations().addIdentityProvider(organization, identityProviders.getByAlias(idp.getAlias()))) {
                throw CustomerInputException.conflict("identity provider '" + idp.getAlias() + "' could not be linked to the organization");
            }
        });
    }

    @Override
    public PendingWrites prepareUpdate(CustomerContext context, CustomerRequest request) {
        String slug = request.slug();
        IdentityProviderModel existing = context.session().identityProviders().getByAlias(slug);
        if (existing == null) {
            return PendingWrites.NONE;
        }
        IdentityProviderModel replacement = build(context, request, existing.getConfig());
        return identityProviderWrites(context, replacement, request, (identityProviders, organization) -> {
            replacement.setInternalId(existing.getInternalId());
            replacement.setOrganizationId(existing.getOrganizationId());
            identityProviders.update(replacement);
            // customers onboarded before the guard (or its hosted-domain check) existed get it on their next update
            IdentityProviderMapperModel guard = domainGuard(slug);
            Optional<IdentityProviderMapperModel> existingGuard = identityProviders.getMappersByAliasStream(slug)
                    .filter(m -> CustomerDomainGuardMapper.PROVIDER_ID.equals(m.getIdentityProviderMapper())).findFirst();
            if (existingGuard.isEmpty()) {
                identityProviders.createMapper(guard);
            } else if (!guard.getConfig().equals(existingGuard.get().getConfig())) {
                guard.setId(existingGuard.get().getId());
                identityProviders.updateMapper(guard);
            }
        });
    }

    /**
     * The writes of {@code idp}, enabled as the request asks, through the realm's identity providers; their
     * admin event is a change of that identity provider.
     */
    private static PendingWrites identityProviderWrites(CustomerContext context, IdentityProviderModel idp, CustomerRequest request,
                                                        BiConsumer<IdentityProviderStorageProvider, OrganizationModel> write) {
        return new PendingWrites() {
            @Override
            public void write(OrganizationModel organization, Map<String, List<String>> organizationAttributes) {
                idp.setEnabled(request.enabled());
                write.accept(context.session().identityProviders(), organization);
            }

            @Override
            public void audit(OperationType operation, CustomerRepresentation customer) {
                context.audit().identityProvider(operation, idp.getAlias(), customer);
            }
        };
    }

    @Override
    public void describe(CustomerContext context, String slug, CustomerRepresentation customer) {
        customer.redirectUri = BrokerUris.redirectUri(context.publicBase(), context.realm().getName(), slug);
        IdentityProviderModel idp = context.session().identityProviders().getByAlias(slug);
        if (idp == null) {
            return;
        }
        describeProtocol(context, slug, idp.getConfig(), customer);
        customer.warnings = insecureMetadataWarnings(customer, idp.getConfig());
    }

    @Override
    public void remove(CustomerContext context, OrganizationModel organization, CustomerRepresentation removed) {
        String slug = organization.getAlias();
        IdentityProviderModel idp = context.session().identityProviders().getByAlias(slug);
        if (idp != null) {
            context.organizations().removeIdentityProvider(organization, idp);
            context.session().identityProviders().remove(slug);
            context.audit().identityProvider(OperationType.DELETE, slug, removed);
        }
    }

    private IdentityProviderModel build(CustomerContext context, CustomerRequest request, Map<String, String> previousConfig) {
        IdentityProviderModel idp = new IdentityProviderModel();
        idp.setAlias(request.slug());
        idp.setDisplayName(request.displayName());
        idp.setEnabled(true);
        // customers must not be listed on the shared login page; users reach their IdP by email domain
        context.keycloak().hideOnLogin(idp, true);
        context.keycloak().trustEmail(idp, false);
        context.keycloak().linkOnly(idp, false);
        idp.setSyncMode(IdentityProviderSyncMode.IMPORT);
        Map<String, String> config = new HashMap<>();
        configure(context, idp, config, request, previousConfig);
        List<String> domains = request.domains();
        config.put(OrganizationModel.ORGANIZATION_DOMAIN_ATTRIBUTE, domains.size() == 1 ? domains.get(0) : OrganizationDomainModel.ANY_DOMAIN);
        config.put(OrganizationModel.IdentityProviderRedirectMode.EMAIL_MATCH.getKey(), "true");
        idp.setConfig(config);
        try {
            idp.validate(context.realm());
        } catch (IllegalArgumentException e) {
            throw CustomerInputException.badRequest(e.getMessage());
        }
        return idp;
    }

    /** The client id and secret of the customer's OAuth client (Entra ID, OIDC, Google); the stored secret when none was sent. */
    static void clientCredentials(Map<String, String> config, CustomerRequest request, Map<String, String> previousConfig) {
        config.put("clientId", request.clientId());
        config.put(CLIENT_SECRET, CustomerRequest.secretToStore(request.clientSecret(), previousConfig.get(CLIENT_SECRET),
                "clientSecret is required"));
        config.put("clientAuthMethod", "client_secret_post");
    }

    /** The client id and secret checks shared by the OAuth protocols; a change may keep the stored secret. */
    static void requireClientCredentials(CustomerRequest request) {
        if (request.clientId() == null) {
            throw CustomerInputException.badRequest("clientId is required");
        }
        if (request.clientSecret() == null && !request.secretStored()) {
            throw CustomerInputException.badRequest("clientSecret is required");
        }
    }

    /** Keycloak's OIDC identity provider read from a discovery document: its endpoints and JWKS, PKCE S256. */
    static void oidcFromDiscovery(CustomerContext context, IdentityProviderModel idp, Map<String, String> config, String discoveryUrl) {
        idp.setProviderId("oidc");
        config.putAll(context.upstream().oidcIdentityProvider(discoveryUrl));
        config.put(IdentityProviderModel.METADATA_DESCRIPTOR_URL, discoveryUrl);
        config.put("pkceEnabled", "true");
        config.put("pkceMethod", "S256");
    }

    /** One warning per URL read over plain http (only possible where the realm allows it); null when none. */
    private static List<String> insecureMetadataWarnings(CustomerRepresentation customer, Map<String, String> config) {
        List<String> warnings = new ArrayList<>();
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("metadataUrl", customer.metadataUrl);
        urls.put("discoveryUrl", customer.discoveryUrl);
        urls.put("authorityUrl", customer.authorityUrl);
        urls.put("jwks_uri", customer.metadataUrl == null ? config.get("jwksUrl") : null);
        urls.forEach((field, url) -> {
            if (CustomerRules.isPlainHttp(url)) {
                warnings.add(field + " " + url + " is read over plain http: anyone on the network path can replace this customer's keys; "
                        + "allowed only because the realm sets " + CustomerRealmSettings.ALLOW_INSECURE_METADATA + "=true");
            }
        });
        return warnings.isEmpty() ? null : warnings;
    }
}
