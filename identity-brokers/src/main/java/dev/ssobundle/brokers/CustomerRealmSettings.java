package dev.ssobundle.brokers;

import java.net.URI;
import org.keycloak.models.RealmModel;

/**
 * Per-realm settings of the onboarding API, stored as realm attributes.
 *
 * <p>{@value #PUBLIC_BASE_URL}: the URL customers reach Keycloak at, e.g.
 * {@code https://login.flatchr.io/auth}; the redirect URI and SP entity id handed to customers are
 * built on it. Unset, the base URL of the admin request is used (right when Keycloak runs with
 * {@code --hostname} and, for the legacy prefix, {@code --http-relative-path=/auth}).
 */
final class CustomerRealmSettings {

    static final String PUBLIC_BASE_URL = "customers.publicBaseUrl";

    private final RealmModel realm;

    CustomerRealmSettings(RealmModel realm) {
        this.realm = realm;
    }

    URI publicBaseUri(URI requestBaseUri) {
        String configured = realm.getAttribute(PUBLIC_BASE_URL);
        if (configured == null || configured.isBlank()) {
            return requestBaseUri;
        }
        String base = configured.trim();
        return URI.create(base.endsWith("/") ? base : base + "/");
    }
}
