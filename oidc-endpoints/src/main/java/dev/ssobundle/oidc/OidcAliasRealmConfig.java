package dev.ssobundle.oidc;

import dev.ssobundle.compat.BundleSetting;
import dev.ssobundle.compat.BundleSettings;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Per-realm options of the Encvoy-compatible API, read from realm attributes (set them in the
 * realm JSON or with the admin REST API). Each option has a safe default.
 */
final class OidcAliasRealmConfig {

    /** Public base of the routes when exposed elsewhere (e.g. {@code https://host/api/oidc} through the shipped nginx). */
    static final BundleSetting PUBLIC_BASE = BundleSetting.named("ssoBundle.oidcApi.publicBaseUrl");
    /** Public issuer, when it differs from the public base (e.g. {@code https://host} as Encvoy advertised it). */
    static final BundleSetting PUBLIC_ISSUER = BundleSetting.named("ssoBundle.oidcApi.publicIssuer");
    /** {@code true}: a bare {@code session/end} (no id_token_hint, no client_id) logs out without a confirmation page. */
    static final BundleSetting LOGOUT_WITHOUT_CONFIRMATION = BundleSetting.named("ssoBundle.oidcApi.logoutWithoutConfirmation");
    /** {@code true}: {@code /me} also accepts {@code ?access_token=} (RFC 6750 section 2.3). */
    static final BundleSetting QUERY_TOKEN_ALLOWED = BundleSetting.named("ssoBundle.oidcApi.queryAccessToken");
    /** {@code false}: unknown scopes are left to Keycloak (which answers invalid_scope). Default {@code true}. */
    static final BundleSetting LENIENT_SCOPES = BundleSetting.named("ssoBundle.oidcApi.lenientScopes");
    /** User attribute holding the subject a user had in Encvoy; empty disables the mapping. */
    static final BundleSetting LEGACY_SUBJECT_ATTRIBUTE = BundleSetting.named("ssoBundle.oidcApi.legacySubjectAttribute");

    private static final Logger LOG = Logger.getLogger(OidcAliasRealmConfig.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Set<String> userEditableWarned;

    /** {@code userEditableWarned}: realms already told (per node) that their legacy-subject attribute is user-editable. */
    OidcAliasRealmConfig(KeycloakSession session, Set<String> userEditableWarned) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.userEditableWarned = userEditableWarned;
    }

    /**
     * The one issuer of the alias: the configured public issuer, else the public base, else the API base of the realm as
     * Keycloak sees the request ({@code <base>/realms/<realm>/api/oidc}). Keycloak's base URL
     * follows its hostname / proxy-headers settings, never an unauthenticated header of ours.
     */
    String issuer() {
        String configured = attribute(PUBLIC_ISSUER);
        return configured != null ? stripTrailingSlash(configured) : endpointBase();
    }

    /** Where the routes ({@code auth}, {@code token}, ...) are published. */
    String endpointBase() {
        String configured = attribute(PUBLIC_BASE);
        if (configured != null) {
            return stripTrailingSlash(configured);
        }
        URI base = session.getContext().getUri().getBaseUri();
        return UriBuilder.fromUri(base).path("realms").path(realm.getName()).path("api").path("oidc").build().toString();
    }

    boolean logoutWithoutConfirmation() {
        return Boolean.parseBoolean(attribute(LOGOUT_WITHOUT_CONFIRMATION));
    }

    boolean queryAccessTokenAllowed() {
        return Boolean.parseBoolean(attribute(QUERY_TOKEN_ALLOWED));
    }

    boolean lenientScopes() {
        String value = attribute(LENIENT_SCOPES);
        return value == null || Boolean.parseBoolean(value);
    }

    /**
     * The legacy-subject attribute, only when the realm's user profile makes it admin-edit-only;
     * otherwise null (Keycloak's own {@code sub} is served) and one ERROR per realm and node, since
     * a user who can edit it could take another user's subject in every application.
     */
    String legacySubjectAttribute() {
        String name = attribute(LEGACY_SUBJECT_ATTRIBUTE);
        if (name == null || LegacySubject.adminEditOnly(session, name)) {
            return name;
        }
        if (userEditableWarned.add(realm.getId() + "/" + name)) {
            LOG.errorf("Realm %s: %s names attribute '%s' but the realm's user profile lets users edit attribute '%s'; "
                    + "the OIDC API serves Keycloak's own subject until the attribute is admin-edit-only", realm.getName(),
                    LEGACY_SUBJECT_ATTRIBUTE, name, name);
        }
        return null;
    }

    private String attribute(BundleSetting setting) {
        return BundleSettings.realm(realm.getName(), realm::getAttribute).string(setting, null);
    }

    private static String stripTrailingSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
