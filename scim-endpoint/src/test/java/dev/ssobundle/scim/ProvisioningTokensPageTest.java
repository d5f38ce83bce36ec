package dev.ssobundle.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssobundle.compat.StringRecords;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.provider.ProviderConfigProperty;

class ProvisioningTokensPageTest {

    private final ProvisioningTokensPageFactory page = new ProvisioningTokensPageFactory();

    @Test
    void theFormAndTheListShowTheRowsOwnKeys() {
        Set<String> rowKeys = Stream.of(ProvisioningTokens.Row.class.getRecordComponents()).map(c -> c.getName()).collect(Collectors.toSet());

        List<String> formFields = page.getConfigProperties().stream().map(ProviderConfigProperty::getName).toList();

        assertThat(formFields).containsExactly("name", "clientId", "token", "tenantUrl", "prefix", "created", "lastUsed");
        assertThat(rowKeys).containsAll(formFields);
        assertThat(rowKeys).containsAll(page.page().listColumns());
    }

    @Test
    void eachFormProposesItsOwnTokenAsTheSecretFieldsDefault() {
        ProviderConfigProperty first = tokenField(page.getConfigProperties());
        ProviderConfigProperty second = tokenField(page.getConfigProperties());

        assertThat(first.isSecret()).isTrue();
        assertThat((String) first.getDefaultValue()).startsWith(ProvisioningTokens.PREFIX).isNotEqualTo(second.getDefaultValue());
    }

    @Test
    void aRowIsStoredUnderThoseKeysAndReadBack() {
        ProvisioningTokens.Row row = new ProvisioningTokens.Row("Entra ID", "scim-provisioner", ProvisioningTokens.SHOWN_ONCE,
                "https://sso.example.com/realms/demo/scim/v2", "scimtok.0123", "2026-11-30T08:00:00Z", "never", "0123", "ab12");
        ComponentModel model = new ComponentModel();

        row.writeTo(model);

        assertThat(StringRecords.toMap(row)).containsEntry("sha256", "ab12").containsEntry("tokenId", "0123").hasSize(9);
        assertThat(model.get("clientId")).isEqualTo("scim-provisioner");
        assertThat(ProvisioningTokens.Row.of(model)).isEqualTo(row);
        assertThat(ProvisioningTokens.Row.of(model).withLastUsed("2026-11-30T09:00:00Z").lastUsed()).isEqualTo("2026-11-30T09:00:00Z");
        assertThat(Map.copyOf(StringRecords.toMap(row.withName("Okta")))).containsEntry("name", "Okta");
    }

    private static ProviderConfigProperty tokenField(List<ProviderConfigProperty> fields) {
        return fields.stream().filter(f -> f.getName().equals("token")).findFirst().orElseThrow();
    }
}
