package dev.ssobundle.brokers;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.IdentityProvider;
import org.keycloak.broker.provider.IdentityProviderFactory;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * Fetches a customer's SAML metadata or OpenID discovery document through Keycloak's own HTTP
 * client (its proxy and truststore settings apply) and parses it with Keycloak's own identity
 * provider factories, turning every failure into a reason the admin can act on.
 */
final class UpstreamMetadata {

    private static final Logger LOG = Logger.getLogger(UpstreamMetadata.class);
    private static final long MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

    private final KeycloakSession session;
    private final boolean allowInsecure;

    UpstreamMetadata(KeycloakSession session, boolean allowInsecure) {
        this.session = session;
        this.allowInsecure = allowInsecure;
    }

    /** SAML IdP config parsed from the metadata at {@code url}: SSO URL, entity id and every signing certificate. */
    Map<String, String> samlIdentityProvider(String url) {
        Map<String, String> config = parsed("metadataUrl", url, "saml", "SAML 2.0 metadata (not a parseable EntityDescriptor)");
        if (config == null || config.isEmpty()) {
            throw CustomerInputException.badRequest("metadataUrl " + url + " has no IDPSSODescriptor (not an identity provider's metadata)");
        }
        if (isBlank(config.get("singleSignOnServiceUrl"))) {
            throw CustomerInputException.badRequest("metadataUrl " + url + " has no SingleSignOnService endpoint with the HTTP-POST or HTTP-Redirect binding");
        }
        if (isBlank(config.get("signingCertificate"))) {
            throw CustomerInputException.badRequest("metadataUrl " + url + " has no signing certificate (KeyDescriptor use=\"signing\"): responses could not be verified");
        }
        return new HashMap<>(config);
    }

    /** The document at {@code url} (the request's {@code setting}) parsed by Keycloak's {@code providerId} identity-provider factory, else 400. */
    private Map<String, String> parsed(String setting, String url, String providerId, String expected) {
        String document = fetch(setting, url);
        try {
            return factory(providerId).parseConfig(session, document);
        } catch (RuntimeException e) {
            LOG.debugf(e, "%s %s not parseable by the %s identity-provider factory", setting, url, providerId);
            throw CustomerInputException.badRequest(setting + " " + url + " did not return " + expected);
        }
    }

    /** OIDC IdP config parsed from the discovery document at {@code url}; its JWKS URL obeys the same TLS rule as the document. */
    Map<String, String> oidcIdentityProvider(String url) {
        Map<String, String> config = parsed("discoveryUrl", url, "oidc", "an OpenID Connect discovery document (not valid discovery JSON)");
        for (String required : new String[] {"issuer", "authorizationUrl", "tokenUrl", "jwksUrl"}) {
            if (config == null || isBlank(config.get(required))) {
                throw CustomerInputException.badRequest("discoveryUrl " + url + " lacks " + discoveryName(required));
            }
        }
        CustomerRules.metadataUrlProblem("jwks_uri of discoveryUrl " + url, config.get("jwksUrl"), allowInsecure).ifPresent(p -> {
            throw CustomerInputException.badRequest(p);
        });
        return new HashMap<>(config);
    }

    /** The issuer of the discovery document at {@code url}. */
    String issuerOf(String field, String url) {
        String json = fetch(field, url);
        String issuer;
        try {
            issuer = JsonSerialization.readValue(json, OIDCConfigurationRepresentation.class).getIssuer();
        } catch (IOException | RuntimeException e) {
            LOG.debugf(e, "OpenID discovery at %s not parseable", url);
            throw CustomerInputException.badRequest(field + " " + url + " did not return an OpenID Connect discovery document (not valid discovery JSON)");
        }
        if (isBlank(issuer)) {
            throw CustomerInputException.badRequest(field + " " + url + " returned a discovery document without an issuer");
        }
        return issuer;
    }

    /**
     * The document at {@code url}. Failures name what failed (HTTP status class, timeout, TLS,
     * connection) in our own words: the upstream's body and exception texts are logged at debug
     * level only, never echoed to the caller.
     */
    private String fetch(String field, String url) {
        CustomerRules.metadataUrlProblem(field, url, allowInsecure).ifPresent(p -> {
            throw CustomerInputException.badRequest(p);
        });
        SimpleHttpResponse response;
        try {
            response = SimpleHttp.create(session).withMaxConsumedResponseSize(MAX_DOCUMENT_BYTES).doGet(url).asResponse();
            int status = response.getStatus();
            if (status != 200) {
                throw CustomerInputException.badRequest(field + " " + url + " answered HTTP " + status + " (expected 200; " + statusClass(status) + ")");
            }
            return response.asString();
        } catch (IOException | RuntimeException e) {
            if (e instanceof CustomerInputException input) {
                throw input;
            }
            LOG.debugf(e, "%s %s unreachable", field, url);
            throw CustomerInputException.badRequest(field + " " + url + " is unreachable: " + networkFailure(e));
        }
    }

    private IdentityProviderFactory<?> factory(String providerId) {
        return (IdentityProviderFactory<?>) session.getKeycloakSessionFactory().getProviderFactory(IdentityProvider.class, providerId);
    }

    private static String discoveryName(String configKey) {
        return switch (configKey) {
            case "authorizationUrl" -> "authorization_endpoint";
            case "tokenUrl" -> "token_endpoint";
            case "jwksUrl" -> "jwks_uri";
            default -> configKey;
        };
    }

    static String statusClass(int status) {
        if (status >= 500) {
            return "a server error at the customer's side";
        }
        if (status == 401 || status == 403) {
            return "the document is not public";
        }
        if (status >= 400) {
            return "a client error: check the URL";
        }
        if (status >= 300) {
            return "a redirect: give the final URL";
        }
        return "not a document";
    }

    /** What went wrong on the network, in our words, from the exception chain (never its message). */
    static String networkFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLException) {
                return "TLS handshake failed (not a TLS server, or its certificate is not trusted by Keycloak's truststore)";
            }
            if (cause instanceof java.net.SocketTimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
                return "timed out";
            }
            if (cause instanceof java.net.UnknownHostException) {
                return "unknown host";
            }
            if (cause instanceof java.net.ConnectException || cause instanceof java.net.NoRouteToHostException) {
                return "connection refused";
            }
            if (cause instanceof java.io.IOException && cause.getClass().getSimpleName().contains("TooLarge")) {
                return "document larger than " + (MAX_DOCUMENT_BYTES / 1024 / 1024) + " MiB";
            }
        }
        return "network error";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
