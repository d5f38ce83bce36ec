package dev.ssobundle.mtls;

import java.util.List;
import dev.ssobundle.compat.FeatureBinding;
import org.keycloak.Config;
import org.keycloak.broker.provider.AbstractIdentityProviderFactory;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Creates the mTLS identity provider of the running Keycloak line ({@link MtlsKeycloakAdapter}). The
 * declared type matters: Keycloak 26.5+ reads the return type of {@code create(session, model)} to
 * decide what kind of provider this is, and lists only user-authentication providers on the login page;
 * {@link MtlsIdentityProviderBase} is one on every line.
 */
public final class MtlsIdentityProviderFactory extends AbstractIdentityProviderFactory<MtlsIdentityProviderBase> {

    public static final String PROVIDER_ID = "mtls";

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(MtlsIdentityProviderConfig.MTLS_BASE_URL.name()).label("Certificate site URL")
            .helpText("Public base URL of nginx's client-certificate site, e.g. https://sso.example.com:3443. "
                    + "Empty: the current host on port 3443.")
            .type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(MtlsIdentityProviderConfig.PROXY_SECRET.name()).label("Proxy secret")
            .helpText("Value nginx sends in " + ProxyTrust.SECRET_HEADER + " (MTLS_PROXY_SECRET). "
                    + "Certificate headers without it are refused; without a secret no certificate is accepted.")
            .type(ProviderConfigProperty.PASSWORD).secret(true).add()
            .property().name(MtlsIdentityProviderConfig.TRUSTED_PROXY_ADDRESSES.name()).label("Trusted proxy addresses")
            .helpText("Optional: IP addresses nginx connects to Keycloak from. When set, headers from any other address are refused too.")
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
            .property().name(MtlsIdentityProviderConfig.IDENTIFIER.name()).label("Certificate identifier")
            .helpText("What identifies a linked certificate: its SHA-1 fingerprint (as Encvoy ID; a renewed certificate "
                    + "must be linked again), issuer DN + serial number, or subject DN (survives renewal; only with a CA "
                    + "that never gives one subject to two people).")
            .type(ProviderConfigProperty.LIST_TYPE)
            .options(CertificateIdentifier.SHA1_FINGERPRINT.name(), CertificateIdentifier.ISSUER_AND_SERIAL.name(),
                    CertificateIdentifier.SUBJECT_DN.name())
            .defaultValue(CertificateIdentifier.SHA1_FINGERPRINT.name()).add()
            .property().name(MtlsIdentityProviderConfig.UNKNOWN_CERTIFICATE.name()).label("Unknown certificate")
            .helpText("REFUSE: a certificate nobody linked is refused (the user signs in another way and links it). "
                    + "FIRST_LOGIN_BY_EMAIL: the certificate's e-mail goes to the first broker login flow (create the "
                    + "account or link it by e-mail); only for a CA you trust to certify e-mail addresses.")
            .type(ProviderConfigProperty.LIST_TYPE)
            .options(UnknownCertificatePolicy.REFUSE.name(), UnknownCertificatePolicy.FIRST_LOGIN_BY_EMAIL.name())
            .defaultValue(UnknownCertificatePolicy.REFUSE.name()).add()
            .property().name(MtlsIdentityProviderConfig.ALLOWED_ISSUERS.name()).label("Allowed issuer DNs")
            .helpText("Optional: issuer DNs, as nginx prints $ssl_client_i_dn, whose certificates may sign in. Empty: any CA nginx trusts.")
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
            .build();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getName() {
        return "mTLS (client certificate via nginx)";
    }

    private FeatureBinding<MtlsKeycloakAdapter> keycloak;

    @Override
    public void init(Config.Scope config) {
        keycloak = MtlsKeycloakAdapter.binding();
    }

    /**
     * When the feature is refused, the 26.5+ provider still serves the button: its first step leads to
     * the certificate site, which answers 503 with the reason.
     */
    @Override
    public MtlsIdentityProviderBase create(KeycloakSession session, IdentityProviderModel model) {
        MtlsIdentityProviderConfig config = new MtlsIdentityProviderConfig(model);
        if (keycloak == null || !keycloak.isBound()) {
            return new MtlsIdentityProvider(session, config);
        }
        return keycloak.adapter().provider(session, config);
    }

    @Override
    public IdentityProviderModel createConfig() {
        return new MtlsIdentityProviderConfig();
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public String getHelpText() {
        return "Sign-in with a client certificate verified by nginx's certificate site (seed 003).";
    }
}
