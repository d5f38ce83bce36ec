package dev.ssobundle.scim;

import dev.ssobundle.compat.BundleSetting;
import dev.ssobundle.compat.BundleSettings;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * The realm attributes that tune SCIM, read in one place:
 * <ul>
 * <li>{@value #PROTECTED_ROLES}: extra roles (comma-separated; {@code role} for a realm role,
 * {@code clientId/role} for a client role) that make a group privileged and a user unmanageable,
 * beside every realm-management role;</li>
 * <li>{@value #MAX_FILTER_CANDIDATES}: how many users or groups a filter that the database cannot
 * answer exactly may read before the request is refused with 400 tooMany (default
 * {@value #DEFAULT_MAX_FILTER_CANDIDATES}).</li>
 * </ul>
 */
final class ScimRealmSettings {

    static final String PROTECTED_ROLES = "ssoBundle.scim.protectedRoles";
    static final String MAX_FILTER_CANDIDATES = "ssoBundle.scim.maxFilterCandidates";
    static final int DEFAULT_MAX_FILTER_CANDIDATES = 5_000;

    private static final Logger LOG = Logger.getLogger(ScimRealmSettings.class);

    private final RealmModel realm;

    ScimRealmSettings(RealmModel realm) {
        this.realm = realm;
    }

    private BundleSettings settings() {
        return BundleSettings.realm(realm.getName(), realm::getAttribute);
    }

    List<String> protectedRoles() {
        return settings().list(BundleSetting.named(PROTECTED_ROLES), ",");
    }

    int maxFilterCandidates() {
        String value = settings().string(BundleSetting.named(MAX_FILTER_CANDIDATES));
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX_FILTER_CANDIDATES;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        LOG.warnf("Realm %s: %s is '%s', not a positive number; using %d.", realm.getName(), MAX_FILTER_CANDIDATES, value,
                DEFAULT_MAX_FILTER_CANDIDATES);
        return DEFAULT_MAX_FILTER_CANDIDATES;
    }
}
