package dev.ssobundle.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BundleSettingsTest {

    private static final BundleSetting BASE_URL = BundleSetting.named("ssoBundle.customers.publicBaseUrl").formerly("customers.publicBaseUrl");
    private static final BundleSetting FLAG = BundleSetting.named("ssoBundle.customers.allowInsecureMetadata");

    private final List<String> warned = new ArrayList<>();
    private Consumer<String> originalSink;

    @BeforeEach
    void listen() {
        originalSink = BundleSettings.warnings;
        BundleSettings.warnings = warned::add;
        BundleSettings.forgetWarnings();
    }

    @AfterEach
    void restore() {
        BundleSettings.warnings = originalSink;
        BundleSettings.forgetWarnings();
    }

    @Test
    void namesOutsideTheNamespaceAreRefused() {
        assertThatThrownBy(() -> BundleSetting.named("customers.publicBaseUrl")).hasMessageContaining("ssoBundle.<feature>.<setting>");
        assertThatThrownBy(() -> BundleSetting.named("ssoBundle.publicBaseUrl")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theNewNameIsReadWithoutWarning() {
        Map<String, String> realm = Map.of("ssoBundle.customers.publicBaseUrl", "https://new/", "customers.publicBaseUrl", "https://old/");
        assertThat(BundleSettings.realm("flatchr", realm::get).string(BASE_URL)).isEqualTo("https://new/");
        assertThat(warned).isEmpty();
    }

    @Test
    void theFormerNameIsReadWithOneWarningPerProcessNamingTheNewName() {
        Map<String, String> realm = Map.of("customers.publicBaseUrl", " https://old/ ");
        for (int i = 0; i < 3; i++) {
            assertThat(BundleSettings.realm("flatchr", realm::get).string(BASE_URL, null)).isEqualTo("https://old/");
            assertThat(BundleSettings.realm("other", realm::get).string(BASE_URL)).isEqualTo(" https://old/ ");
        }
        assertThat(warned).singleElement().asString()
                .contains("realm attribute 'customers.publicBaseUrl' (realm flatchr)")
                .contains("rename it to 'ssoBundle.customers.publicBaseUrl'");
    }

    @Test
    void aBlankNewValueFallsBackToTheFormerOne() {
        Map<String, String> config = new HashMap<>();
        config.put("ssoBundle.customers.publicBaseUrl", " ");
        config.put("customers.publicBaseUrl", "https://old/");
        assertThat(BundleSettings.identityProvider("acme", config).string(BASE_URL)).isEqualTo("https://old/");
        assertThat(warned).hasSize(1);
    }

    @Test
    void unsetSettingsGiveTheirDefaults() {
        BundleSettings empty = BundleSettings.client("app", name -> null);
        assertThat(empty.string(BASE_URL)).isNull();
        assertThat(empty.string(BASE_URL, "dflt")).isEqualTo("dflt");
        assertThat(empty.flag(FLAG)).isFalse();
        assertThat(empty.integer(FLAG, 7)).isEqualTo(7);
        assertThat(empty.list(FLAG, ",")).isEmpty();
        assertThat(warned).isEmpty();
    }

    @Test
    void typedReads() {
        Map<String, String> config = Map.of("ssoBundle.customers.allowInsecureMetadata", "TRUE",
                "ssoBundle.scim.maxFilterCandidates", " 250 ", "ssoBundle.mtls.allowedIssuerDns", "CN=A,O=X## CN=B ##");
        BundleSettings settings = BundleSettings.flowStep("step", config);
        assertThat(settings.flag(FLAG)).isTrue();
        assertThat(settings.integer(BundleSetting.named("ssoBundle.scim.maxFilterCandidates"), 1)).isEqualTo(250);
        assertThat(settings.list(BundleSetting.named("ssoBundle.mtls.allowedIssuerDns"), "##")).containsExactly("CN=A,O=X", "CN=B");
        assertThatThrownBy(() -> BundleSettings.realm("r", Map.of("ssoBundle.scim.maxFilterCandidates", "many")::get)
                .integer(BundleSetting.named("ssoBundle.scim.maxFilterCandidates"), 1))
                .hasMessageContaining("realm attribute ssoBundle.scim.maxFilterCandidates of realm r must be a whole number, got 'many'");
    }

    @Test
    void organizationAttributesReadTheirFirstValue() {
        BundleSetting protocol = BundleSetting.named("ssoBundle.customers.protocol").formerly("customer.protocol");
        assertThat(BundleSettings.organization("acme", Map.of("customer.protocol", List.of("ldap"))).string(protocol)).isEqualTo("ldap");
        assertThat(BundleSettings.organization("acme", Map.of("ssoBundle.customers.protocol", List.of())).string(protocol)).isNull();
        assertThat(BundleSettings.organization("acme", null).string(protocol)).isNull();
        assertThat(warned).singleElement().asString().contains("organization attribute 'customer.protocol'");
    }

    @Test
    void componentSettingsKeepAllTheirValues() {
        BundleSetting domains = BundleSetting.named("ssoBundle.customers.domains").formerly("domains");
        assertThat(BundleSettings.component("mapper", Map.of("domains", List.of("acme.com", "acme.io"))).values(domains))
                .containsExactly("acme.com", "acme.io");
        assertThat(BundleSettings.component("mapper", Map.of("ssoBundle.customers.domains", List.of("new.com"), "domains", List.of("old.com")))
                .values(domains)).containsExactly("new.com");
        assertThat(BundleSettings.component("mapper", Map.of()).values(domains)).isEmpty();
        assertThat(warned).singleElement().asString().contains("component setting 'domains' (component mapper)")
                .contains("rename it to 'ssoBundle.customers.domains'");
    }
}
