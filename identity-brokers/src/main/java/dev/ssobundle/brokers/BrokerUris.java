package dev.ssobundle.brokers;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The URIs a customer's IT registers at their identity provider; null without a base URI (a start-up
 * job has no request to take it from and the realm configures none).
 */
final class BrokerUris {

    private BrokerUris() {
    }

    /** Keycloak's broker endpoint: {@code <base>/realms/<realm>/broker/<slug>/endpoint}. */
    static String redirectUri(URI baseUri, String realm, String slug) {
        return baseUri == null ? null : spEntityId(baseUri, realm) + "/broker/" + segment(slug) + "/endpoint";
    }

    /** The SAML service provider's entity id: the realm's issuer URL, {@code <base>/realms/<realm>}. */
    static String spEntityId(URI baseUri, String realm) {
        if (baseUri == null) {
            return null;
        }
        String base = baseUri.toString();
        return (base.endsWith("/") ? base : base + "/") + "realms/" + segment(realm);
    }

    /** Keycloak's SP metadata for one SAML broker: {@code <redirectUri>/descriptor}. */
    static String spMetadataUrl(URI baseUri, String realm, String slug) {
        return baseUri == null ? null : redirectUri(baseUri, realm, slug) + "/descriptor";
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
