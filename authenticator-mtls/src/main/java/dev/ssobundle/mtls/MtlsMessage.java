package dev.ssobundle.mtls;

/** The login theme's messages (themes/.../login/messages) that the mTLS login shows, by their keys. */
enum MtlsMessage {

    UNTRUSTED_PROXY("mtlsUntrustedProxy"),
    CERTIFICATE_NOT_VERIFIED("mtlsCertificateNotVerified"),
    CERTIFICATE_REVOKED("mtlsCertificateRevoked"),
    NO_CERTIFICATE("mtlsNoCertificate"),
    ISSUER_NOT_ALLOWED("mtlsIssuerNotAllowed"),
    CERTIFICATE_NOT_LINKED("mtlsCertificateNotLinked"),
    CERTIFICATE_LINKED_TO_ANOTHER_ACCOUNT("mtlsCertificateLinkedToAnotherAccount"),
    LOGIN_CODE_INVALID("mtlsLoginCodeInvalid"),
    LOGIN_EXPIRED("mtlsLoginExpired"),
    CERTIFICATE_LOGIN_DISABLED("mtlsCertificateLoginDisabled"),
    /** Takes the admin-facing reason (realm, feature, setting) as {0}. */
    DEV_SECRET_REFUSED("mtlsDevSecretRefused"),
    /** Keycloak's own message, shown when the certificate's user is disabled. */
    ACCOUNT_DISABLED("accountDisabledMessage");

    private final String key;

    MtlsMessage(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }
}
