package dev.ssobundle.mtls;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Errors;
import org.keycloak.models.FederatedIdentityModel;
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

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        HttpHeaders headers = context.getHttpRequest().getHttpHeaders();
        if (ClientCertificateHeaders.from(headers::getHeaderString).isEmpty()) {
            context.attempted();
            return;
        }
        MtlsHeaderAuthenticatorConfig config = MtlsHeaderAuthenticatorConfig.of(context.getAuthenticatorConfig());
        // The identity provider through which users link certificates holds every trust setting:
        // the step applies exactly its checks (see CertificateTrust), so disabling it closes both ways in.
        CertificateTrust trust = CertificateTrust.ofProvider(context.getSession(), config.identityProviderAlias())
                .filter(CertificateTrust::enabled).orElse(null);
        if (trust == null) {
            fail(context, AuthenticationFlowError.IDENTITY_PROVIDER_DISABLED, MtlsMessage.CERTIFICATE_LOGIN_DISABLED, "provider_disabled");
            return;
        }
        var devSecret = trust.devSecretRefusal(context.getRealm().getName());
        if (devSecret.isPresent()) {
            context.getEvent().detail("mtls_reason", "dev_secret").error(Errors.INVALID_USER_CREDENTIALS);
            context.failure(AuthenticationFlowError.IDENTITY_PROVIDER_DISABLED, isTokenRequest(context)
                    ? Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON_TYPE)
                            .entity(Map.of("error", "temporarily_unavailable", "error_description", devSecret.get().reason())).build()
                    : MtlsCertificateResource.devSecretPage(context.getSession(), devSecret.get()));
            return;
        }
        if (!trust.vouchedFor(headers.getHeaderString(ProxyTrust.SECRET_HEADER))) {
            // INFO, not WARN: the refusal is a client error, already recorded as an event (which Keycloak's
            // jboss-logging event listener prints at WARN); this line only adds the context.
            LOG.infof("Refused client-certificate headers not vouched for by the trusted proxy (realm %s, peer %s)",
                    context.getRealm().getName(), CertificateTrust.peerForLog());
            fail(context, AuthenticationFlowError.INVALID_CREDENTIALS, MtlsMessage.UNTRUSTED_PROXY, "untrusted_proxy");
            return;
        }
        CertificateTrust.Judgement judgement = trust.judge(headers::getHeaderString);
        if (judgement instanceof CertificateTrust.Refused refused) {
            // no certificate although its headers came: the step shows "not verified", not the button's hint
            MtlsMessage message = refused.refusal() == CertificateRefusal.NO_CERTIFICATE
                    ? MtlsMessage.CERTIFICATE_NOT_VERIFIED : refused.refusal().message();
            context.getEvent().detail("mtls_detail", refused.detail());
            fail(context, AuthenticationFlowError.INVALID_CREDENTIALS, message, refused.refusal().code());
            return;
        }
        String identifier = ((CertificateTrust.Accepted) judgement).identifier();
        UserModel user = linkedUser(context.getSession(), context.getRealm(), trust.config().getAlias(), identifier);
        if (user == null) {
            fail(context, AuthenticationFlowError.UNKNOWN_USER, MtlsMessage.CERTIFICATE_NOT_LINKED, "certificate_not_linked");
            return;
        }
        if (!user.isEnabled()) {
            context.getEvent().user(user);
            fail(context, AuthenticationFlowError.USER_DISABLED, MtlsMessage.ACCOUNT_DISABLED, Errors.USER_DISABLED);
            return;
        }
        context.setUser(user);
        context.success();
    }

    static UserModel linkedUser(KeycloakSession session, RealmModel realm, String alias, String identifier) {
        return session.users().getUserByFederatedIdentity(realm, new FederatedIdentityModel(alias, identifier, null));
    }

    private static void fail(AuthenticationFlowContext context, AuthenticationFlowError error, MtlsMessage message,
                             String eventError) {
        context.getEvent().detail("mtls_reason", eventError).error(Errors.INVALID_USER_CREDENTIALS);
        if (isTokenRequest(context)) {
            context.failure(error, Response.status(Response.Status.UNAUTHORIZED)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "invalid_grant", "error_description", describe(message)))
                    .build());
        } else {
            context.failure(error, context.form().setError(message.key()).createErrorPage(Response.Status.UNAUTHORIZED));
        }
    }

    private static boolean isTokenRequest(AuthenticationFlowContext context) {
        return context.getHttpRequest().getUri().getPath().endsWith("/token");
    }

    /** The token endpoint's error_description (an API caller gets English, not the login page's text). */
    private static String describe(MtlsMessage message) {
        return switch (message) {
            case UNTRUSTED_PROXY -> "Client-certificate headers did not come from the trusted proxy";
            case CERTIFICATE_NOT_VERIFIED -> "The client certificate was not verified by the proxy";
            case CERTIFICATE_NOT_LINKED -> "This certificate is not linked to any account";
            case ISSUER_NOT_ALLOWED -> "Certificates from this issuer cannot be used to sign in here";
            case CERTIFICATE_LOGIN_DISABLED -> "Certificate sign-in is disabled";
            case CERTIFICATE_REVOKED -> "The client certificate has been revoked";
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
