package dev.ssobundle.mtls;

import dev.ssobundle.compat.AdapterUnavailableException;
import dev.ssobundle.compat.FeatureBinding;
import dev.ssobundle.compat.KeycloakMethods;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.KeycloakSession;

/**
 * mTLS login's seam to Keycloak's brokering contract, chosen once at start-up. The mTLS method is an
 * identity provider (login button, account linking, "already linked" for free); its broker callback
 * ({@link MtlsBrokerEndpoint}) completes the login through the callback Keycloak hands the provider.
 * That callback's type changed in 26.5 ({@code IdentityProvider.AuthenticationCallback} became
 * {@code UserAuthenticationIdentityProvider.AuthenticationCallback}), and a provider overrides
 * {@code callback(...)} with the type of its own line: 26.5+ get {@link MtlsIdentityProvider}, 26.4
 * gets {@value #KEYCLOAK_26_4_PROVIDER}, compiled against 26.4's SPI in the module
 * {@code authenticator-mtls-keycloak264} and shaded into the same JAR. Both share the login logic.
 */
final class MtlsKeycloakAdapter implements FeatureBinding.ContractChoice {

    static final String FEATURE = "mtls-login";

    private static final String CALLBACK_26_5 = "org.keycloak.broker.provider.UserAuthenticationIdentityProvider$AuthenticationCallback";
    private static final String CALLBACK_26_4 = "org.keycloak.broker.provider.IdentityProvider$AuthenticationCallback";
    static final String KEYCLOAK_26_4_PROVIDER = "dev.ssobundle.mtls.keycloak264.Keycloak264MtlsIdentityProvider";

    private static FeatureBinding<MtlsKeycloakAdapter> binding;

    private final String contract;
    private final MethodHandle providerConstructor;

    private MtlsKeycloakAdapter(String contract, MethodHandle providerConstructor) {
        this.contract = contract;
        this.providerConstructor = providerConstructor;
    }

    /** The feature's binding, made once for both factories (one start-up ERROR if refused). */
    static synchronized FeatureBinding<MtlsKeycloakAdapter> binding() {
        if (binding == null) {
            binding = FeatureBinding.bind(FEATURE, MtlsKeycloakAdapter::bind);
        }
        return binding;
    }

    static MtlsKeycloakAdapter bind() throws ReflectiveOperationException, AdapterUnavailableException {
        ClassLoader keycloak = BrokeredIdentityContext.class.getClassLoader();
        Class<?> callback = loadOrNull(CALLBACK_26_5, keycloak);
        String contract = "UserAuthenticationIdentityProvider (Keycloak 26.5+)";
        MethodHandle constructor;
        if (callback != null) {
            constructor = MethodHandles.lookup().findConstructor(MtlsIdentityProvider.class,
                    MethodType.methodType(void.class, KeycloakSession.class, MtlsIdentityProviderConfig.class));
        } else {
            callback = loadOrNull(CALLBACK_26_4, keycloak);
            if (callback == null) {
                throw new AdapterUnavailableException("Keycloak has neither " + CALLBACK_26_5.replace('$', '.') + " (26.5+) nor "
                        + CALLBACK_26_4.replace('$', '.') + " (26.4), the brokering callback mTLS login completes its sign-in through");
            }
            contract = "IdentityProvider.AuthenticationCallback (Keycloak 26.4)";
            constructor = MethodHandles.publicLookup().findConstructor(
                    Class.forName(KEYCLOAK_26_4_PROVIDER, true, MtlsKeycloakAdapter.class.getClassLoader()),
                    MethodType.methodType(void.class, KeycloakSession.class, MtlsIdentityProviderConfig.class));
        }
        callback.getMethod("authenticated", BrokeredIdentityContext.class);
        callback.getMethod("getAndVerifyAuthenticationSession", String.class);
        BrokeredIdentityContext.class.getMethod("setIdp", callback.getEnclosingClass());
        return new MtlsKeycloakAdapter(contract,
                constructor.asType(MethodType.methodType(MtlsIdentityProviderBase.class, KeycloakSession.class, MtlsIdentityProviderConfig.class)));
    }

    private static Class<?> loadOrNull(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** The identity provider of this Keycloak line. */
    MtlsIdentityProviderBase provider(KeycloakSession session, MtlsIdentityProviderConfig config) {
        return KeycloakMethods.call(() -> (MtlsIdentityProviderBase) providerConstructor.invoke(session, config));
    }

    @Override
    public String contract() {
        return contract;
    }
}
