package dev.ssobundle.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.IdentityProviderModel;

/** The pure parts of the mTLS identity provider: identifiers, e-mail, state binding, configuration. */
class CertificateIdentityTest {

    private static final ClientCertificateHeaders ALICE = new ClientCertificateHeaders("SUCCESS",
            "emailAddress=Alice@Example.com,CN=alice,O=Demo", "1AF", "3c5e1b0a3f1e2d4c5b6a79880f1e2d3c4b5a6978",
            "CN=Demo Intermediate CA");

    @Nested
    class Identifier {

        @Test
        void fingerprintIsTheDefaultAndIsNginxsFormat() {
            assertThat(CertificateIdentifier.parse(null)).isEqualTo(CertificateIdentifier.SHA1_FINGERPRINT);
            assertThat(CertificateIdentifier.parse("nonsense")).isEqualTo(CertificateIdentifier.SHA1_FINGERPRINT);
            assertThat(CertificateIdentifier.SHA1_FINGERPRINT.identify(ALICE)).isEqualTo("3c5e1b0a3f1e2d4c5b6a79880f1e2d3c4b5a6978");
        }

        @Test
        void issuerAndSerialNeedsBoth() {
            assertThat(CertificateIdentifier.parse("issuer_and_serial").identify(ALICE)).isEqualTo("CN=Demo Intermediate CA#1AF");
            assertThat(CertificateIdentifier.ISSUER_AND_SERIAL.identify(
                    new ClientCertificateHeaders("SUCCESS", "CN=x", null, null, "CN=CA"))).isNull();
        }

        @Test
        void subjectDnIsTheDnAsNginxPrintsIt() {
            assertThat(CertificateIdentifier.SUBJECT_DN.identify(ALICE)).isEqualTo("emailAddress=Alice@Example.com,CN=alice,O=Demo");
        }
    }

    @Nested
    class Email {

        @Test
        void readsTheEmailAttributeOfTheSubjectDnInLowerCase() {
            assertThat(CertificateEmail.fromSubjectDn(ALICE.subjectDn())).contains("alice@example.com");
            assertThat(CertificateEmail.fromSubjectDn("CN=bob,E=bob@example.org")).contains("bob@example.org");
        }

        @Test
        void noEmailInMalformedOrEmailLessDns() {
            assertThat(CertificateEmail.fromSubjectDn("CN=alice,O=Demo")).isEmpty();
            assertThat(CertificateEmail.fromSubjectDn("not a dn")).isEmpty();
            assertThat(CertificateEmail.fromSubjectDn("CN=x,emailAddress=not-an-address")).isEmpty();
        }
    }

    @Nested
    class StateBinding {

        @Test
        void codeRecordIsBoundToTheHashOfItsStateOnly() {
            MtlsLoginHop.CertificateIdentity identity = new MtlsLoginHop.CertificateIdentity("realm-id", "mtls", "ab:cd", null, null, null,
                    null, null);
            MtlsLoginHop.IssuedCode issued = new MtlsLoginHop.IssuedCode(identity, MtlsLoginHop.stateHash("state-A"));

            assertThat(issued.boundTo("state-A")).isTrue();
            assertThat(issued.boundTo("state-B")).isFalse();
            assertThat(new MtlsLoginHop.IssuedCode(identity, null).boundTo("state-A")).isFalse();
            assertThat(MtlsLoginHop.stateHash("state-A")).doesNotContain("state-A");
        }

        @Test
        void unknownRefusalCodesShowTheGenericMessage() {
            assertThat(CertificateRefusal.fromCode("no_certificate")).isEqualTo(CertificateRefusal.NO_CERTIFICATE);
            assertThat(CertificateRefusal.fromCode("<script>")).isEqualTo(CertificateRefusal.CERTIFICATE_NOT_VERIFIED);
        }
    }

    @Nested
    class Configuration {

        private MtlsIdentityProviderConfig config(Map<String, String> values) {
            IdentityProviderModel model = new IdentityProviderModel();
            model.setConfig(new HashMap<>(values));
            return new MtlsIdentityProviderConfig(model);
        }

        @Test
        void defaultsRefuseUnknownCertificatesAndTrustNoProxy() {
            MtlsIdentityProviderConfig config = config(Map.of());

            assertThat(config.unknownCertificatePolicy()).isEqualTo(UnknownCertificatePolicy.REFUSE);
            assertThat(config.proxyTrust().trusts("anything")).isFalse();
            assertThat(config.allowedIssuerDns()).isEmpty();
            assertThat(config.mtlsBaseUrl(URI.create("https://sso.example.com/"))).isEqualTo(URI.create("https://sso.example.com:3443"));
        }

        @Test
        void issuerListSplitsOnKeycloaksSeparatorNotOnTheCommasInsideDns() {
            MtlsIdentityProviderConfig config = config(Map.of(MtlsIdentityProviderConfig.ALLOWED_ISSUERS.name(),
                    "CN=Issuing CA,O=Demo##CN=Other CA,O=Demo",
                    MtlsIdentityProviderConfig.MTLS_BASE_URL.name(), "https://certs.example.com:8443/",
                    MtlsIdentityProviderConfig.PROXY_SECRET.name(), "s3cret"));

            assertThat(config.allowedIssuerDns()).containsExactly("CN=Issuing CA,O=Demo", "CN=Other CA,O=Demo");
            assertThat(config.mtlsBaseUrl(URI.create("https://sso.example.com/"))).isEqualTo(URI.create("https://certs.example.com:8443"));
            assertThat(config.proxyTrust().trusts("s3cret")).isTrue();
        }

        @Test
        void providersSetUpBeforeTheNamespaceKeepTheirSettingsForOneRelease() {
            MtlsIdentityProviderConfig config = config(Map.of("allowedIssuerDns", "CN=Issuing CA,O=Demo",
                    "mtlsBaseUrl", "https://certs.example.com:8443", "proxySecret", "s3cret", "unknownCertificate", "FIRST_LOGIN_BY_EMAIL"));

            assertThat(config.allowedIssuerDns()).containsExactly("CN=Issuing CA,O=Demo");
            assertThat(config.mtlsBaseUrl(URI.create("https://sso.example.com/"))).isEqualTo(URI.create("https://certs.example.com:8443"));
            assertThat(config.proxyTrust().trusts("s3cret")).isTrue();
            assertThat(config.unknownCertificatePolicy()).isEqualTo(UnknownCertificatePolicy.FIRST_LOGIN_BY_EMAIL);
        }
    }
}
