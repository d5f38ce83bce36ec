package dev.ssobundle.mtls;

import dev.ssobundle.compat.AdapterUnavailableException;
import org.keycloak.broker.provider.BrokeredIdentityContext;

/**
 * mTLS login's seam to Keycloak's brokering internals, probed once at start-up. The mTLS method is an
 * identity provider (login button, account linking, "already linked" for free); its broker callback
 * ({@link MtlsBrokerEndpoint}) completes the login through Keycloak's
 * {@code UserAuthenticationIdentityProvider.AuthenticationCallback}, the brokering contract of 26.5 and
 * later. Keycloak 26.4 has an older, incompatible contract ({@code IdentityProvider.AuthenticationCallback}),
 * which a JAR compiled against 26.7 cannot implement: there the feature is refused at start-up (its
 * certificate site answers 503) instead of failing in the middle of a login.
 */
final class MtlsKeycloakAdapter {

    static final String FEATURE = "mtls-login";

    private static final String CALLBACK = "org.keycloak.broker.provider.UserAuthenticationIdentityProvider$AuthenticationCallback";

    private MtlsKeycloakAdapter() {
    }

    static MtlsKeycloakAdapter bind() throws ReflectiveOperationException, AdapterUnavailableException {
        Class<?> callback;
        try {
            callback = Class.forName(CALLBACK, false, BrokeredIdentityContext.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AdapterUnavailableException("Keycloak lacks " + CALLBACK.replace('$', '.')
                    + " (the brokering contract of Keycloak 26.5+), which mTLS login completes its sign-in through");
        }
        callback.getMethod("authenticated", BrokeredIdentityContext.class);
        callback.getMethod("getAndVerifyAuthenticationSession", String.class);
        BrokeredIdentityContext.class.getMethod("setIdp", callback.getEnclosingClass());
        return new MtlsKeycloakAdapter();
    }
}
