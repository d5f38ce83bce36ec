package dev.ssobundle.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ClientCertificateHeadersTest {

    private static ClientCertificateHeaders parse(Map<String, String> headers) {
        return ClientCertificateHeaders.from(headers::get).orElseThrow();
    }

    @Test
    void absentVerifyHeaderMeansNoCertificateHop() {
        assertThat(ClientCertificateHeaders.from(Map.<String, String>of()::get)).isEmpty();
    }

    @Test
    void readsNginxValues() {
        var parsed = parse(Map.of(
                ClientCertificateHeaders.VERIFY, "SUCCESS",
                ClientCertificateHeaders.SUBJECT_DN, "CN=alice,O=Demo",
                ClientCertificateHeaders.SERIAL, "01AF",
                ClientCertificateHeaders.FINGERPRINT, "3c5e1b0a3f1e2d4c5b6a79880f1e2d3c4b5a6978",
                ClientCertificateHeaders.ISSUER_DN, "CN=Demo Intermediate CA"));

        assertThat(parsed.verified()).isTrue();
        assertThat(parsed.subjectDn()).isEqualTo("CN=alice,O=Demo");
        assertThat(parsed.serial()).isEqualTo("1AF");
        assertThat(parsed.fingerprint()).isEqualTo("3c5e1b0a3f1e2d4c5b6a79880f1e2d3c4b5a6978");
        assertThat(parsed.issuerDn()).isEqualTo("CN=Demo Intermediate CA");
    }

    @Test
    void failedVerificationIsNotVerified() {
        assertThat(parse(Map.of(ClientCertificateHeaders.VERIFY, "FAILED:certificate has expired")).verified()).isFalse();
        assertThat(parse(Map.of(ClientCertificateHeaders.VERIFY, "NONE")).verified()).isFalse();
    }

    @Test
    void certificateOnTheCrlIsRevokedAndOtherFailuresAreNot() {
        var revoked = parse(Map.of(ClientCertificateHeaders.VERIFY, "FAILED:certificate revoked"));
        assertThat(revoked.verified()).isFalse();
        assertThat(revoked.revoked()).isTrue();
        assertThat(parse(Map.of(ClientCertificateHeaders.VERIFY, "FAILED:certificate has expired")).revoked()).isFalse();
        assertThat(parse(Map.of(ClientCertificateHeaders.VERIFY, "SUCCESS")).revoked()).isFalse();
    }

    @Nested
    class Fingerprint {

        @Test
        void colonSeparatedUpperCaseIsNormalisedToNginxForm() {
            assertThat(ClientCertificateHeaders.normalizeFingerprint("3C:5E:1B:0A:3F:1E:2D:4C:5B:6A:79:88:0F:1E:2D:3C:4B:5A:69:78"))
                    .isEqualTo("3c5e1b0a3f1e2d4c5b6a79880f1e2d3c4b5a6978");
        }

        @Test
        void anythingButFortyHexDigitsIsRejected() {
            assertThat(ClientCertificateHeaders.normalizeFingerprint("abc")).isNull();
            assertThat(ClientCertificateHeaders.normalizeFingerprint("zz5e1b0a3f1e2d4c5b6a79880f1e2d3c4b5a6978")).isNull();
            assertThat(ClientCertificateHeaders.normalizeFingerprint("a".repeat(5000))).isNull();
        }
    }

    @Test
    void serialWithGarbageIsRejected() {
        assertThat(ClientCertificateHeaders.normalizeSerial("12-34")).isNull();
        assertThat(ClientCertificateHeaders.normalizeSerial("0000")).isEqualTo("0");
    }

    @Nested
    class Trust {

        @Test
        void matchingSecretIsTrusted() {
            assertThat(new ProxyTrust("s3cret").trusts("s3cret")).isTrue();
        }

        @Test
        void missingOrWrongSecretIsNotTrusted() {
            assertThat(new ProxyTrust("s3cret").trusts(null)).isFalse();
            assertThat(new ProxyTrust("s3cret").trusts("guess")).isFalse();
        }

        @Test
        void unconfiguredSecretTrustsNobody() {
            assertThat(new ProxyTrust(null).trusts("")).isFalse();
            assertThat(new ProxyTrust(" ").trusts(" ")).isFalse();
        }
    }
}
