package dev.ssobundle.compat;

import static dev.ssobundle.compat.PageForm.choices;
import static dev.ssobundle.compat.PageForm.defaultValue;
import static dev.ssobundle.compat.PageForm.required;
import static dev.ssobundle.compat.PageForm.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

class PageFormTest {

    private final List<ProviderConfigProperty> fields = PageForm.create()
            .field("slug", "Slug", ProviderConfigProperty.STRING_TYPE, "Short name.", required())
            .field("protocol", "Protocol", ProviderConfigProperty.LIST_TYPE, "How they sign in.", choices("oidc", "saml"), defaultValue("oidc"))
            .field("secret", "Secret", ProviderConfigProperty.PASSWORD, "Write-only.", secret())
            .serverSet("redirectUri", "Redirect URI", "Filled in on save.", defaultValue("https://<host>/"))
            .fields();

    @Test
    void fieldsKeepTheirOrderNamesLabelsTypesAndHelp() {
        assertThat(fields).extracting(ProviderConfigProperty::getName, ProviderConfigProperty::getLabel, ProviderConfigProperty::getType,
                ProviderConfigProperty::getHelpText).containsExactly(
                tuple("slug", "Slug", ProviderConfigProperty.STRING_TYPE, "Short name."),
                tuple("protocol", "Protocol", ProviderConfigProperty.LIST_TYPE, "How they sign in."),
                tuple("secret", "Secret", ProviderConfigProperty.PASSWORD, "Write-only."),
                tuple("redirectUri", "Redirect URI", ProviderConfigProperty.STRING_TYPE, "Filled in on save."));
    }

    @Test
    void optionsApplyToTheirFieldOnly() {
        assertThat(fields).extracting(ProviderConfigProperty::isRequired).containsExactly(true, false, false, false);
        assertThat(fields).extracting(ProviderConfigProperty::isSecret).containsExactly(false, false, true, false);
        assertThat(fields.get(1).getOptions()).containsExactly("oidc", "saml");
        assertThat(fields).extracting(ProviderConfigProperty::getDefaultValue).containsExactly(null, "oidc", null, "https://<host>/");
    }

    @Test
    void onlyServerSetFieldsAreReadOnly() {
        assertThat(fields).extracting(ProviderConfigProperty::isReadOnly).containsExactly(false, false, false, true);
    }

    @Test
    void eachCallGivesItsOwnListKeycloakMayExtend() {
        PageForm form = PageForm.create().field("a", "A", ProviderConfigProperty.STRING_TYPE, null);
        List<ProviderConfigProperty> first = form.fields();
        first.add(new ProviderConfigProperty());
        assertThat(form.fields()).hasSize(1);
    }
}
