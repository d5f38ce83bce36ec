package dev.ssobundle.mtls;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.keycloak.models.IdentityProviderModel;

/** Typed view of one mTLS identity provider's configuration (the admin's "mTLS" login method). */
public class MtlsIdentityProviderConfig extends IdentityProviderModel {

    public static final String IDENTIFIER = "certificateIdentifier";
    public static final String UNKNOWN_CERTIFICATE = "unknownCertificate";
    public static final String ALLOWED_ISSUERS = "allowedIssuerDns";
    public static final String PROXY_SECRET = "proxySecret";
    public static final String TRUSTED_PROXY_ADDRESSES = "trustedProxyAddresses";
    public static final String MTLS_BASE_URL = "mtlsBaseUrl";

    /** Port of the seed's certificate site, used when the admin gives no explicit URL. */
    static final int DEFAULT_MTLS_PORT = 3443;

    public MtlsIdentityProviderConfig() {
    }

    public MtlsIdentityProviderConfig(IdentityProviderModel model) {
        super(model);
    }

    public CertificateIdentifier certificateIdentifier() {
        return CertificateIdentifier.parse(getConfig().get(IDENTIFIER));
    }

    public UnknownCertificatePolicy unknownCertificatePolicy() {
        return UnknownCertificatePolicy.parse(getConfig().get(UNKNOWN_CERTIFICATE));
    }

    /** Issuer DNs (as nginx prints {@code $ssl_client_i_dn}) allowed to sign login certificates; empty = any CA nginx trusts. */
    public List<String> allowedIssuerDns() {
        return splitMultivalued(getConfig().get(ALLOWED_ISSUERS));
    }

    public ProxyTrust proxyTrust() {
        return new ProxyTrust(getConfig().get(PROXY_SECRET));
    }

    /** Source addresses the proxy connects from; empty = the shared secret alone decides. */
    public List<String> trustedProxyAddresses() {
        return splitMultivalued(getConfig().get(TRUSTED_PROXY_ADDRESSES));
    }

    /**
     * Public base URL of the certificate site ({@code https://sso.example.com:3443}); without one,
     * the host the user is on with port 3443, as in the seed.
     */
    public URI mtlsBaseUrl(URI requestBaseUri) {
        String configured = getConfig().get(MTLS_BASE_URL);
        if (configured != null && !configured.isBlank()) {
            return URI.create(configured.trim().replaceAll("/+$", ""));
        }
        return URI.create("https://" + requestBaseUri.getHost() + ":" + DEFAULT_MTLS_PORT);
    }

    /** Keycloak's admin console joins multivalued strings with "##" (DNs contain commas, so commas do not split). */
    static List<String> splitMultivalued(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split("##|\\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
