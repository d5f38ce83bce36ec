package dev.ssobundle.mtls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * A certificate an admin pastes as PEM, turned into the facts nginx would forward for it on the
 * certificate site ({@link ClientCertificateHeaders}), so that {@link CertificateIdentifier} computes
 * exactly the identifier the mTLS login will look up.
 */
record PastedCertificate(X509Certificate certificate) {

    static final int MAX_PEM_LENGTH = 32_768;

    /** The first certificate of a PEM text (a chain may follow it); a clear message otherwise. */
    static PastedCertificate parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("Paste the user's certificate in PEM form (-----BEGIN CERTIFICATE----- …).");
        }
        if (pem.length() > MAX_PEM_LENGTH) {
            throw new IllegalArgumentException("The PEM text is longer than " + MAX_PEM_LENGTH + " characters: paste one certificate.");
        }
        int begin = pem.indexOf("-----BEGIN CERTIFICATE-----");
        if (begin < 0) {
            throw new IllegalArgumentException("No -----BEGIN CERTIFICATE----- block found: paste the certificate in PEM form, not a key or a .p12.");
        }
        try {
            return new PastedCertificate((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.substring(begin).getBytes(StandardCharsets.US_ASCII))));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("This is not a readable X.509 certificate in PEM form.");
        }
    }

    /** What nginx forwards after a successful handshake with this certificate. */
    ClientCertificateHeaders asNginxHeaders() {
        return new ClientCertificateHeaders("SUCCESS", NginxDn.of(certificate.getSubjectX500Principal()),
                ClientCertificateHeaders.normalizeSerial(certificate.getSerialNumber().toString(16)), sha1Fingerprint(),
                NginxDn.of(certificate.getIssuerX500Principal()));
    }

    String sha1Fingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
