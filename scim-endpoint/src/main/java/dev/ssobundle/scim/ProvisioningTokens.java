package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.KeycloakSession;

/**
 * Long-lived provisioning secrets for clients that take one static bearer token (Entra ID's
 * "Secret Token", Okta's HTTP header auth). A token is {@code scimtok.<id>.<secret>}; the realm
 * keeps only the SHA-256 of the 256-bit random secret (a fast hash is enough for a random secret
 * of that size), the client it acts as, and its creation time, in a realm attribute per token, so
 * every cluster node sees revocations at once. The plain token is returned once, at creation.
 */
record ProvisioningTokens(KeycloakSession session, RealmModel realm) {

    static final String PREFIX = "scimtok.";
    private static final String ATTRIBUTE_PREFIX = "scimProvisioningToken.";

    record Token(String id, String clientId, long created, String description) {
    }

    record Created(Token token, String secret) {
    }


    Created create(String clientId, String description) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null || !client.isServiceAccountsEnabled()) {
            throw ScimException.invalidValue("Client " + clientId + " does not exist or has no service account.");
        }
        UserModel serviceAccount = session.users().getServiceAccount(client);
        RoleModel role = realm.getRole(ScimAuthenticator.PROVISIONING_ROLE);
        if (serviceAccount == null || role == null || !serviceAccount.hasRole(role)) {
            throw ScimException.invalidValue("The service account of " + clientId + " lacks the realm role " + ScimAuthenticator.PROVISIONING_ROLE + ".");
        }
        SecureRandom random = new SecureRandom();
        byte[] idBytes = new byte[9];
        byte[] secretBytes = new byte[32];
        random.nextBytes(idBytes);
        random.nextBytes(secretBytes);
        String id = HexFormat.of().formatHex(idBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        Token token = new Token(id, clientId, System.currentTimeMillis(), description == null ? "" : description);
        ObjectNode stored = ScimContext.JSON.createObjectNode().put("sha256", sha256(secret)).put("clientId", clientId)
                .put("created", token.created()).put("description", token.description());
        realm.setAttribute(ATTRIBUTE_PREFIX + id, stored.toString());
        return new Created(token, PREFIX + id + "." + secret);
    }

    List<Token> list() {
        List<Token> tokens = new ArrayList<>();
        for (Map.Entry<String, String> attribute : realm.getAttributes().entrySet()) {
            if (attribute.getKey().startsWith(ATTRIBUTE_PREFIX)) {
                JsonNode stored = read(attribute.getValue());
                if (stored != null) {
                    tokens.add(new Token(attribute.getKey().substring(ATTRIBUTE_PREFIX.length()), stored.path("clientId").asText(),
                            stored.path("created").asLong(), stored.path("description").asText()));
                }
            }
        }
        return tokens;
    }

    boolean revoke(String id) {
        if (realm.getAttribute(ATTRIBUTE_PREFIX + id) == null) {
            return false;
        }
        realm.removeAttribute(ATTRIBUTE_PREFIX + id);
        return true;
    }

    /** The client a presented token acts as, if the token is one of this realm's and not revoked. */
    Optional<ClientModel> verify(String presented) {
        if (presented == null || !presented.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = presented.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0 || !rest.substring(0, dot).matches("[0-9a-f]{18}")) {
            return Optional.empty();
        }
        JsonNode stored = read(realm.getAttribute(ATTRIBUTE_PREFIX + rest.substring(0, dot)));
        if (stored == null) {
            return Optional.empty();
        }
        byte[] expected = stored.path("sha256").asText().getBytes(StandardCharsets.US_ASCII);
        byte[] actual = sha256(rest.substring(dot + 1)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual)) {
            return Optional.empty();
        }
        return Optional.ofNullable(realm.getClientByClientId(stored.path("clientId").asText()));
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ScimContext.JSON.readTree(value);
        } catch (Exception e) {
            return null;
        }
    }
}
