package dev.ssobundle.brokers;

import dev.ssobundle.compat.BundleSetting;
import dev.ssobundle.compat.BundleSettings;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.provider.AbstractIdentityProviderMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityProviderMapper;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderMapperSyncMode;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.ErrorPage;

/**
 * Keeps customers apart: attached to every customer's identity provider, it refuses a sign-in in
 * which that provider vouches for an email or username in another customer's domain (an error
 * event and a localized login-page message), before any account is created, linked or signed in.
 *
 * <p>For SAML customers it also owns the email and UPN claims (so its check sees them whatever
 * order Keycloak runs mappers in): the email claim goes to the email through Keycloak's own
 * attribute mapper, and the UPN becomes the username through Keycloak's own template mapper only
 * when the UPN's domain is one of the customer's domains.
 */
public final class CustomerDomainGuardMapper extends AbstractIdentityProviderMapper {

    public static final String PROVIDER_ID = "customer-domain-guard";
    static final BundleSetting UPN_CLAIM = BundleSetting.named("ssoBundle.customers.upnClaim").formerly("upnClaim");
    static final BundleSetting EMAIL_CLAIM = BundleSetting.named("ssoBundle.customers.emailClaim").formerly("emailClaim");
    static final String FOREIGN_DOMAIN_MESSAGE = "ssoBundleForeignCustomerDomain";
    static final String FOREIGN_DOMAIN_ERROR = "foreign_customer_domain";
    /** Config: the ID token claim naming the account's hosted domain (Google Workspace: {@code hd}); set for Google customers. */
    static final BundleSetting HOSTED_DOMAIN_CLAIM = BundleSetting.named("ssoBundle.customers.hostedDomainClaim").formerly("hostedDomainClaim");
    static final String FOREIGN_HOSTED_DOMAIN_MESSAGE = "ssoBundleForeignHostedDomain";
    static final String FOREIGN_HOSTED_DOMAIN_ERROR = "foreign_hosted_domain";

    private static final Logger LOG = Logger.getLogger(CustomerDomainGuardMapper.class);
    private static final String SAML_USERNAME_MAPPER = "saml-username-idp-mapper";
    private static final String SAML_ATTRIBUTE_MAPPER = "saml-user-attribute-idp-mapper";

    /** The guard of one customer's identity provider; {@code upnClaim}/{@code emailClaim} only for SAML customers. */
    static IdentityProviderMapperModel model(String idpAlias, String upnClaim, String emailClaim) {
        return model(idpAlias, upnClaim, emailClaim, null);
    }

    /** As above; {@code hostedDomainClaim} only for Google Workspace customers. */
    static IdentityProviderMapperModel model(String idpAlias, String upnClaim, String emailClaim, String hostedDomainClaim) {
        IdentityProviderMapperModel model = new IdentityProviderMapperModel();
        model.setName("customer-domain-guard");
        model.setIdentityProviderAlias(idpAlias);
        model.setIdentityProviderMapper(PROVIDER_ID);
        Map<String, String> config = new HashMap<>();
        config.put(IdentityProviderMapperModel.SYNC_MODE, IdentityProviderMapperSyncMode.INHERIT.name());
        if (upnClaim != null) {
            config.put(UPN_CLAIM.name(), upnClaim);
        }
        if (emailClaim != null) {
            config.put(EMAIL_CLAIM.name(), emailClaim);
        }
        if (hostedDomainClaim != null) {
            config.put(HOSTED_DOMAIN_CLAIM.name(), hostedDomainClaim);
        }
        model.setConfig(config);
        return model;
    }

