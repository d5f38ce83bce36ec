package dev.ssobundle.mtls;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import org.keycloak.broker.provider.AbstractIdentityProvider;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * The login page's mTLS method as a Keycloak identity provider. Its "remote IdP" is the certificate
 * site nginx serves on port 3443: clicking the button sends the browser there with the broker state;
 * the certificate site (see {@link MtlsCertificateResource}) sends it back to {@link MtlsBrokerEndpoint}
 * with a one-time code; the certificate identifier becomes the federated user id. Being an identity
 * provider gives account linking ("add identifier"), the Account Console's Linked accounts and the
 * "already linked to another user" refusal from Keycloak itself.
 */
public class MtlsIdentityProvider extends AbstractIdentityProvider<MtlsIdentityProviderConfig> {

    /** Path of the certificate site that nginx maps to {@code /realms/<realm>/mtls/}. */
    static final String CERTIFICATE_SITE_PATH = "api/mtls";

    public MtlsIdentityProvider(KeycloakSession session, MtlsIdentityProviderConfig config) {
        super(session, config);
    }

    @Override
    public Response performLogin(AuthenticationRequest request) {
        RealmModel realm = request.getRealm();
        var devSecret = CertificateTrust.devSecretRefusal(realm.getName(), getConfig());
        if (devSecret.isPresent()) {
            return MtlsCertificateResource.devSecretPage(session, devSecret.get());
        }
        String state = request.getState().getEncoded();
        new MtlsLoginHop(session).startHop(realm, getConfig().getAlias(), state, request.getRedirectUri());
        URI certificateSite = UriBuilder.fromUri(getConfig().mtlsBaseUrl(request.getUriInfo().getBaseUri()))
                .path(CERTIFICATE_SITE_PATH).path(realm.getName()).path(MtlsCertificateResource.LOGIN_PATH)
                .queryParam("state", state)
                .build();
        return Response.status(Response.Status.FOUND).location(certificateSite).build();
    }

    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        return new MtlsBrokerEndpoint(session, realm, this, callback, event);
    }

    /** A certificate has no token to hand out. */
    @Override
    public Response retrieveToken(KeycloakSession session, FederatedIdentityModel identity) {
        return Response.status(Response.Status.BAD_REQUEST).build();
    }

    @Override
    public Response retrieveToken(KeycloakSession session, FederatedIdentityModel identity, UserSessionModel userSession,
                                  UserModel user) {
        return Response.status(Response.Status.BAD_REQUEST).build();
    }
}
