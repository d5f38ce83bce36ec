package dev.ssobundle.brokers;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The URIs a customer's IT registers at their identity provider. */
final class BrokerUris {

    private BrokerUris() {
    }

    /** Keycloak's broker endpoint: {@code <base>/realms/<realm>/broker/<slug>/endpoint}. */
    static String redirectUri(URI baseUri, String realm, String slug) {
        String base = baseUri.toString();
        return (base.endsWith("/") ? base : base + "/") + "realms/" + segment(realm) + "/broker/" + segment(slug) + "/endpoint";
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
