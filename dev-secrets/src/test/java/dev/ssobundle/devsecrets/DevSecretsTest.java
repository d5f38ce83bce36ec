package dev.ssobundle.devsecrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DevSecretsTest {

    @Test
    void valuesThisRepositoryPublishesAreRecognised() {
        assertThat(DevSecrets.isPublished("dev-only-mtls-proxy-secret")).isTrue();
        assertThat(DevSecrets.isPublished("change-me-mtls-proxy-secret")).isTrue();
        assertThat(DevSecrets.isPublished("scim-secret")).isTrue();
        assertThat(DevSecrets.isPublished(" SCIM-Secret ")).isTrue();
        assertThat(DevSecrets.isPublished("rocketchat-secret")).isTrue();
    }

    @Test
    void generatedSecretsAndAbsentOnesAreNot() {
        assertThat(DevSecrets.isPublished("3f8a5c0e9b6d4a1f8e2c7b5a9d0e4f6a")).isFalse();
        assertThat(DevSecrets.isPublished("my-scim-secret-2026")).isFalse();
        assertThat(DevSecrets.isPublished(null)).isFalse();
    }

    @Test
    void reasonNamesRealmFeatureAndSetting() {
        String reason = new DevSecrets.Refusal("demo", "SCIM provisioning", "client secret of scim-provisioner").reason();
        assertThat(reason).contains("demo").contains("SCIM provisioning").contains("client secret of scim-provisioner");
    }
}
