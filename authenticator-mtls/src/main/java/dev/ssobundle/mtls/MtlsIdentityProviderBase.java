package dev.ssobundle.mtls;

import jakarta.ws.rs.core.Response;
import org.keycloak.broker.provider.AbstractIdentityProvider;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * What the mTLS identity provider of every Keycloak line shares: the button's first step and the broker
 * endpoint. A subclass per brokering contract ({@link MtlsIdentityProvider} for 26.5+,
 * {@code Keycloak264MtlsIdentityProvider} for 26.4) only overrides {@code callback(...)} with its line's
 * callback type, wrapped in {@link MtlsBrokerCallback}. Nothing here names a type that differs between
 * the lines, so this class loads on all of them.
 */
public abstract class MtlsIdentityProviderBase extends AbstractIdentityProvider<MtlsIdentityProviderConfig> {

    protected MtlsIdentityProviderBase(KeycloakSession session, MtlsIdentityProviderConfig config) {
        super(session, config);
    }

    @Override
    public Response performLogin(AuthenticationRequest request) {
        return MtlsLoginStart.redirectToCertificateSite(session, getConfig(), request);
    }

    /** The object Keycloak's broker service routes {@code /broker/<alias>/endpoint} to. */
    protected MtlsBrokerEndpoint brokerEndpoint(RealmModel realm, MtlsBrokerCallback callback, EventBuilder event) {
        return new MtlsBrokerEndpoint(session, realm, getConfig(), callback, event);
    }

    /** A certificate has no token to hand out. */
    @Override
    public Response retrieveToken(KeycloakSession session, FederatedIdentityModel identity) {
        return Response.status(Response.Status.BAD_REQUEST).build();
    }
}
