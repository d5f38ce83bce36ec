package dev.ssobundle.mtls;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.messages.Messages;
import org.keycloak.services.resources.IdentityBrokerService;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The broker endpoint on the normal host ({@code /realms/<realm>/broker/<alias>/endpoint}), where the
 * certificate site sends the browser back with the state and a one-time code (or a refusal reason).
 * The login's cookies are present again here, so Keycloak finds the authentication session.
 */
public final class MtlsBrokerEndpoint {

    private static final Logger LOG = Logger.getLogger(MtlsBrokerEndpoint.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final MtlsIdentityProviderConfig config;
    private final MtlsBrokerCallback callback;
    private final EventBuilder event;

    MtlsBrokerEndpoint(KeycloakSession session, RealmModel realm, MtlsIdentityProviderConfig config,
                       MtlsBrokerCallback callback, EventBuilder event) {
        this.session = session;
        this.realm = realm;
        this.config = config;
        this.callback = callback;
        this.event = event;
    }

    @GET
    public Response certificateLoginReturned(@QueryParam("state") String state, @QueryParam("code") String code,
                                             @QueryParam("error") String error) {
        if (state == null || state.isBlank()) {
            return ErrorPage.error(session, null, Response.Status.BAD_REQUEST, Messages.IDENTITY_PROVIDER_MISSING_STATE_ERROR);
        }
        try {
            AuthenticationSessionModel authSession = callback.authenticationSession(state);
            session.getContext().setAuthenticationSession(authSession);

            if (error != null) {
                // The certificate site already recorded the refusal event with its details.
                return callback.error(config, CertificateRefusal.fromCode(error).message().key());
            }
            MtlsLoginHop.IssuedCode issued = code == null || code.isBlank() ? null : new MtlsLoginHop(session).consumeCode(code);
            if (issued == null) {
                return refuse(authSession, "mtls_code_invalid", MtlsMessage.LOGIN_CODE_INVALID);
            }
            MtlsLoginHop.CertificateIdentity identity = issued.identity();
            if (!issued.boundTo(state) || !config.getAlias().equals(identity.alias()) || !realm.getId().equals(identity.realm())) {
                // INFO, not WARN: the refusal is a client error, already recorded as an event (which Keycloak's
                // jboss-logging event listener prints at WARN); this line only adds the context.
                LOG.infof("mTLS one-time code presented with another login's state (realm %s)", realm.getName());
                return refuse(authSession, "mtls_code_state_mismatch", MtlsMessage.LOGIN_CODE_INVALID);
            }
            return authenticated(authSession, identity);
        } catch (WebApplicationException e) {
            return e.getResponse();
        }
    }

    private Response authenticated(AuthenticationSessionModel authSession, MtlsLoginHop.CertificateIdentity identity) {
        String identifier = identity.identifier();
        UserModel owner = CertificateBindings.owner(session, realm, config.getAlias(), identifier);
        boolean linking = authSession.getAuthNote(IdentityBrokerService.LINKING_IDENTITY_PROVIDER) != null;
        if (linking) {
            UserModel linkingUser = authSession.getAuthenticatedUser();
            if (owner != null && linkingUser != null && !owner.getId().equals(linkingUser.getId())) {
                event.clone().event(EventType.FEDERATED_IDENTITY_LINK).user(linkingUser)
                        .detail(Details.IDENTITY_PROVIDER, config.getAlias())
                        .detail(Details.IDENTITY_PROVIDER_USERNAME, identity.subjectDn())
                        .error("mtls_certificate_linked_to_another_user");
                return callback.error(config, MtlsMessage.CERTIFICATE_LINKED_TO_ANOTHER_ACCOUNT.key());
            }
        } else if (owner == null && config.unknownCertificatePolicy() == UnknownCertificatePolicy.REFUSE) {
            return refuse(authSession, "mtls_certificate_not_linked", MtlsMessage.CERTIFICATE_NOT_LINKED);
        }

        if (linking) {
            // The admin console's certificates page shows the issuer, serial and fingerprint of what gets linked now.
            session.setAttribute(CertificateBindings.LINKING_FACTS, identity);
        }
        BrokeredIdentityContext context = new BrokeredIdentityContext(identifier, config);
        context.setUsername(identity.subjectDn());
        String email = identity.email();
        if (config.unknownCertificatePolicy() == UnknownCertificatePolicy.FIRST_LOGIN_BY_EMAIL && email != null) {
            context.setEmail(email);
            context.setModelUsername(email);
        }
        context.setUserAttribute("mtls_certificate_subject", identity.subjectDn());
        context.setAuthenticationSession(authSession);
        return callback.authenticated(context);
    }

    private Response refuse(AuthenticationSessionModel authSession, String eventError, MtlsMessage message) {
        event.clone().event(EventType.IDENTITY_PROVIDER_LOGIN)
                .client(authSession.getClient())
                .detail(Details.IDENTITY_PROVIDER, config.getAlias())
                .error(eventError);
        return callback.error(config, message.key());
    }
}
