package dev.ssobundle.mtls;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Errors;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Flow step for deployments where nginx sits in front of all of Keycloak with
 * {@code ssl_verify_client optional}: the certificate nginx verified identifies the user who linked it
 * (through the {@code mtls} identity provider) to their account. Without certificate headers the
 * step is only "attempted", so it can sit beside a password step as an alternative.
 */
public class MtlsHeaderAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(MtlsHeaderAuthenticator.class);

    static final String MSG_UNTRUSTED = "mtlsUntrustedProxy";
    static final String MSG_NOT_VERIFIED = "mtlsCertificateNotVerified";
    static final String MSG_NOT_LINKED = "mtlsCertificateNotLinked";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        HttpHeaders headers = context.getHttpRequest().getHttpHeaders();
        Optional<ClientCertificateHeaders> presented = ClientCertificateHeaders.from(headers::getHeaderString);
        if (presented.isEmpty()) {
            context.attempted();
            return;
        }
        MtlsHeaderAuthenticatorConfig config = MtlsHeaderAuthenticatorConfig.of(context.getAuthenticatorConfig());
        if (!new ProxyTrust(config.proxySecret()).trusts(headers.getHeaderString(ProxyTrust.SECRET_HEADER))) {
            // INFO, not WARN: the refusal is a client error, already recorded as an event (which Keycloak's
            // jboss-logging event listener prints at WARN); this line only adds the context.
            LOG.infof("Refused client-certificate headers not vouched for by the trusted proxy (realm %s, from %s)",
                    context.getRealm().getName(), context.getConnection().getRemoteAddr());
            fail(context, AuthenticationFlowError.INVALID_CREDENTIALS, MSG_UNTRUSTED, "untrusted_proxy");
            return;
        }
        ClientCertificateHeaders certificate = presented.get();
        String identifier = certificate.verified() ? identifierOf(context.getSession(), config.identityProviderAlias(), certificate) : null;
        if (identifier == null) {
            fail(context, AuthenticationFlowError.INVALID_CREDENTIALS, MSG_NOT_VERIFIED, "certificate_not_verified");
            return;
        }
        UserModel user = linkedUser(context.getSession(), context.getRealm(), config.identityProviderAlias(), identifier);
        if (user == null) {
            fail(context, AuthenticationFlowError.UNKNOWN_USER, MSG_NOT_LINKED, "certificate_not_linked");
            return;
        }
        if (!user.isEnabled()) {
            context.getEvent().user(user);
            fail(context, AuthenticationFlowError.USER_DISABLED, "accountDisabledMessage", Errors.USER_DISABLED);
            return;
        }
        context.setUser(user);
        context.success();
    }

    /**
     * The identifier users linked through the mTLS identity provider: that provider's configured kind
     * (SHA-1 fingerprint by default), so both login modes agree on who owns a certificate.
     */
    private static String identifierOf(KeycloakSession session, String alias, ClientCertificateHeaders certificate) {
        IdentityProviderModel model = session.identityProviders().getByAlias(alias);
        if (model != null && MtlsIdentityProviderFactory.PROVIDER_ID.equals(model.getProviderId())) {
            return new MtlsIdentityProviderConfig(model).certificateIdentifier().identify(certificate);
        }
        return CertificateIdentifier.SHA1_FINGERPRINT.identify(certificate);
    }

    static UserModel linkedUser(KeycloakSession session, RealmModel realm, String alias, String identifier) {
        return session.users().getUserByFederatedIdentity(realm, new FederatedIdentityModel(alias, identifier, null));
    }

    private static void fail(AuthenticationFlowContext context, AuthenticationFlowError error, String messageKey,
                             String eventError) {
        context.getEvent().detail("mtls_reason", eventError).error(Errors.INVALID_USER_CREDENTIALS);
        if (isTokenRequest(context)) {
            context.failure(error, Response.status(Response.Status.UNAUTHORIZED)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "invalid_grant", "error_description", describe(messageKey)))
                    .build());
        } else {
            context.failure(error, context.form().setError(messageKey).createErrorPage(Response.Status.UNAUTHORIZED));
        }
    }

    private static boolean isTokenRequest(AuthenticationFlowContext context) {
        return context.getHttpRequest().getUri().getPath().endsWith("/token");
    }

    private static String describe(String messageKey) {
        return switch (messageKey) {
            case MSG_UNTRUSTED -> "Client-certificate headers did not come from the trusted proxy";
            case MSG_NOT_VERIFIED -> "The client certificate was not verified by the proxy";
            case MSG_NOT_LINKED -> "This certificate is not linked to any account";
            default -> "Account is disabled";
        };
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
