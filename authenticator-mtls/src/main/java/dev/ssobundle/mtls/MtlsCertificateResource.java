package dev.ssobundle.mtls;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.IdentityProviderModel;
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
    /** nginx's escaped PEM ($ssl_client_escaped_cert): used when present, never required. */
    static final String CERTIFICATE_PEM = "X-SSL-Client-Cert";

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

        Map<String, String> hop = state == null || state.isBlank() ? null : hops.findHop(state);
        MtlsIdentityProviderConfig config = hop == null || !realm.getId().equals(hop.get(MtlsLoginHop.REALM_ID))
                ? null : mtlsProvider(realm, hop.get(MtlsLoginHop.ALIAS));
        if (config == null) {
            event.error("mtls_login_expired");
            return errorPage(Response.Status.BAD_REQUEST, MtlsMessages.LOGIN_EXPIRED);
        }
        event.detail(Details.IDENTITY_PROVIDER, config.getAlias());

        String remoteAddress = session.getContext().getConnection().getRemoteAddr();
        List<String> trustedAddresses = config.trustedProxyAddresses();
        if (!config.proxyTrust().trusts(headers.getHeaderString(ProxyTrust.SECRET_HEADER))
                || (!trustedAddresses.isEmpty() && !trustedAddresses.contains(remoteAddress))) {
            // INFO, not WARN: the refusal is a client error, already recorded as an event (which Keycloak's
            // jboss-logging event listener prints at WARN); this line only adds the context.
            LOG.infof("Refused client-certificate headers not vouched for by the trusted proxy (realm %s, alias %s, from %s)",
                    realm.getName(), config.getAlias(), remoteAddress);
            event.error("mtls_untrusted_proxy");
            return errorPage(Response.Status.FORBIDDEN, MtlsMessages.UNTRUSTED_PROXY);
        }

        Map<String, String> consumed = hops.consumeHop(state);
        if (consumed == null) {
            event.error("mtls_login_expired");
            return errorPage(Response.Status.BAD_REQUEST, MtlsMessages.LOGIN_EXPIRED);
        }
        URI returnUri = URI.create(consumed.get(MtlsLoginHop.RETURN_URI));

        Optional<ClientCertificateHeaders> presented = ClientCertificateHeaders.from(headers::getHeaderString);
        if (presented.isEmpty() || "NONE".equals(presented.get().verify())) {
            return refuse(event, returnUri, state, CertificateRefusal.NO_CERTIFICATE, "NONE");
        }
        ClientCertificateHeaders certificate = presented.get();
        if (!certificate.verified()) {
            return refuse(event, returnUri, state, CertificateRefusal.NOT_VERIFIED, certificate.verify());
        }
        Optional<CertificatePem> pem = CertificatePem.parse(headers.getHeaderString(CERTIFICATE_PEM));
        if (pem.isPresent() && !pem.get().sha1Fingerprint().equals(certificate.fingerprint())) {
            return refuse(event, returnUri, state, CertificateRefusal.NOT_VERIFIED, "certificate does not match fingerprint");
        }
        List<String> allowedIssuers = config.allowedIssuerDns();
        if (!allowedIssuers.isEmpty() && !allowedIssuers.contains(certificate.issuerDn())) {
            return refuse(event, returnUri, state, CertificateRefusal.ISSUER_NOT_ALLOWED, certificate.issuerDn());
        }
        String identifier = config.certificateIdentifier().identify(certificate);
        if (identifier == null) {
            return refuse(event, returnUri, state, CertificateRefusal.NOT_VERIFIED, "certificate identifier missing");
        }

        Map<String, String> identity = new HashMap<>();
        identity.put(MtlsLoginHop.REALM_ID, realm.getId());
        identity.put(MtlsLoginHop.ALIAS, config.getAlias());
        identity.put(MtlsLoginHop.IDENTIFIER, identifier);
        putIfPresent(identity, MtlsLoginHop.SUBJECT_DN, certificate.subjectDn());
        putIfPresent(identity, MtlsLoginHop.ISSUER_DN, certificate.issuerDn());
        putIfPresent(identity, MtlsLoginHop.SERIAL, certificate.serial());
        putIfPresent(identity, MtlsLoginHop.FINGERPRINT, certificate.fingerprint());
        pem.flatMap(CertificatePem::email).or(() -> CertificateEmail.fromSubjectDn(certificate.subjectDn()))
                .ifPresent(email -> identity.put(MtlsLoginHop.EMAIL, email));
        String code = hops.issueCode(state, identity);
        return Response.status(Response.Status.FOUND)
                .location(UriBuilder.fromUri(returnUri).queryParam("state", state).queryParam("code", code).build())
                .build();
    }

    private MtlsIdentityProviderConfig mtlsProvider(RealmModel realm, String alias) {
        IdentityProviderModel model = alias == null ? null : session.identityProviders().getByAlias(alias);
        if (model == null || !model.isEnabled() || !MtlsIdentityProviderFactory.PROVIDER_ID.equals(model.getProviderId())) {
            return null;
        }
        return new MtlsIdentityProviderConfig(model);
    }

    /** Records why, and sends the user back to the login page, which shows the reason. */
    private Response refuse(EventBuilder event, URI returnUri, String state, CertificateRefusal refusal, String reason) {
        LOG.debugf("Refused client certificate: %s (%s)", refusal, reason);
        event.detail(Details.REASON, reason).error(refusal.eventError());
        return Response.status(Response.Status.FOUND)
                .location(UriBuilder.fromUri(returnUri).queryParam("state", state).queryParam("error", refusal.code()).build())
                .build();
    }

    private Response errorPage(Response.Status status, String messageKey) {
        return session.getProvider(LoginFormsProvider.class).setError(messageKey).createErrorPage(status);
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
