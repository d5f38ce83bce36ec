package dev.ssobundle.mtls;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The certificate itself, when nginx also forwards {@code $ssl_client_escaped_cert} (URL-encoded PEM).
 * Used to cross-check the fingerprint header and to read the e-mail from the subject alternative
 * names; never required.
 */
record CertificatePem(X509Certificate certificate) {

    private static final int RFC822_NAME = 1;

    static Optional<CertificatePem> parse(String escapedPem) {
        if (escapedPem == null || escapedPem.isBlank() || escapedPem.length() > 32_768) {
            return Optional.empty();
        }
        try {
            String pem = URLDecoder.decode(escapedPem.replace("+", "%2B"), StandardCharsets.US_ASCII);
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return Optional.of(new CertificatePem(certificate));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    String sha1Fingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<String> email() {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.size() == 2 && Integer.valueOf(RFC822_NAME).equals(name.get(0))) {
                        return Optional.of(String.valueOf(name.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
        return CertificateEmail.fromSubjectDn(certificate.getSubjectX500Principal().getName());
    }
}
