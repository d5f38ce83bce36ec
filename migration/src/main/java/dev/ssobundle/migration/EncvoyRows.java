package dev.ssobundle.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Rows of the Encvoy ID database, as read (see shared reference: Encvoy data model). */
final class EncvoyRows {

    private EncvoyRows() {
    }

    record User(String id, String login, String email, boolean emailVerified, String givenName, String familyName,
            String middleName, String nickname, LocalDate birthdate, String phoneNumber, boolean phoneNumberVerified,
            String picture, JsonNode customFields, String hashedPassword, Instant passwordUpdatedAt,
            boolean passwordChangeRequired, String locale, boolean blocked, Instant deleted) {
    }

    /** A sign-in method bound to a user ({@code "ExternalAccount"}). */
    record ExternalAccount(String id, String userId, String type, String sub, String issuer, String label, JsonNode restInfo) {
    }

    /** A user's role in one client ({@code "Role"}). */
    record Role(String id, String userId, String clientId, String role) {
    }

    record Client(String clientId, String clientSecret, List<String> redirectUris, List<String> postLogoutRedirectUris,
            List<String> grantTypes, List<String> responseTypes, String tokenEndpointAuthMethod, String applicationType,
            String idTokenSignedResponseAlg, boolean requireSignedRequestObject, Integer accessTokenTtl,
            Integer refreshTokenTtl, String name, String description, String domain, String avatar, String parentId,
            boolean authorizeOnlyAdmins, boolean authorizeOnlyEmployees, List<String> requiredProvidersIds) {
    }

    /** One user with everything bound to it, read together so a batch can be written in one call. */
    record UserBundle(User user, List<ExternalAccount> accounts, List<Role> roles) {
    }
}
