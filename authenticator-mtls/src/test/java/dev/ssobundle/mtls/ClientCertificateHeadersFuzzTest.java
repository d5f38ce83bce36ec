package dev.ssobundle.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Hostile header values (anything a client could send if it bypassed nginx) never make the parsers
 * throw, and whatever they accept is in the one normal form the rest of the code relies on.
 */
class ClientCertificateHeadersFuzzTest {

    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.strings().withChars("0123456789abcdefABCDEF: \t").ofMaxLength(80),
                Arbitraries.strings().withChars("CN=,O+\\\"<>;#").ofMaxLength(300),
                Arbitraries.just(null));
    }

    @Property(tries = 2000)
    void parsingAnyHeadersNeverThrowsAndAcceptsOnlyNormalForms(@ForAll("headerValues") String verify,
                                                              @ForAll("headerValues") String dn,
                                                              @ForAll("headerValues") String serial,
                                                              @ForAll("headerValues") String fingerprint) {
        Map<String, String> headers = new HashMap<>();
        headers.put(ClientCertificateHeaders.VERIFY, verify);
        headers.put(ClientCertificateHeaders.SUBJECT_DN, dn);
        headers.put(ClientCertificateHeaders.SERIAL, serial);
        headers.put(ClientCertificateHeaders.FINGERPRINT, fingerprint);

        ClientCertificateHeaders.from(headers::get).ifPresent(parsed -> {
            assertThat(parsed.fingerprint()).satisfiesAnyOf(f -> assertThat(f).isNull(), f -> assertThat(f).matches("[0-9a-f]{40}"));
            assertThat(parsed.serial()).satisfiesAnyOf(s -> assertThat(s).isNull(), s -> assertThat(s).matches("0|[1-9A-F][0-9A-F]*"));
            assertThat(parsed.verified()).isEqualTo("SUCCESS".equals(parsed.verify()));
        });
    }

    @Property(tries = 200)
    void fingerprintNormalisationIsIdempotent(@ForAll @StringLength(max = 100) String raw) {
        String once = ClientCertificateHeaders.normalizeFingerprint(raw);
        if (once != null) {
            assertThat(ClientCertificateHeaders.normalizeFingerprint(once)).isEqualTo(once);
        }
    }

    @Property(tries = 20)
    void oversizedValuesAreRejectedNotProcessed(@ForAll("headerValues") String seed) {
        String huge = (seed == null ? "a" : seed + "a").repeat(ClientCertificateHeaders.MAX_VALUE_LENGTH + 1);
        Map<String, String> headers = Map.of(ClientCertificateHeaders.VERIFY, "SUCCESS", ClientCertificateHeaders.FINGERPRINT, huge,
                ClientCertificateHeaders.SUBJECT_DN, huge);

        ClientCertificateHeaders parsed = ClientCertificateHeaders.from(headers::get).orElseThrow();

        assertThat(parsed.fingerprint()).isNull();
        assertThat(parsed.subjectDn()).isNull();
    }
}
