package dev.ssobundle.mtls;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The mTLS button's first step, shared by the identity provider classes of every Keycloak line: the
 * browser goes to the certificate site nginx serves on port 3443, carrying the broker state, after a
 * login hop is recorded for that state.
 */
final class MtlsLoginStart {

    /** Path of the certificate site that nginx maps to {@code /realms/<realm>/mtls/}. */
    static final String CERTIFICATE_SITE_PATH = "api/mtls";

    private MtlsLoginStart() {
    }

    static Response redirectToCertificateSite(KeycloakSession session, MtlsIdentityProviderConfig config,
                                              AuthenticationRequest request) {
        RealmModel realm = request.getRealm();
        var devSecret = CertificateTrust.devSecretRefusal(realm.getName(), config);
        if (devSecret.isPresent()) {
            return MtlsCertificateResource.devSecretPage(session, devSecret.get());
        }
        String state = request.getState().getEncoded();
        new MtlsLoginHop(session).startHop(realm, config.getAlias(), state, request.getRedirectUri());
        URI certificateSite = UriBuilder.fromUri(config.mtlsBaseUrl(request.getUriInfo().getBaseUri()))
                .path(CERTIFICATE_SITE_PATH).path(realm.getName()).path(MtlsCertificateResource.LOGIN_PATH)
                .queryParam("state", state)
                .build();
        return Response.status(Response.Status.FOUND).location(certificateSite).build();
    }
}
