package dev.ssobundle.mtls;

import java.util.Locale;

/**
 * Why the certificate site refused a certificate; travels back to the normal host as the {@code error}
 * query parameter (the constant's name in lower case, e.g. {@code certificate_revoked}) so the user sees
 * the reason on the login page. Only these fixed codes are understood: anything else shows the generic
 * "not verified" message.
 */
enum CertificateRefusal {

    NO_CERTIFICATE(MtlsMessage.NO_CERTIFICATE),
    CERTIFICATE_NOT_VERIFIED(MtlsMessage.CERTIFICATE_NOT_VERIFIED),
    /** nginx found the certificate on its CA's CRL ({@code ssl_crl}): $ssl_client_verify is "FAILED:certificate revoked". */
    CERTIFICATE_REVOKED(MtlsMessage.CERTIFICATE_REVOKED),
    ISSUER_NOT_ALLOWED(MtlsMessage.ISSUER_NOT_ALLOWED);

    private final MtlsMessage message;

    CertificateRefusal(MtlsMessage message) {
        this.message = message;
    }

    /** The {@code error} parameter's value. */
    String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The login event's {@code mtls_reason} detail. */
    String eventError() {
        return "mtls_" + code();
    }

    MtlsMessage message() {
        return message;
    }

    static CertificateRefusal fromCode(String code) {
        for (CertificateRefusal refusal : values()) {
            if (refusal.code().equals(code)) {
                return refusal;
            }
        }
        return CERTIFICATE_NOT_VERIFIED;
    }
}
