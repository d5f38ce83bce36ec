package dev.ssobundle.brokers.entra;

import java.util.Locale;
import org.jboss.logging.Logger;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.representations.JsonWebToken;

/**
 * OpenID Connect against one Entra ID tenant, closing the "nOAuth" hole: the account is keyed on
 * the immutable object id {@code oid} of the tenant {@code tid}, never on the mutable email; the
 * token must come from this tenant's issuer and carry this tenant's {@code tid}; an email is
 * imported only when Entra vouches for it ({@code xms_edov}) and it belongs to the customer.
 */
public class EntraIdIdentityProvider extends OIDCIdentityProvider {

    private static final Logger LOG = Logger.getLogger(EntraIdIdentityProvider.class);
    static final String EMAIL_TRUSTED = "entra.email.trusted";

    public EntraIdIdentityProvider(KeycloakSession session, EntraIdIdentityProviderConfig config) {
        super(session, tenantPinned(config));
    }

    private static EntraIdIdentityProviderConfig tenantPinned(EntraIdIdentityProviderConfig config) {
        if (!EntraIdIdentityProviderConfig.isTenantGuid(config.getTenantId())) {
            throw new IdentityBrokerException("Entra ID provider " + config.getAlias() + " has no tenant id");
        }
        config.applyTenantEndpoints();
        return config;
    }

    @Override
    public EntraIdIdentityProviderConfig getConfig() {
        return (EntraIdIdentityProviderConfig) super.getConfig();
    }

    @Override
    public BrokeredIdentityContext getFederatedIdentity(String response) {
        // super checks the signature against the tenant JWKS, the audience and the tenant issuer
        BrokeredIdentityContext identity = super.getFederatedIdentity(response);
        JsonWebToken idToken = (JsonWebToken) identity.getContextData().get(VALIDATED_ID_TOKEN);
        EntraIdClaims claims = EntraIdClaims.of(idToken);
        EntraIdIdentityProviderConfig config = getConfig();

        if (!config.getTenantId().equalsIgnoreCase(claims.tenantId())) {
            LOG.debugf("Entra ID provider %s: token of tenant %s refused, expected tenant %s", config.getAlias(), claims.tenantId(), config.getTenantId());
            // Keycloak logs this refusal (with the message) once, in the broker callback
            throw new IdentityBrokerException("Token issued for another Entra ID tenant");
        }
        if (claims.objectId() == null || claims.objectId().isBlank()) {
            throw new IdentityBrokerException("Entra ID token without the immutable object id (oid)");
        }

        String federatedId = claims.federatedUserId();
        identity.setId(federatedId);
        identity.setBrokerUserId(config.getAlias() + "." + federatedId);

        String email = claims.trustedEmail(config.getEmailDomains());
        identity.setEmail(email);
        identity.getContextData().put(EMAIL_TRUSTED, email != null);
        if (identity.getUsername() == null || identity.getUsername().isBlank() || email == null) {
            // the UPN is mutable and may look like another user's address: use the stable id instead
            identity.setUsername(email != null ? email : federatedId);
        } else {
            identity.setUsername(email.toLowerCase(Locale.ROOT));
        }
        return identity;
    }

    @Override
    protected void setEmailVerified(UserModel user, BrokeredIdentityContext context) {
        user.setEmailVerified(Boolean.TRUE.equals(context.getContextData().get(EMAIL_TRUSTED)));
    }
}
