package dev.ssobundle.mtls;

import dev.ssobundle.devsecrets.DevSecrets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/**
 * The one trust decision both certificate entry points make: the identity provider's certificate site
 * ({@link MtlsCertificateResource}) and the flow step ({@link MtlsHeaderAuthenticator}). Both read the
 * same {@code mtls} identity provider: its enabled flag, proxy secret and trusted proxy addresses, its
 * allowed issuer DNs and its certificate identifier, so an admin who disables the provider or narrows
 * its issuers closes both doors at once.
 */
final class CertificateTrust {

    /** nginx's escaped PEM ($ssl_client_escaped_cert): used when present, never required. */
    static final String CERTIFICATE_PEM = "X-SSL-Client-Cert";

    /** The verdict on a request's certificate facts. */
    sealed interface Judgement permits Accepted, Refused {
    }

    /** A certificate the proxy vouched for and the provider accepts, with the identifier users link. */
    record Accepted(ClientCertificateHeaders certificate, String identifier, Optional<CertificatePem> pem) implements Judgement {
    }

    /** Why a certificate was not accepted, and the detail the event records. */
    record Refused(CertificateRefusal refusal, String detail) implements Judgement {
    }

    private final MtlsIdentityProviderConfig config;

    private CertificateTrust(MtlsIdentityProviderConfig config) {
        this.config = config;
    }

    /** The realm's mTLS identity provider with this alias, enabled or not; empty when there is none. */
    static Optional<CertificateTrust> ofProvider(KeycloakSession session, String alias) {
        IdentityProviderModel model = alias == null ? null : session.identityProviders().getByAlias(alias);
        if (model == null || !MtlsIdentityProviderFactory.PROVIDER_ID.equals(model.getProviderId())) {
            return Optional.empty();
        }
        return Optional.of(new CertificateTrust(new MtlsIdentityProviderConfig(model)));
    }

    MtlsIdentityProviderConfig config() {
        return config;
    }

    /**
     * In production mode, a provider whose proxy secret is a published development value (the demo
     * realm's default) serves no certificate login: 503 with this reason until the secret is changed.
     */
    java.util.Optional<DevSecrets.Refusal> devSecretRefusal(String realmName) {
        return devSecretRefusal(realmName, config);
    }

    static java.util.Optional<DevSecrets.Refusal> devSecretRefusal(String realmName, MtlsIdentityProviderConfig config) {
        return DevSecrets.refusal(realmName, "mTLS login (identity provider " + config.getAlias() + ")",
                MtlsIdentityProviderConfig.PROXY_SECRET.name(), config.proxySecret());
    }

    /** A disabled provider accepts no certificate, through either entry point. */
    boolean enabled() {
        return config.isEnabled();
    }

    /**
     * Whether the headers come from the trusted proxy: the shared secret, and, when the admin listed
     * proxy addresses, the address of the peer that connected to Keycloak (nginx itself, not the
     * X-Forwarded-For value Keycloak's client address is made of behind a proxy).
     */
    boolean vouchedFor(String presentedSecret) {
        if (!config.proxyTrust().trusts(presentedSecret)) {
            return false;
        }
        List<String> trustedAddresses = config.trustedProxyAddresses();
        return trustedAddresses.isEmpty() || ConnectingPeer.address().filter(trustedAddresses::contains).isPresent();
    }

    /** The connecting peer, for log lines. */
    static String peerForLog() {
        return ConnectingPeer.address().orElse("unknown peer");
    }

    /**
     * Judges the certificate facts of a request the proxy already vouched for: present, verified by
     * nginx, consistent with the forwarded PEM, from an allowed issuer, carrying the identifier.
     */
    Judgement judge(Function<String, String> header) {
        Optional<ClientCertificateHeaders> presented = ClientCertificateHeaders.from(header);
        if (presented.isEmpty() || "NONE".equals(presented.get().verify())) {
            return new Refused(CertificateRefusal.NO_CERTIFICATE, "NONE");
        }
        ClientCertificateHeaders certificate = presented.get();
        if (!certificate.verified()) {
            return new Refused(certificate.revoked() ? CertificateRefusal.CERTIFICATE_REVOKED : CertificateRefusal.CERTIFICATE_NOT_VERIFIED, certificate.verify());
        }
        Optional<CertificatePem> pem = CertificatePem.parse(header.apply(CERTIFICATE_PEM));
        if (pem.isPresent() && !pem.get().sha1Fingerprint().equals(certificate.fingerprint())) {
            return new Refused(CertificateRefusal.CERTIFICATE_NOT_VERIFIED, "certificate does not match fingerprint");
        }
        List<String> allowedIssuers = config.allowedIssuerDns();
        if (!allowedIssuers.isEmpty() && !allowedIssuers.contains(certificate.issuerDn())) {
            return new Refused(CertificateRefusal.ISSUER_NOT_ALLOWED, String.valueOf(certificate.issuerDn()));
        }
        String identifier = config.certificateIdentifier().identify(certificate);
        if (identifier == null) {
            return new Refused(CertificateRefusal.CERTIFICATE_NOT_VERIFIED, "certificate identifier missing");
        }
        return new Accepted(certificate, identifier, pem);
    }
}
