package dev.ssobundle.mtls.keycloak264;

import dev.ssobundle.mtls.MtlsBrokerCallback;
import dev.ssobundle.mtls.MtlsIdentityProviderBase;
import dev.ssobundle.mtls.MtlsIdentityProviderConfig;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The mTLS identity provider on Keycloak 26.4, whose broker hands {@code callback(...)} an
 * {@code IdentityProvider.AuthenticationCallback} (26.5+ hand a {@code UserAuthenticationIdentityProvider}
 * one, a type 26.4 lacks). Only that wiring lives here; the login itself is shared
 * ({@link MtlsIdentityProviderBase}). Never loaded on 26.5+.
 */
public final class Keycloak264MtlsIdentityProvider extends MtlsIdentityProviderBase {

    public Keycloak264MtlsIdentityProvider(KeycloakSession session, MtlsIdentityProviderConfig config) {
        super(session, config);
    }

    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        return brokerEndpoint(realm, MtlsBrokerCallback.of(callback::getAndVerifyAuthenticationSession, callback::error, callback::authenticated, context -> context.setIdp(this)), event);
    }
}
