package dev.ssobundle.mtls;

/**
 * Why the certificate site refused a certificate; travels back to the normal host as the {@code error}
 * query parameter so the user sees the reason on the login page. Only these fixed codes are
 * understood: anything else shows the generic "not verified" message.
 */
enum CertificateRefusal {

    NO_CERTIFICATE("no_certificate", "mtls_no_certificate", MtlsMessages.NO_CERTIFICATE),
    NOT_VERIFIED("certificate_not_verified", "mtls_certificate_not_verified", MtlsMessages.CERTIFICATE_NOT_VERIFIED),
    /** nginx found the certificate on its CA's CRL ({@code ssl_crl}): $ssl_client_verify is "FAILED:certificate revoked". */
    REVOKED("certificate_revoked", "mtls_certificate_revoked", MtlsMessages.CERTIFICATE_REVOKED),
    ISSUER_NOT_ALLOWED("issuer_not_allowed", "mtls_issuer_not_allowed", MtlsMessages.ISSUER_NOT_ALLOWED);

    private final String code;
    private final String eventError;
    private final String messageKey;

    CertificateRefusal(String code, String eventError, String messageKey) {
        this.code = code;
        this.eventError = eventError;
        this.messageKey = messageKey;
    }

    String code() {
        return code;
    }

    String eventError() {
        return eventError;
    }

    String messageKey() {
        return messageKey;
    }

    static CertificateRefusal fromCode(String code) {
        for (CertificateRefusal refusal : values()) {
            if (refusal.code.equals(code)) {
                return refusal;
            }
        }
        return NOT_VERIFIED;
    }
}
