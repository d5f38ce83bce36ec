package dev.ssobundle.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FeatureBindingTest {

    @Test
    void bindsTheAdapterOnEverySupportedLine() {
        for (String version : new String[] {"26.4.7", "26.5.6", "26.6.4", "26.7.4", "26.4.7-redhat-00001", "26.7.0-SNAPSHOT"}) {
            FeatureBinding<String> binding = FeatureBinding.bind("scim", version, "", () -> "adapter");
            assertThat(binding.isBound()).as(version).isTrue();
            assertThat(binding.adapter()).isEqualTo("adapter");
            assertThat(binding.status()).isEqualTo("bound (String)");
        }
    }

    @Test
    void anAdapterChoosingBetweenContractsSaysWhichItBound() {
        record Choice(String contract) implements FeatureBinding.ContractChoice {
        }
        FeatureBinding<Choice> binding = FeatureBinding.bind("mtls-login", "26.4.7", "", () -> new Choice("IdentityProvider.AuthenticationCallback (Keycloak 26.4)"));

        assertThat(binding.status()).isEqualTo("bound (Choice: IdentityProvider.AuthenticationCallback (Keycloak 26.4))");
    }

    @Test
    void refusesAServerOutsideTheSupportedRangeWithoutTryingTheAdapter() {
        for (String version : new String[] {"26.3.5", "26.8.0", "25.0.6", "27.0.0", "unknown", ""}) {
            FeatureBinding<String> binding = FeatureBinding.bind("oidc-api", version, "", () -> {
                throw new AssertionError("must not be tried on " + version);
            });
            assertThat(binding.isBound()).as(version).isFalse();
            assertThat(binding.unavailableMessage()).contains("oidc-api", "Keycloak " + version, "26.4.x - 26.7.x", "outside the supported range");
            assertThatThrownBy(binding::adapter).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void anAdapterThatCannotBindRefusesOnlyItsFeatureWithTheReason() {
        FeatureBinding<String> refused = FeatureBinding.bind("mtls-login", "26.4.7", "", () -> {
            throw new AdapterUnavailableException("Keycloak lacks UserAuthenticationIdentityProvider");
        });
        FeatureBinding<String> other = FeatureBinding.bind("scim", "26.4.7", "", () -> "adapter");

        assertThat(refused.isBound()).isFalse();
        assertThat(refused.status()).startsWith("unavailable: ").contains("UserAuthenticationIdentityProvider");
        assertThat(refused.unavailableMessage()).contains("mtls-login", "26.4.7", "26.4.x - 26.7.x", "UserAuthenticationIdentityProvider")
                .doesNotContain("Exception", "\tat ");
        assertThat(other.isBound()).isTrue();
    }

    @Test
    void missingClassesAndMethodsFoundWhileBindingRefuseTheFeatureInsteadOfEscaping() {
        FeatureBinding<Object> missingClass = FeatureBinding.bind("oidc-api", "26.5.6", "",
                () -> Class.forName("org.keycloak.DoesNotExist"));
        FeatureBinding<Object> missingMethod = FeatureBinding.bind("oidc-api", "26.5.6", "",
                () -> String.class.getMethod("noSuchMethod"));
        FeatureBinding<Object> linkage = FeatureBinding.bind("oidc-api", "26.5.6", "", () -> {
            throw new NoSuchMethodError("TokenManager$AccessTokenResponseBuilder.<init>");
        });

        assertThat(missingClass.isBound()).isFalse();
        assertThat(missingClass.status()).contains("org.keycloak.DoesNotExist");
        assertThat(missingMethod.status()).contains("noSuchMethod");
        assertThat(linkage.status()).contains("AccessTokenResponseBuilder");
    }

    @Test
    void theTestSwitchRefusesOnlyTheNamedFeatures() {
        assertThat(FeatureBinding.bind("oidc-api", "26.7.4", "scim, oidc-api", () -> "adapter").isBound()).isFalse();
        assertThat(FeatureBinding.bind("oidc-api", "26.7.4", "scim, oidc-api", () -> "adapter").unavailableMessage())
                .contains(FeatureBinding.TEST_UNBIND_PROPERTY);
        assertThat(FeatureBinding.bind("customers", "26.7.4", "scim, oidc-api", () -> "adapter").isBound()).isTrue();
        assertThat(FeatureBinding.bind("oidc", "26.7.4", "oidc-api", () -> "adapter").isBound()).as("whole names only").isTrue();
    }
}
