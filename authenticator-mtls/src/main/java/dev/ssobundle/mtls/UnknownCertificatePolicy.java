package dev.ssobundle.mtls;

/** What the mTLS login does with a verified certificate that no account has linked yet. */
public enum UnknownCertificatePolicy {

    /** "This certificate is not linked to any account": the user signs in another way and links it. */
    REFUSE,
    /**
     * Hand the certificate's e-mail address to Keycloak's first-broker-login flow, which creates the
     * account or links it to the existing account with that e-mail. Only for a CA the admin trusts
     * to put verified addresses in certificates.
     */
    FIRST_LOGIN_BY_EMAIL;

    public static UnknownCertificatePolicy parse(String value) {
        return EnumSetting.parse(value, REFUSE);
    }
}
