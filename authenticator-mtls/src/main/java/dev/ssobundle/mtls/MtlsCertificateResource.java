package dev.ssobundle.mtls;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The certificate site's handler, {@code /realms/<realm>/mtls/login}, reached only through nginx's
 * mTLS server ({@code https://<host>:3443/api/mtls/<realm>/login}). It believes the X-SSL-Client-*
 * headers only when the trusted proxy vouches for them, turns a verified certificate into a one-time
 * code bound to the login's state, and sends the browser back to the broker endpoint on the normal
 * host, where the login's cookies are.
 */
public class MtlsCertificateResource {

    static final String LOGIN_PATH = "login";

    private static final Logger LOG = Logger.getLogger(MtlsCertificateResource.class);

    private final KeycloakSession session;

    MtlsCertificateResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path(LOGIN_PATH)
    public Response certificateLogin(@QueryParam("state") String state) {
        RealmModel realm = session.getContext().getRealm();
        HttpHeaders headers = session.getContext().getRequestHeaders();
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.IDENTITY_PROVIDER_LOGIN);
        MtlsLoginHop hops = new MtlsLoginHop(session);

        MtlsLoginHop.Hop hop = state == null || state.isBlank() ? null : hops.findHop(state);
        CertificateTrust trust = hop == null || !realm.getId().equals(hop.realm())
                ? null : CertificateTrust.ofProvider(session, hop.alias()).filter(CertificateTrust::enabled).orElse(null);
        if (trust == null) {
            event.error("mtls_login_expired");
            return errorPage(Response.Status.BAD_REQUEST, MtlsMessage.LOGIN_EXPIRED);
        }
        MtlsIdentityProviderConfig config = trust.config();
        event.detail(Details.IDENTITY_PROVIDER, config.getAlias());
        var devSecret = trust.devSecretRefusal(realm.getName());
        if (devSecret.isPresent()) {
            event.detail(Details.REASON, devSecret.get().reason()).error("mtls_dev_secret");
            return devSecretPage(session, devSecret.get());
        }

        if (!trust.vouchedFor(headers.getHeaderString(ProxyTrust.SECRET_HEADER))) {
            // INFO, not WARN: the refusal is a client error, already recorded as an event (which Keycloak's
            // jboss-logging event listener prints at WARN); this line only adds the context.
            LOG.infof("Refused client-certificate headers not vouched for by the trusted proxy (realm %s, alias %s, peer %s)",
                    realm.getName(), config.getAlias(), CertificateTrust.peerForLog());
            event.error("mtls_untrusted_proxy");
            return errorPage(Response.Status.FORBIDDEN, MtlsMessage.UNTRUSTED_PROXY);
        }

        MtlsLoginHop.Hop consumed = hops.consumeHop(state);
        if (consumed == null) {
            event.error("mtls_login_expired");
            return errorPage(Response.Status.BAD_REQUEST, MtlsMessage.LOGIN_EXPIRED);
        }
        URI returnUri = URI.create(consumed.returnUri());

        CertificateTrust.Judgement judgement = trust.judge(headers::getHeaderString);
        if (judgement instanceof CertificateTrust.Refused refused) {
            return refuse(event, returnUri, state, refused.refusal(), refused.detail());
        }
        CertificateTrust.Accepted accepted = (CertificateTrust.Accepted) judgement;
        ClientCertificateHeaders certificate = accepted.certificate();
        String identifier = accepted.identifier();

        String email = accepted.pem().flatMap(CertificatePem::email).or(() -> CertificateEmail.fromSubjectDn(certificate.subjectDn()))
                .orElse(null);
        MtlsLoginHop.CertificateIdentity identity = new MtlsLoginHop.CertificateIdentity(realm.getId(), config.getAlias(), identifier,
                certificate.subjectDn(), certificate.issuerDn(), certificate.serial(), certificate.fingerprint(), email);
        String code = hops.issueCode(state, identity);
        return Response.status(Response.Status.FOUND)
                .location(UriBuilder.fromUri(returnUri).queryParam("state", state).queryParam("code", code).build())
                .build();
    }

    /** Records why, and sends the user back to the login page, which shows the reason. */
    private Response refuse(EventBuilder event, URI returnUri, String state, CertificateRefusal refusal, String reason) {
        LOG.debugf("Refused client certificate: %s (%s)", refusal, reason);
        event.detail(Details.REASON, reason).error(refusal.eventError());
        return Response.status(Response.Status.FOUND)
                .location(UriBuilder.fromUri(returnUri).queryParam("state", state).queryParam("error", refusal.code()).build())
                .build();
    }

    /** 503: certificate login is off until the admin replaces the published proxy secret; the page says so. */
    static Response devSecretPage(KeycloakSession session, dev.ssobundle.devsecrets.DevSecrets.Refusal refusal) {
        return Response.fromResponse(session.getProvider(LoginFormsProvider.class)
                        .setError(MtlsMessage.DEV_SECRET_REFUSED.key(), refusal.reason()).createErrorPage(Response.Status.SERVICE_UNAVAILABLE))
                .header("Retry-After", "3600").build();
    }

    private Response errorPage(Response.Status status, MtlsMessage message) {
        return session.getProvider(LoginFormsProvider.class).setError(message.key()).createErrorPage(status);
    }
}
