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

    static final String MSG_UNTRUSTED = "mtlsUntrustedProxy";
    static final String MSG_NOT_VERIFIED = "mtlsCertificateNotVerified";
    static final String MSG_NOT_LINKED = "mtlsCertificateNotLinked";
    static final String MSG_ISSUER_NOT_ALLOWED = MtlsMessages.ISSUER_NOT_ALLOWED;
    static final String MSG_DISABLED = MtlsMessages.CERTIFICATE_LOGIN_DISABLED;
    static final String MSG_REVOKED = MtlsMessages.CERTIFICATE_REVOKED;

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
            fail(context, AuthenticationFlowError.IDENTITY_PROVIDER_DISABLED, MSG_DISABLED, "provider_disabled");
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
            fail(context, AuthenticationFlowError.INVALID_CREDENTIALS, MSG_UNTRUSTED, "untrusted_proxy");
            return;
        }
        CertificateTrust.Judgement judgement = trust.judge(headers::getHeaderString);
        if (judgement instanceof CertificateTrust.Refused refused) {
            String messageKey = switch (refused.refusal()) {
                case ISSUER_NOT_ALLOWED -> MSG_ISSUER_NOT_ALLOWED;
                case REVOKED -> MSG_REVOKED;
                default -> MSG_NOT_VERIFIED;
            };
            context.getEvent().detail("mtls_detail", refused.detail());
            fail(context, AuthenticationFlowError.INVALID_CREDENTIALS, messageKey, refused.refusal().code());
            return;
        }
        String identifier = ((CertificateTrust.Accepted) judgement).identifier();
        UserModel user = linkedUser(context.getSession(), context.getRealm(), trust.config().getAlias(), identifier);
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
            case MSG_ISSUER_NOT_ALLOWED -> "Certificates from this issuer cannot be used to sign in here";
            case MSG_DISABLED -> "Certificate sign-in is disabled";
            case MSG_REVOKED -> "The client certificate has been revoked";
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
