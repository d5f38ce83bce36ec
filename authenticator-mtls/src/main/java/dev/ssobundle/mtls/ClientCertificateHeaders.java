package dev.ssobundle.mtls;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The client-certificate facts nginx forwards ({@code $ssl_client_verify}, {@code $ssl_client_s_dn},
 * {@code $ssl_client_serial}, {@code $ssl_client_fingerprint}, {@code $ssl_client_i_dn}).
 * Parsing only: whether the sender may be trusted is {@link ProxyTrust}'s decision.
 */
public record ClientCertificateHeaders(String verify, String subjectDn, String serial, String fingerprint, String issuerDn) {

    public static final String VERIFY = "X-SSL-Client-Verify";
    public static final String SUBJECT_DN = "X-SSL-Client-DN";
    public static final String SERIAL = "X-SSL-Client-Serial";
    public static final String FINGERPRINT = "X-SSL-Client-Fingerprint";
    public static final String ISSUER_DN = "X-SSL-Client-Issuer";

    private static final Pattern SHA1_HEX = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SERIAL_HEX = Pattern.compile("[0-9A-F]{1,64}");
    /** Longest header value accepted: DNs are short; anything longer is not from nginx. */
    static final int MAX_VALUE_LENGTH = 4096;

    /** Empty when the request carries no verify header at all (no certificate hop happened). */
    public static Optional<ClientCertificateHeaders> from(Function<String, String> header) {
        String verify = trimmed(header.apply(VERIFY));
        if (verify == null) {
            return Optional.empty();
        }
        return Optional.of(new ClientCertificateHeaders(verify, trimmed(header.apply(SUBJECT_DN)),
                normalizeSerial(header.apply(SERIAL)), normalizeFingerprint(header.apply(FINGERPRINT)),
                trimmed(header.apply(ISSUER_DN))));
    }

    /** nginx sets SUCCESS only after a full chain check; FAILED:reason and NONE mean no usable certificate. */
    public boolean verified() {
        return "SUCCESS".equals(verify);
    }

    /** nginx's verdict for a certificate listed on its CA's CRL (OpenSSL's X509_V_ERR_CERT_REVOKED text). */
    public boolean revoked() {
        return verify != null && verify.startsWith("FAILED:") && verify.contains("certificate revoked");
    }

    /**
     * nginx prints the SHA-1 fingerprint as 40 lowercase hex digits; other proxies use colons or
     * upper case. Anything that is not a SHA-1 after normalisation is rejected (null).
     */
    static String normalizeFingerprint(String raw) {
        String value = trimmed(raw);
        if (value == null) {
            return null;
        }
        String hex = value.replace(":", "").toLowerCase(Locale.ROOT);
        return SHA1_HEX.matcher(hex).matches() ? hex : null;
    }

    /** nginx prints serials as upper-case hex; leading zeros are dropped so "00AB" and "AB" match. */
    static String normalizeSerial(String raw) {
        String value = trimmed(raw);
        if (value == null) {
            return null;
        }
        String hex = value.replace(":", "").toUpperCase(Locale.ROOT);
        if (!SERIAL_HEX.matcher(hex).matches()) {
            return null;
        }
        String stripped = hex.replaceFirst("^0+(?=.)", "");
        return stripped;
    }

    private static String trimmed(String value) {
        if (value == null || value.length() > MAX_VALUE_LENGTH) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
