package dev.ssobundle.it.harness;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates made at test time with Bouncy Castle: CAs, a loopback server, clients. */
public final class TestPki {

    private static final SecureRandom RANDOM = new SecureRandom();

    public record Issued(KeyPair keys, X509Certificate certificate) {

        /** SHA-1 of the DER certificate as nginx's {@code $ssl_client_fingerprint} prints it. */
        public String sha1Fingerprint() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        public void writePem(Path certFile, Path keyFile) {
            write(certFile, certificate);
            if (keyFile != null) {
                write(keyFile, keys.getPrivate());
            }
        }

        /** PKCS#12 key store with this key, its certificate and the given chain. */
        public KeyStore keyStore(char[] password, X509Certificate... chain) {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                X509Certificate[] full = new X509Certificate[chain.length + 1];
                full[0] = certificate;
                System.arraycopy(chain, 0, full, 1, chain.length);
                store.setKeyEntry("client", keys.getPrivate(), password, full);
                return store;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestPki() {
    }

    public static Issued rootCa(String cn) {
        KeyPair keys = rsa();
        return new Issued(keys, sign(cn, keys, cn, keys, validFor(Duration.ofDays(3650)), true, null, false));
    }

    public static Issued intermediateCa(String cn, Issued issuer) {
        KeyPair keys = rsa();
        return new Issued(keys, sign(cn, keys, subject(issuer), issuer.keys(), validFor(Duration.ofDays(1825)), true, null, false));
    }

    public static Issued server(String cn, Issued issuer) {
        KeyPair keys = rsa();
        return new Issued(keys, sign(cn, keys, subject(issuer), issuer.keys(), validFor(Duration.ofDays(30)), false,
                KeyPurposeId.id_kp_serverAuth, true));
    }

    public static Issued client(String subjectDn, Issued issuer) {
        return client(subjectDn, issuer, validFor(Duration.ofDays(30)));
    }

    public static Issued expiredClient(String subjectDn, Issued issuer) {
        Instant now = Instant.now();
        return client(subjectDn, issuer, new Date[] {Date.from(now.minus(Duration.ofDays(60))), Date.from(now.minus(Duration.ofDays(1)))});
    }

    private static Issued client(String subjectDn, Issued issuer, Date[] validity) {
        KeyPair keys = rsa();
        return new Issued(keys, sign(subjectDn, keys, subject(issuer), issuer.keys(), validity, false, KeyPurposeId.id_kp_clientAuth, false));
    }

    private static String subject(Issued issued) {
        return issued.certificate().getSubjectX500Principal().getName();
    }

    private static Date[] validFor(Duration duration) {
        Instant now = Instant.now();
        return new Date[] {Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(duration))};
    }

    private static X509Certificate sign(String subjectDn, KeyPair subjectKeys, String issuerDn, KeyPair issuerKeys,
                                        Date[] validity, boolean ca, KeyPurposeId purpose, boolean loopbackNames) {
        try {
            X500Name subject = new X500Name(subjectDn.startsWith("CN=") || subjectDn.contains("=") ? subjectDn : "CN=" + subjectDn);
            X500Name issuer = new X500Name(issuerDn.contains("=") ? issuerDn : "CN=" + issuerDn);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(63, RANDOM).add(BigInteger.ONE),
                    validity[0], validity[1], subject, subjectKeys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, ca
                    ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                    : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (purpose != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            if (loopbackNames) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot issue test certificate " + subjectDn, e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A PEM CRL signed by {@code issuer} revoking {@code revoked}, valid for a day from now: what a CA
     * publishes and what nginx's {@code ssl_crl} reads.
     */
    public static void writeCrl(Path file, Issued issuer, List<X509Certificate> revoked) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, crlPem(issuer, revoked));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PEM text of such a CRL; nginx checks every CA of a chain, so a chain's CRLs are concatenated. */
    public static String crlPem(Issued issuer, List<X509Certificate> revoked) {
        try {
            Instant now = Instant.now();
            X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), Date.from(now.minus(Duration.ofMinutes(5))));
            builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
            for (X509Certificate certificate : revoked) {
                builder.addCRLEntry(certificate.getSerialNumber(), Date.from(now.minus(Duration.ofMinutes(1))), CRLReason.keyCompromise);
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate()));
            builder.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.x509.CRLNumber(BigInteger.valueOf(now.toEpochMilli())));
            return pem(new JcaX509CRLConverter().getCRL(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.keys().getPrivate()))));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot make a CRL for " + subject(issuer), e);
        }
    }

    public static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static void write(Path file, Object pemObject) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, pem(pemObject));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
