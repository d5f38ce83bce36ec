package dev.ssobundle.brokers.entra;

import dev.ssobundle.compat.BundleSetting;
import dev.ssobundle.compat.BundleSettings;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

/**
 * Per-customer configuration of an Entra ID (Azure AD) tenant. Only the tenant id, the authority
 * base URL and the customer's email domains are stored; every endpoint and the expected issuer are
 * derived from them, so the provider can never be pointed at the multi-tenant {@code common}
 * authority or at another tenant's issuer.
 */
public class EntraIdIdentityProviderConfig extends OIDCIdentityProviderConfig {

    public static final BundleSetting TENANT_ID = BundleSetting.named("ssoBundle.entraId.tenantId").formerly("entraTenantId");
    public static final BundleSetting AUTHORITY_URL = BundleSetting.named("ssoBundle.entraId.authorityUrl").formerly("entraAuthorityUrl");
    public static final BundleSetting EMAIL_DOMAINS = BundleSetting.named("ssoBundle.entraId.emailDomains").formerly("entraEmailDomains");
    public static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com";

    private static final Pattern TENANT_GUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    public EntraIdIdentityProviderConfig(IdentityProviderModel model) {
        super(model);
    }

    public EntraIdIdentityProviderConfig() {
        super();
    }

    public String getTenantId() {
        return settings().string(TENANT_ID);
    }

    public void setTenantId(String tenantId) {
        getConfig().put(TENANT_ID.name(), tenantId);
    }

    public String getAuthorityUrl() {
        String base = settings().string(AUTHORITY_URL, DEFAULT_AUTHORITY);
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public void setAuthorityUrl(String authorityUrl) {
        getConfig().put(AUTHORITY_URL.name(), authorityUrl);
    }

    /** The customer's email domains, lower case; an email outside them is never trusted. */
    public List<String> getEmailDomains() {
        return settings().list(EMAIL_DOMAINS, ",").stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
    }

    public void setEmailDomains(List<String> domains) {
        getConfig().put(EMAIL_DOMAINS.name(), String.join(",", domains));
    }

    private BundleSettings settings() {
        return BundleSettings.identityProvider(getAlias(), getConfig());
    }

    /** True for a tenant GUID; {@code common}, {@code organizations} and {@code consumers} are not tenants. */
    public static boolean isTenantGuid(String tenantId) {
        return tenantId != null && TENANT_GUID.matcher(tenantId).matches();
    }

    /** {@code <authority>/<tenant>/v2.0}: the only issuer a token of this tenant may carry. */
    public String expectedIssuer() {
        return getAuthorityUrl() + "/" + getTenantId() + "/v2.0";
    }

    /** Writes the tenant-specific endpoints over whatever was stored, so nothing else is ever used. */
    public void applyTenantEndpoints() {
        String tenantBase = getAuthorityUrl() + "/" + getTenantId();
        setAuthorizationUrl(tenantBase + "/oauth2/v2.0/authorize");
        setTokenUrl(tenantBase + "/oauth2/v2.0/token");
        setLogoutUrl(tenantBase + "/oauth2/v2.0/logout");
        setJwksUrl(tenantBase + "/discovery/v2.0/keys");
        setUseJwksUrl(true);
        setValidateSignature(true);
        setIssuer(expectedIssuer());
        // Graph's userinfo answers with Graph's own subject; the verified id_token is the source of truth.
        setDisableUserInfoService(true);
        if (getDefaultScope() == null || getDefaultScope().isBlank()) {
            setDefaultScope("openid profile email");
        }
    }

    @Override
    public void validate(RealmModel realm) {
        if (!isTenantGuid(getTenantId())) {
            throw new IllegalArgumentException("Entra ID needs the tenant id (a GUID); 'common', 'organizations' and 'consumers' are refused");
        }
        applyTenantEndpoints();
        super.validate(realm);
    }
}
