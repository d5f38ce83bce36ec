package dev.ssobundle.mtls.keycloak264;

import dev.ssobundle.mtls.MtlsBrokerCallback;
import dev.ssobundle.mtls.MtlsBrokerEndpoint;
import dev.ssobundle.mtls.MtlsIdentityProviderConfig;
import dev.ssobundle.mtls.MtlsLoginStart;
import jakarta.ws.rs.core.Response;
import org.keycloak.broker.provider.AbstractIdentityProvider;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The mTLS identity provider on Keycloak 26.4, whose broker hands {@code callback(...)} an
 * {@code IdentityProvider.AuthenticationCallback} (26.5+ hand a {@code UserAuthenticationIdentityProvider}
 * one, a type 26.4 lacks). Only that wiring lives here; the login itself is the shared
 * {@link MtlsLoginStart} and {@link MtlsBrokerEndpoint}. Never loaded on 26.5+.
 */
public final class Keycloak264MtlsIdentityProvider extends AbstractIdentityProvider<MtlsIdentityProviderConfig> {

    public Keycloak264MtlsIdentityProvider(KeycloakSession session, MtlsIdentityProviderConfig config) {
        super(session, config);
    }

    @Override
    public Response performLogin(AuthenticationRequest request) {
        return MtlsLoginStart.redirectToCertificateSite(session, getConfig(), request);
    }

    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        IdentityProvider<?> provider = this;
        return new MtlsBrokerEndpoint(session, realm, getConfig(), new MtlsBrokerCallback() {
            @Override
            public AuthenticationSessionModel authenticationSession(String state) {
                return callback.getAndVerifyAuthenticationSession(state);
            }

            @Override
            public Response error(IdentityProviderModel config, String messageKey) {
                return callback.error(config, messageKey);
            }

            @Override
            public Response authenticated(BrokeredIdentityContext context) {
                context.setIdp(provider);
                return callback.authenticated(context);
            }
        }, event);
    }

    /** A certificate has no token to hand out. */
    @Override
    public Response retrieveToken(KeycloakSession session, FederatedIdentityModel identity) {
        return Response.status(Response.Status.BAD_REQUEST).build();
    }
}
