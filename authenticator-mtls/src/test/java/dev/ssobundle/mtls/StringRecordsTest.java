package dev.ssobundle.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssobundle.compat.StringRecords;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

class StringRecordsTest {

    @Test
    void aRecordIsStoredUnderItsComponentNamesWithoutItsNullsAndReadBack() {
        MtlsLoginHop.CertificateIdentity identity = new MtlsLoginHop.CertificateIdentity("realm-id", "mtls", "ab:cd", "CN=alice,O=Demo",
                "CN=Demo CA", "0A1B", "ab:cd", null);

        Map<String, String> stored = StringRecords.toMap(identity);

        assertThat(stored).containsExactly(Map.entry("realm", "realm-id"), Map.entry("alias", "mtls"), Map.entry("identifier", "ab:cd"),
                Map.entry("subjectDn", "CN=alice,O=Demo"), Map.entry("issuerDn", "CN=Demo CA"), Map.entry("serial", "0A1B"),
                Map.entry("fingerprint", "ab:cd"));
        assertThat(StringRecords.fromMap(MtlsLoginHop.CertificateIdentity.class, stored::get)).isEqualTo(identity);
    }

    @Test
    void keysOfTheFormerReleaseAreReadAndOtherKeysIgnored() {
        // what a node of the former release stored under a code (its keys were string constants), plus the state hash
        Map<String, String> formerCode = new HashMap<>(Map.of("realm", "r", "alias", "mtls", "identifier", "id", "subjectDn", "CN=x",
                "email", "x@example.com", "stateHash", "h"));

        MtlsLoginHop.CertificateIdentity read = StringRecords.fromMap(MtlsLoginHop.CertificateIdentity.class, formerCode::get);

        assertThat(read).isEqualTo(new MtlsLoginHop.CertificateIdentity("r", "mtls", "id", "CN=x", null, null, null, "x@example.com"));
    }

    @Test
    void theCertificatesPageFormShowsTheRowsOwnKeysAndThePastedPem() {
        Set<String> rowKeys = Stream.of(CertificateBindings.Row.class.getRecordComponents()).map(c -> c.getName()).collect(Collectors.toSet());
        CertificatesPageFactory page = new CertificatesPageFactory();

        List<String> formFields = page.getConfigProperties().stream().map(ProviderConfigProperty::getName).toList();

        assertThat(formFields).contains(CertificateBindings.PEM);
        assertThat(formFields).filteredOn(name -> !name.equals(CertificateBindings.PEM)).allMatch(rowKeys::contains);
        assertThat(page.page().listColumns()).allMatch(rowKeys::contains);
    }
}
