package dev.ssobundle.oidc;

import org.keycloak.models.UserModel;

/** The subject a user migrated from Encvoy had there, kept in a user attribute named by the realm. */
final class LegacySubject {

    private LegacySubject() {
    }

    static String of(UserModel user, String attributeName) {
        if (user == null || attributeName == null) {
            return null;
        }
        String value = user.getFirstAttribute(attributeName);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
