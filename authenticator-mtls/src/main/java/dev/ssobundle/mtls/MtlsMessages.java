package dev.ssobundle.mtls;

/** Keys of the login theme's messages (themes/.../login/messages) that the mTLS login shows. */
final class MtlsMessages {

    static final String UNTRUSTED_PROXY = "mtlsUntrustedProxy";
    static final String CERTIFICATE_NOT_VERIFIED = "mtlsCertificateNotVerified";
    static final String CERTIFICATE_REVOKED = "mtlsCertificateRevoked";
    static final String NO_CERTIFICATE = "mtlsNoCertificate";
    static final String ISSUER_NOT_ALLOWED = "mtlsIssuerNotAllowed";
    static final String CERTIFICATE_NOT_LINKED = "mtlsCertificateNotLinked";
    static final String CERTIFICATE_LINKED_TO_ANOTHER_ACCOUNT = "mtlsCertificateLinkedToAnotherAccount";
    static final String LOGIN_CODE_INVALID = "mtlsLoginCodeInvalid";
    static final String LOGIN_EXPIRED = "mtlsLoginExpired";
    static final String CERTIFICATE_LOGIN_DISABLED = "mtlsCertificateLoginDisabled";
    /** Takes the admin-facing reason (realm, feature, setting) as {0}. */
    static final String DEV_SECRET = "mtlsDevSecretRefused";

    private MtlsMessages() {
    }
}