    @Override
    public void preprocessFederatedIdentity(KeycloakSession session, RealmModel realm, IdentityProviderMapperModel mapperModel,
                                            BrokeredIdentityContext context) {
        IdentityProviderModel idp = context.getIdpConfig();
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        OrganizationModel own = idp.getOrganizationId() == null || organizations == null ? null : organizations.getById(idp.getOrganizationId());
        if (own == null) {
            // not (or no longer) linked to a customer: nothing to compare with, Keycloak's own checks apply
            return;
        }
        Set<String> ownDomains = own.getDomains().map(d -> d.getName().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());

        BundleSettings settings = BundleSettings.identityProviderMapper(mapperModel.getName() + " of " + idp.getAlias(), mapperModel.getConfig());
        String hostedDomainClaim = settings.string(HOSTED_DOMAIN_CLAIM);
        if (hostedDomainClaim != null) {
            refuseUnlessOwnHostedDomain(session, realm, context, ownDomains, hostedDomainClaim);
        }

        String emailClaim = settings.string(EMAIL_CLAIM);
        if (emailClaim != null) {
            delegate(session, realm, context, SAML_ATTRIBUTE_MAPPER, Map.of("attribute.name", emailClaim, "user.attribute", "email"));
        }
        String upnClaim = settings.string(UPN_CLAIM);
        if (upnClaim != null) {
            String before = context.getModelUsername();
            delegate(session, realm, context, SAML_USERNAME_MAPPER, Map.of("template", "${ATTRIBUTE." + upnClaim + "}", "target", "LOCAL"));
            String upn = context.getModelUsername();
            if (upn == null || upn.isBlank() || !domainOf(upn).map(ownDomains::contains).orElse(false)) {
                refuseIfForeign(session, realm, context, organizations, own, upn, "UPN");
                LOG.debugf("Realm %s, customer %s: UPN '%s' is not in the customer's domains %s; not used as username",
                        realm.getName(), idp.getAlias(), upn, ownDomains);
                // The email (the customer's own domain, checked below) is the username an ADFS user then expects;
                // without it Keycloak would fall back to the NameID and stop at the review-profile page.
                String email = context.getEmail();
                boolean ownEmail = email != null && domainOf(email).map(ownDomains::contains).orElse(false);
                context.setModelUsername(ownEmail ? email : before);
            }
        }
        refuseIfForeign(session, realm, context, organizations, own, context.getEmail(), "email");
        refuseIfForeign(session, realm, context, organizations, own, context.getUsername(), "username");
        refuseIfForeign(session, realm, context, organizations, own, context.getModelUsername(), "username");
    }

