package dev.ssobundle.mtls;

/**
 * Which fact of a verified client certificate identifies it, i.e. becomes the federated user id
 * stored when a user links the certificate. The SHA-1 fingerprint is Encvoy's choice and the default:
 * it changes when the certificate is renewed, which is what "bind this certificate" means. Issuer DN +
 * serial is as unique but readable; subject DN survives renewal (only safe with a CA that never
 * issues the same subject to two people).
 */
public enum CertificateIdentifier {

    SHA1_FINGERPRINT {
        @Override
        public String identify(ClientCertificateHeaders certificate) {
            return certificate.fingerprint();
        }
    },
    ISSUER_AND_SERIAL {
        @Override
        public String identify(ClientCertificateHeaders certificate) {
            if (certificate.issuerDn() == null || certificate.serial() == null) {
                return null;
            }
            return certificate.issuerDn() + "#" + certificate.serial();
        }
    },
    SUBJECT_DN {
        @Override
        public String identify(ClientCertificateHeaders certificate) {
            return certificate.subjectDn();
        }
    };

    /** The identifier, or null when the headers lack the fact this mode needs. */
    public abstract String identify(ClientCertificateHeaders certificate);

    /** Unknown or blank configuration falls back to the default rather than failing every login. */
    public static CertificateIdentifier parse(String value) {
        return EnumSetting.parse(value, SHA1_FINGERPRINT);
    }
}
