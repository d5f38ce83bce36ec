package dev.ssobundle.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BcryptHashTest {

    @Test
    void readsVersionAndCostOfNodeBcryptHash() {
        assertThat(BcryptHash.parse("$2b$10$NkpFqCvW0mcWY0Xi5QKbTO0MK6TIczhFaOORngxdfCEvj354gg332"))
                .isEqualTo(new BcryptHash("2b", 10));
        assertThat(BcryptHash.parse("$2y$04$8WqeYLIA/4vWmc2T2DKaDe0Q2neN1PIkYqiZSCA/0un/6DeUAlCDO").version()).isEqualTo("2y");
    }

    @Test
    void refusesOtherFormatsWithoutEchoingTheHash() {
        assertThatThrownBy(() -> BcryptHash.parse("")).hasMessage("empty bcrypt hash");
        assertThatThrownBy(() -> BcryptHash.parse(null)).hasMessage("empty bcrypt hash");
        for (String bad : new String[] {"$2x$10$NkpFqCvW0mcWY0Xi5QKbTO0MK6TIczhFaOORngxdfCEvj354gg332",
                "$2b$10$NkpFqCvW0mcWY0Xi5QKbTO0MK6TIczhFaOORngxdfCEvj354gg33",
                "$2b$1$NkpFqCvW0mcWY0Xi5QKbTO0MK6TIczhFaOORngxdfCEvj354gg3321",
                "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", "plaintext-password"}) {
            assertThatThrownBy(() -> BcryptHash.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining(bad);
        }
    }

    @Test
    void refusesCostAboveTheLimitBeforeHashing() {
        String cost31 = "$2b$31$NkpFqCvW0mcWY0Xi5QKbTO0MK6TIczhFaOORngxdfCEvj354gg332";
        assertThatThrownBy(() -> BcryptHash.parseWithCostLimit(cost31, 14))
                .hasMessage("bcrypt cost 31 is outside the accepted range 4..14");
        assertThatThrownBy(() -> BcryptHash.parseWithCostLimit("$2b$03$NkpFqCvW0mcWY0Xi5QKbTO0MK6TIczhFaOORngxdfCEvj354gg332", 14))
                .hasMessageContaining("cost 3");
    }
}
