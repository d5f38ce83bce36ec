package dev.ssobundle.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.credential.PasswordCredentialModel;

/** Hashes below were written by Node's {@code bcrypt} 6.0.0 (the library Encvoy ID uses). */
class BcryptPasswordHashProviderTest {

    private static final String NODE_COST_10 = "$2b$10$NkpFqCvW0mcWY0Xi5QKbTO0MK6TIczhFaOORngxdfCEvj354gg332";
    private static final String NODE_2A = "$2a$04$8WqeYLIA/4vWmc2T2DKaDe0Q2neN1PIkYqiZSCA/0un/6DeUAlCDO";
    private static final String NODE_UNICODE = "$2b$05$TTkOp5egMusfbuYmcLZzkuBjHB85lKxlTevxtp0.O/zDHW3oicgLu";
    /** Hash of 40 × "é" + "tail" (84 UTF-8 bytes); bcrypt reads the first 72 bytes only. */
    private static final String NODE_LONG = "$2b$04$bH8hNmPwmIlT8Os559bUI.tlPa.7eDKDwJutgWNOHb6tj/kok7QgS";

    private final BcryptPasswordHashProvider provider = new BcryptPasswordHashProvider(14, 10);

    @Nested
    class GivenHashesWrittenByNodeBcrypt {

        @Test
        void thenTheRightPasswordVerifies() {
            assertThat(provider.verify("correct horse", NODE_COST_10, "c1")).isTrue();
            assertThat(provider.verify("correct horse", NODE_2A, "c1")).isTrue();
            assertThat(provider.verify("correct horse", NODE_2A.replace("$2a$", "$2y$"), "c1")).isTrue();
            assertThat(provider.verify("пароль-mot de passe", NODE_UNICODE, "c1")).isTrue();
        }

        @Test
        void thenWrongPasswordsFail() {
            assertThat(provider.verify("correct horsE", NODE_COST_10, "c1")).isFalse();
            assertThat(provider.verify("", NODE_COST_10, "c1")).isFalse();
            assertThat(provider.verify(null, NODE_COST_10, "c1")).isFalse();
        }

        @Test
        void thenPasswordsLongerThan72BytesCompareAsNodeDoes() {
            assertThat(provider.verify("é".repeat(40) + "tail", NODE_LONG, "c1")).isTrue();
            assertThat(provider.verify("é".repeat(36), NODE_LONG, "c1")).isTrue();
            assertThat(provider.verify("é".repeat(35), NODE_LONG, "c1")).isFalse();
        }
    }

    @Nested
    class GivenHashesThatCannotBeChecked {

        @Test
        void thenMalformedHashesFailWithoutException() {
            assertThat(provider.verify("correct horse", "", "c1")).isFalse();
            assertThat(provider.verify("correct horse", "correct horse", "c1")).isFalse();
            assertThat(provider.verify("correct horse", NODE_COST_10.substring(0, 59), "c1")).isFalse();
        }

        @Test
        void thenCostAboveTheLimitFailsAtOnce() {
            long start = System.nanoTime();
            assertThat(provider.verify("correct horse", NODE_COST_10.replace("$10$", "$31$"), "c1")).isFalse();
            assertThat(provider.verify("correct horse", NODE_COST_10.replace("$10$", "$15$"), "c1")).isFalse();
            // Cost 31 would run for days; refusing it must not hash at all.
            assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
        }
    }

    @Nested
    class GivenARealmPolicy {

        private final PasswordPolicy argon2Policy = PasswordPolicy.build().build(null);

        @Test
        void thenAnImportedCredentialIsOutdatedForAnyOtherPolicyProvider() {
            PasswordCredentialModel imported = PasswordCredentialModel.createFromValues("bcrypt", new byte[0], 10, NODE_COST_10);
            assertThat(provider.policyCheck(argon2Policy, imported)).isTrue();
            PasswordCredentialModel cost12 = PasswordCredentialModel.createFromValues("bcrypt", new byte[0], 12, NODE_COST_10);
            assertThat(provider.policyCheck(argon2Policy, cost12)).as("policy asks cost 10 (default)").isFalse();
            PasswordCredentialModel pbkdf2 = PasswordCredentialModel.createFromValues("pbkdf2-sha512", new byte[16], 210000, "x");
            assertThat(provider.policyCheck(argon2Policy, pbkdf2)).isFalse();
        }

        @Test
        void thenEncodingWithBcryptAsPolicyRoundTrips() {
            PasswordCredentialModel encoded = provider.encodedCredential("new password", 5);
            assertThat(encoded.getPasswordCredentialData().getAlgorithm()).isEqualTo("bcrypt");
            assertThat(encoded.getPasswordSecretData().getValue()).startsWith("$2b$05$");
            assertThat(provider.verify("new password", encoded)).isTrue();
            assertThat(provider.verify("other", encoded)).isFalse();
            assertThatThrownBy(() -> provider.encodedCredential("x", 20)).hasMessageContaining("cost 20");
        }
    }
}
