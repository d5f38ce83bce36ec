package dev.ssobundle.oidc;

import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * The subject a user migrated from Encvoy had there, kept in a user attribute named by the realm.
 * It becomes the {@code sub} an application sees, so it is an identity: served only when users
 * cannot write it themselves, and only when no other account carries the same value.
 */
final class LegacySubject {

    private static final Logger LOG = Logger.getLogger(LegacySubject.class);
    static final String NOT_UNIQUE = "legacy_subject_not_unique";
    private static final String USER_ROLE = "user";

    private LegacySubject() {
    }

    /**
     * True when the realm's user profile lets only administrators edit the attribute: declared with
     * edit permission not including {@code user}, or undeclared while unmanaged attributes are not
     * user-editable.
     */
    static boolean adminEditOnly(KeycloakSession session, String attributeName) {
        UPConfig profile = session.getProvider(UserProfileProvider.class).getConfiguration();
        UPAttribute declared = profile.getAttribute(attributeName);
        if (declared != null) {
            Set<String> editors = declared.getPermissions() == null ? null : declared.getPermissions().getEdit();
            return editors == null || !editors.contains(USER_ROLE);
        }
        return profile.getUnmanagedAttributePolicy() != UPConfig.UnmanagedAttributePolicy.ENABLED;
    }

    /**
     * The user's legacy subject, or null when none; {@link NotUnique} (after an error event) when
     * another account carries the same value: neither may speak as that subject.
     */
    static String of(KeycloakSession session, UserModel user, String attributeName) {
        if (user == null || attributeName == null) {
            return null;
        }
        String value = user.getFirstAttribute(attributeName);
        if (value == null || value.isBlank()) {
            return null;
        }
        RealmModel realm = session.getContext().getRealm();
        boolean shared = session.users().searchForUserByUserAttributeStream(realm, attributeName, value.trim())
                .anyMatch(other -> !other.getId().equals(user.getId()));
        if (shared) {
            LOG.errorf("Realm %s: user %s shares its legacy subject (attribute %s) with another account; no token through the OIDC API "
                    + "until an administrator makes the value unique", realm.getName(), user.getId(), attributeName);
            new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.LOGIN).user(user)
                    .detail(Details.REASON, "legacy subject attribute " + attributeName + " is carried by another account too")
                    .error(NOT_UNIQUE);
            throw new NotUnique();
        }
        return value.trim();
    }

    /** Two accounts carry the same legacy subject. */
    static final class NotUnique extends RuntimeException {
        static final String DESCRIPTION = "This account's legacy subject is also carried by another account; "
                + "an administrator must resolve the duplicate before the account can sign in to this application";

        NotUnique() {
            super(DESCRIPTION, null, false, false);
        }
    }
}