    private static void refuseIfForeign(KeycloakSession session, RealmModel realm, BrokeredIdentityContext context,
                                        OrganizationProvider organizations, OrganizationModel own, String value, String what) {
        Optional<String> domain = domainOf(value);
        if (domain.isEmpty()) {
            return;
        }
        OrganizationModel owner = organizations.getByDomainName(domain.get());
        if (owner == null || owner.getId().equals(own.getId())) {
            return;
        }
        String alias = context.getIdpConfig().getAlias();
        LOG.warnf("Realm %s: identity provider of customer %s asserted %s '%s' in domain %s of another customer (%s); sign-in refused",
                realm.getName(), alias, what, value, domain.get(), owner.getAlias());
        new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.IDENTITY_PROVIDER_LOGIN)
                .detail(Details.IDENTITY_PROVIDER, alias)
                .detail(Details.IDENTITY_PROVIDER_USERNAME, context.getUsername())
                .detail(Details.REASON, what + " in domain " + domain.get() + " of another customer")
                .error(FOREIGN_DOMAIN_ERROR);
        throw new WebApplicationException(ErrorPage.error(session, context.getAuthenticationSession(), Response.Status.FORBIDDEN,
                FOREIGN_DOMAIN_MESSAGE, domain.get()));
    }

    /**
     * A Google account belongs to the customer only when Google says so: the ID token's hosted
     * domain ({@code hd}, absent for consumer accounts) is one of the customer's domains. The email
     * alone proves nothing (a consumer account can carry any address).
     */
    private static void refuseUnlessOwnHostedDomain(KeycloakSession session, RealmModel realm, BrokeredIdentityContext context,
                                                    Set<String> ownDomains, String claim) {
        Object token = context.getContextData().get(OIDCIdentityProvider.VALIDATED_ID_TOKEN);
        Object value = token instanceof JsonWebToken idToken ? idToken.getOtherClaims().get(claim) : null;
        String hostedDomain = value instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : null;
        if (hostedDomain != null && ownDomains.contains(hostedDomain)) {
            return;
        }
        String alias = context.getIdpConfig().getAlias();
        String shown = hostedDomain == null || hostedDomain.isEmpty() ? "(none)" : hostedDomain;
        LOG.warnf("Realm %s: identity provider of customer %s signed in an account of hosted domain %s, not one of %s; sign-in refused",
                realm.getName(), alias, shown, ownDomains);
        new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.IDENTITY_PROVIDER_LOGIN)
                .detail(Details.IDENTITY_PROVIDER, alias)
                .detail(Details.IDENTITY_PROVIDER_USERNAME, context.getUsername())
                .detail(Details.REASON, claim + " " + shown + " is not a domain of the customer")
                .error(FOREIGN_HOSTED_DOMAIN_ERROR);
        throw new WebApplicationException(ErrorPage.error(session, context.getAuthenticationSession(), Response.Status.FORBIDDEN,
                FOREIGN_HOSTED_DOMAIN_MESSAGE, shown));
    }

    static Optional<String> domainOf(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int at = value.lastIndexOf('@');
        if (at < 0 || at == value.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(value.substring(at + 1).trim().toLowerCase(Locale.ROOT));
    }

    /** Runs one of Keycloak's own mappers with an in-memory configuration, at a point this guard chooses. */
    private static void delegate(KeycloakSession session, RealmModel realm, BrokeredIdentityContext context, String mapperId, Map<String, String> config) {
        IdentityProviderMapper mapper = (IdentityProviderMapper) session.getKeycloakSessionFactory().getProviderFactory(IdentityProviderMapper.class, mapperId);
        IdentityProviderMapperModel model = new IdentityProviderMapperModel();
        model.setName(PROVIDER_ID + "-" + mapperId);
        model.setIdentityProviderAlias(context.getIdpConfig().getAlias());
        model.setIdentityProviderMapper(mapperId);
        Map<String, String> withSync = new HashMap<>(config);
        withSync.put(IdentityProviderMapperModel.SYNC_MODE, IdentityProviderMapperSyncMode.INHERIT.name());
        model.setConfig(withSync);
        mapper.preprocessFederatedIdentity(session, realm, model, context);
    }

    @Override
    public boolean supportsSyncMode(IdentityProviderSyncMode syncMode) {
        return true;
    }

    @Override
    public String[] getCompatibleProviders() {
        return new String[] {ANY_PROVIDER};
    }

    @Override
    public String getDisplayCategory() {
        return "Preprocessor";
    }

    @Override
    public String getDisplayType() {
        return "Customer domain guard";
    }

    @Override
    public String getHelpText() {
        return "Refuses a sign-in in which this identity provider vouches for an email or username in another customer's domain "
                + "(added by the customers API). For SAML customers, maps the email claim and the UPN (as username, only in the customer's domains); "
                + "for Google Workspace customers, requires the hosted domain (hd) to be one of the customer's domains.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigProperty upn = new ProviderConfigProperty(UPN_CLAIM.name(), "UPN claim", "SAML attribute holding the UPN (username when in the customer's domains)",
                ProviderConfigProperty.STRING_TYPE, null);
        ProviderConfigProperty email = new ProviderConfigProperty(EMAIL_CLAIM.name(), "Email claim", "SAML attribute holding the email", ProviderConfigProperty.STRING_TYPE, null);
        ProviderConfigProperty hostedDomain = new ProviderConfigProperty(HOSTED_DOMAIN_CLAIM.name(), "Hosted domain claim",
                "ID token claim that must hold one of the customer's domains (Google Workspace: hd)", ProviderConfigProperty.STRING_TYPE, null);
        return List.of(upn, email, hostedDomain);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

}
