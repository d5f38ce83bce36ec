package dev.ssobundle.brokers;

import dev.ssobundle.compat.AdapterUnavailableException;
import dev.ssobundle.compat.FeatureBinding;
import dev.ssobundle.compat.KeycloakMethods;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.List;
import org.keycloak.models.IdentityProviderModel;

/**
 * Customer onboarding's seam to the Keycloak model classes that differ between the supported lines,
 * bound once at start-up. {@code IdentityProviderModel} is Keycloak's public model, but its flag
 * setters take {@code boolean} in 26.4 and {@code Boolean} from 26.5 on, so a call compiled against
 * one line fails with {@code NoSuchMethodError} on the other.
 */
record BrokersKeycloakAdapter(MethodHandle setHideOnLogin, MethodHandle setTrustEmail, MethodHandle setLinkOnly) {

    static final String FEATURE = "customers";

    private static FeatureBinding<BrokersKeycloakAdapter> shared;

    /** The feature's one binding, shared by its factories (customers API, Customers page): one ERROR line if refused, not one per factory. */
    static synchronized FeatureBinding<BrokersKeycloakAdapter> sharedBinding() {
        if (shared == null) {
            shared = FeatureBinding.bind(FEATURE, BrokersKeycloakAdapter::bind);
        }
        return shared;
    }

    static BrokersKeycloakAdapter bind() throws IllegalAccessException, AdapterUnavailableException {
        return new BrokersKeycloakAdapter(flagSetter("setHideOnLogin"), flagSetter("setTrustEmail"), flagSetter("setLinkOnly"));
    }

    /** {@code setX(Boolean)} (26.5+) or {@code setX(boolean)} (26.4), as {@code (IdentityProviderModel, boolean)void}. */
    private static MethodHandle flagSetter(String name) throws IllegalAccessException, AdapterUnavailableException {
        return KeycloakMethods.firstOf(IdentityProviderModel.class, List.of(name),
                        List.of(MethodType.methodType(void.class, Boolean.class), MethodType.methodType(void.class, boolean.class)))
                .asType(MethodType.methodType(void.class, IdentityProviderModel.class, boolean.class));
    }

    void hideOnLogin(IdentityProviderModel idp, boolean value) {
        set(setHideOnLogin, idp, value);
    }

    void trustEmail(IdentityProviderModel idp, boolean value) {
        set(setTrustEmail, idp, value);
    }

    void linkOnly(IdentityProviderModel idp, boolean value) {
        set(setLinkOnly, idp, value);
    }

    private static void set(MethodHandle setter, IdentityProviderModel idp, boolean value) {
        KeycloakMethods.call(() -> {
            setter.invokeExact(idp, value);
            return null;
        });
    }
}
