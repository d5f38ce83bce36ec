package dev.ssobundle.brokers;

import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;

/** The URIs a customer's IT registers at their identity provider. */
final class BrokerUris {

    private BrokerUris() {
    }

    /** Keycloak's broker endpoint: {@code <base>/realms/<realm>/broker/<slug>/endpoint}. */
    static String redirectUri(URI baseUri, String realm, String slug) {
        return UriBuilder.fromUri(baseUri).path("realms").path(realm).path("broker").path(slug).path("endpoint")
                .build().toString();
    }
}
