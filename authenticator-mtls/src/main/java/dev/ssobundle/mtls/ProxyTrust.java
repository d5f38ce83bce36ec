package dev.ssobundle.mtls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Certificate headers are believed only when nginx vouches for them with the shared secret it sets
 * in {@value #SECRET_HEADER}; the same headers sent straight to Keycloak carry no secret.
 */
public final class ProxyTrust {

    public static final String SECRET_HEADER = "X-SSL-Proxy-Secret";

    private final String expectedSecret;

    public ProxyTrust(String expectedSecret) {
        this.expectedSecret = expectedSecret;
    }

    /** Without a configured secret nothing is trusted: an unconfigured step must not accept forged headers. */
    public boolean trusts(String presentedSecret) {
        if (expectedSecret == null || expectedSecret.isBlank() || presentedSecret == null) {
            return false;
        }
        return MessageDigest.isEqual(expectedSecret.getBytes(StandardCharsets.UTF_8),
                presentedSecret.getBytes(StandardCharsets.UTF_8));
    }
}
