package dev.ssobundle.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeycloakMethodsTest {

    /** A class shaped like a Keycloak model whose accessor was renamed and whose setter took a boxed type on another line. */
    public static final class Model {
        private Boolean flag = Boolean.FALSE;

        public String name() {
            return "model";
        }

        public void setFlag(boolean value) {
            flag = value;
        }

        public Boolean flag() {
            return flag;
        }
    }

    @Test
    void findsTheAccessorUnderWhicheverNameThisLineHas() throws Throwable {
        MethodHandle accessor = KeycloakMethods.accessor(Model.class, String.class, "getName", "name");

        assertThat((String) accessor.invoke(new Model())).isEqualTo("model");
    }

    @Test
    void findsTheSignatureThisLineHasAmongSeveral() throws Throwable {
        MethodHandle setter = KeycloakMethods.firstOf(Model.class, List.of("setFlag"),
                List.of(MethodType.methodType(void.class, Boolean.class), MethodType.methodType(void.class, boolean.class)));
        Model model = new Model();

        setter.invoke(model, true);

        assertThat(model.flag()).isTrue();
        assertThat(setter.type().parameterType(1)).isEqualTo(boolean.class);
    }

    @Test
    void noFormFoundRefusesTheAdapterNamingEveryFormLookedFor() {
        assertThatThrownBy(() -> KeycloakMethods.firstOf(Model.class, List.of("setHidden", "hide"),
                List.of(MethodType.methodType(void.class, Boolean.class))))
                .isInstanceOf(AdapterUnavailableException.class)
                .hasMessageContaining(Model.class.getName() + " has none of setHidden(Boolean), hide(Boolean)");
    }

    @Test
    void callPassesUncheckedFailuresThroughAndWrapsCheckedOnes() {
        assertThatThrownBy(() -> KeycloakMethods.call(() -> {
            throw new IllegalArgumentException("as thrown");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("as thrown");
        assertThatThrownBy(() -> KeycloakMethods.call(() -> {
            throw new java.io.IOException("checked");
        })).isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(java.io.IOException.class);
        assertThat(KeycloakMethods.call(() -> "value")).isEqualTo("value");
    }
}
