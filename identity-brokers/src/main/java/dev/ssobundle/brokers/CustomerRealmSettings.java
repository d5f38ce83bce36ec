package dev.ssobundle.brokers;

import java.net.URI;
import org.keycloak.models.RealmModel;

/**
 * Per-realm settings of the onboarding API, stored as realm attributes.
 *
 * <p>The URL customers reach Keycloak at, e.g. {@code https://login.flatchr.io/auth}, on which the
 * redirect URI and SP entity id handed to customers are built: {@value #PUBLIC_BASE_URL} if set,
 * else the realm's own Frontend URL ({@code frontendUrl}, which also makes Keycloak generate the
 * broker URLs with that prefix), else the base URL of the admin request.
 */
final class CustomerRealmSettings {

    static final String PUBLIC_BASE_URL = "customers.publicBaseUrl";
    static final String FRONTEND_URL = "frontendUrl";
    /** {@code true}: customers' metadata, discovery and JWKS URLs may be plain http (tests, labs); default https only. */
    static final String ALLOW_INSECURE_METADATA = "ssoBundle.customers.allowInsecureMetadata";

    private final RealmModel realm;

    CustomerRealmSettings(RealmModel realm) {
        this.realm = realm;
    }

    boolean allowInsecureMetadata() {
        return Boolean.parseBoolean(realm.getAttribute(ALLOW_INSECURE_METADATA));
    }

    URI publicBaseUri(URI requestBaseUri) {
        String configured = realm.getAttribute(PUBLIC_BASE_URL);
        if (configured == null || configured.isBlank()) {
            configured = realm.getAttribute(FRONTEND_URL);
        }
        if (configured == null || configured.isBlank()) {
            return requestBaseUri;
        }
        String base = configured.trim();
        return URI.create(base.endsWith("/") ? base : base + "/");
    }
}
