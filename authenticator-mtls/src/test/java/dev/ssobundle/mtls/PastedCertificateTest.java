package dev.ssobundle.mtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A pasted PEM gives the facts nginx forwards for the same certificate. The expected strings are
 * OpenSSL's own output for the sample certificate ({@code openssl x509 -noout -subject -serial
 * -fingerprint -sha1 -nameopt RFC2253}: the flags nginx prints {@code $ssl_client_s_dn} with), a
 * certificate made with {@code openssl req -utf8 -subj "/C=FR/O=SSO=Test/street=1 Main
 * St/serialNumber=42/CN=Álice Ünd, Co+UID=al1/emailAddress=alice@example.com" -set_serial 0x00AB12}.
 */
class PastedCertificateTest {

    private static String sample() throws IOException {
        try (var in = PastedCertificateTest.class.getResourceAsStream("/openssl-rfc2253-sample.pem")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void factsAreWhatNginxForwardsForTheSameCertificate() throws IOException {
        ClientCertificateHeaders facts = PastedCertificate.parse(sample()).asNginxHeaders();
        String opensslSubject = "emailAddress=alice@example.com,CN=\\C3\\81lice \\C3\\9Cnd\\, Co+UID=al1,serialNumber=42,street=1 Main St,O=SSO=Test,C=FR";
        assertThat(facts.subjectDn()).isEqualTo(opensslSubject);
        assertThat(facts.issuerDn()).isEqualTo(opensslSubject);
        assertThat(facts.serial()).isEqualTo("AB12");
        assertThat(facts.fingerprint()).isEqualTo("9f74ec1371b9441ca247d97c82310b775b05222d");
        assertThat(facts.verified()).isTrue();
        assertThat(CertificateIdentifier.ISSUER_AND_SERIAL.identify(facts)).isEqualTo(opensslSubject + "#AB12");
    }

    @Test
    void textBeforeTheCertificateIsIgnoredAndNonCertificatesAreRefusedWithAReason() throws IOException {
        assertThat(PastedCertificate.parse("Bag Attributes\n" + sample()).sha1Fingerprint()).isEqualTo("9f74ec1371b9441ca247d97c82310b775b05222d");
        assertThatThrownBy(() -> PastedCertificate.parse("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
                .hasMessageContaining("No -----BEGIN CERTIFICATE----- block");
        assertThatThrownBy(() -> PastedCertificate.parse("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----"))
                .hasMessageContaining("not a readable X.509 certificate");
        assertThatThrownBy(() -> PastedCertificate.parse(" ")).hasMessageContaining("PEM form");
    }
}
