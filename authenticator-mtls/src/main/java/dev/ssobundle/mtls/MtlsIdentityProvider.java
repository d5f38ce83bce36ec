package dev.ssobundle.mtls;

import jakarta.ws.rs.core.Response;
import org.keycloak.broker.provider.UserAuthenticationIdentityProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * The login page's mTLS method as a Keycloak identity provider, on Keycloak 26.5 and later (their
 * brokering contract, {@link UserAuthenticationIdentityProvider}; 26.4 gets its own class, chosen by
 * {@link MtlsKeycloakAdapter}). Its "remote IdP" is the certificate site nginx serves on port 3443:
 * clicking the button sends the browser there with the broker state ({@link MtlsLoginStart}); the
 * certificate site ({@link MtlsCertificateResource}) sends it back to {@link MtlsBrokerEndpoint} with a
 * one-time code; the certificate identifier becomes the federated user id. Being an identity provider
 * gives account linking ("add identifier"), the Account Console's Linked accounts and the "already
 * linked to another user" refusal from Keycloak itself.
 */
public class MtlsIdentityProvider extends MtlsIdentityProviderBase {

    public MtlsIdentityProvider(KeycloakSession session, MtlsIdentityProviderConfig config) {
        super(session, config);
    }

    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        return brokerEndpoint(realm, MtlsBrokerCallback.of(callback::getAndVerifyAuthenticationSession, callback::error, callback::authenticated, context -> context.setIdp(this)), event);
    }

    /** A certificate has no token to hand out (the form with the user session, 26.5+). */
    @Override
    public Response retrieveToken(KeycloakSession session, FederatedIdentityModel identity, UserSessionModel userSession,
                                  UserModel user) {
        return Response.status(Response.Status.BAD_REQUEST).build();
    }
}
