package dev.ssobundle.brokers;

import dev.ssobundle.compat.BundleSetting;
import dev.ssobundle.compat.BundleSettings;
import java.net.URI;
import org.keycloak.models.RealmModel;

/**
 * Per-realm settings of the onboarding API, stored as realm attributes.
 *
 * <p>The URL customers reach Keycloak at, e.g. {@code https://login.flatchr.io/auth}, on which the
 * redirect URI and SP entity id handed to customers are built: {@code ssoBundle.customers.publicBaseUrl} if set
 * (formerly {@code customers.publicBaseUrl}),
 * else the realm's own Frontend URL ({@code frontendUrl}, which also makes Keycloak generate the
 * broker URLs with that prefix), else the base URL of the admin request.
 */
final class CustomerRealmSettings {

    static final BundleSetting PUBLIC_BASE_URL = BundleSetting.named("ssoBundle.customers.publicBaseUrl").formerly("customers.publicBaseUrl");
    /** Keycloak's own realm attribute (Realm settings > Frontend URL), not a bundle setting. */
    static final String FRONTEND_URL = "frontendUrl";
    /** {@code true}: customers' metadata, discovery and JWKS URLs may be plain http (tests, labs); default https only. */
    static final BundleSetting ALLOW_INSECURE_METADATA = BundleSetting.named("ssoBundle.customers.allowInsecureMetadata");

    private final RealmModel realm;
    private final BundleSettings settings;

    CustomerRealmSettings(RealmModel realm) {
        this.realm = realm;
        this.settings = BundleSettings.realm(realm.getName(), realm::getAttribute);
    }

    boolean allowInsecureMetadata() {
        return settings.flag(ALLOW_INSECURE_METADATA);
    }

    URI publicBaseUri(URI requestBaseUri) {
        String configured = settings.string(PUBLIC_BASE_URL);
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
