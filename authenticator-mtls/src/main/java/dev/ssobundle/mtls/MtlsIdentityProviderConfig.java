package dev.ssobundle.mtls;

import dev.ssobundle.compat.BundleSetting;
import dev.ssobundle.compat.BundleSettings;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.keycloak.models.IdentityProviderModel;

/** Typed view of one mTLS identity provider's configuration (the admin's "mTLS" login method). */
public class MtlsIdentityProviderConfig extends IdentityProviderModel {

    public static final BundleSetting IDENTIFIER = BundleSetting.named("ssoBundle.mtls.certificateIdentifier").formerly("certificateIdentifier");
    public static final BundleSetting UNKNOWN_CERTIFICATE = BundleSetting.named("ssoBundle.mtls.unknownCertificate").formerly("unknownCertificate");
    public static final BundleSetting ALLOWED_ISSUERS = BundleSetting.named("ssoBundle.mtls.allowedIssuerDns").formerly("allowedIssuerDns");
    public static final BundleSetting PROXY_SECRET = BundleSetting.named("ssoBundle.mtls.proxySecret").formerly("proxySecret");
    public static final BundleSetting TRUSTED_PROXY_ADDRESSES = BundleSetting.named("ssoBundle.mtls.trustedProxyAddresses")
            .formerly("trustedProxyAddresses");
    public static final BundleSetting MTLS_BASE_URL = BundleSetting.named("ssoBundle.mtls.certificateSiteUrl").formerly("mtlsBaseUrl");

    /** Port of the seed's certificate site, used when the admin gives no explicit URL. */
    static final int DEFAULT_MTLS_PORT = 3443;

    public MtlsIdentityProviderConfig() {
    }

    public MtlsIdentityProviderConfig(IdentityProviderModel model) {
        super(model);
    }

    public CertificateIdentifier certificateIdentifier() {
        return CertificateIdentifier.parse(settings().string(IDENTIFIER));
    }

    public UnknownCertificatePolicy unknownCertificatePolicy() {
        return UnknownCertificatePolicy.parse(settings().string(UNKNOWN_CERTIFICATE));
    }

    /** Issuer DNs (as nginx prints {@code $ssl_client_i_dn}) allowed to sign login certificates; empty = any CA nginx trusts. */
    public List<String> allowedIssuerDns() {
        return splitMultivalued(settings().string(ALLOWED_ISSUERS));
    }

    public ProxyTrust proxyTrust() {
        return new ProxyTrust(proxySecret());
    }

    /** Source addresses the proxy connects from; empty = the shared secret alone decides. */
    public List<String> trustedProxyAddresses() {
        return splitMultivalued(settings().string(TRUSTED_PROXY_ADDRESSES));
    }

    /**
     * Public base URL of the certificate site ({@code https://sso.example.com:3443}); without one,
     * the host the user is on with port 3443, as in the seed.
     */
    public URI mtlsBaseUrl(URI requestBaseUri) {
        String configured = settings().string(MTLS_BASE_URL);
        if (configured != null && !configured.isBlank()) {
            return URI.create(configured.trim().replaceAll("/+$", ""));
        }
        return URI.create("https://" + requestBaseUri.getHost() + ":" + DEFAULT_MTLS_PORT);
    }

    /** The shared secret nginx sends, as stored (null when unset). */
    public String proxySecret() {
        return settings().string(PROXY_SECRET);
    }

    private BundleSettings settings() {
        return BundleSettings.identityProvider(getAlias(), getConfig());
    }

    /** Keycloak's admin console joins multivalued strings with "##" (DNs contain commas, so commas do not split). */
    static List<String> splitMultivalued(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split("##|\\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
