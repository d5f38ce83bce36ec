package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.ui.extend.UiPageProvider;

/**
 * Long-lived provisioning secrets for clients that take one static bearer token (Entra ID's
 * "Secret Token", Okta's HTTP header auth). A token is {@code scimtok.<id>.<secret>}; the realm
 * keeps only the SHA-256 of the 256-bit random secret (a fast hash is enough for a random secret
 * of that size), the client it acts as, its name, creation and last-use times. Each token is one
 * realm component of the admin console page {@link ProvisioningTokensPageFactory} (realm data, so
 * every cluster node sees a revocation at once), whether it was made on that page or through
 * {@code /admin/realms/{realm}/scim-tokens}: one store, one set of rules ({@link #admit}).
 */
record ProvisioningTokens(KeycloakSession session, RealmModel realm) {

    static final String PREFIX = "scimtok.";
    /** Where tokens lived before the admin console page (one realm attribute each); moved at start-up. */
    static final String LEGACY_ATTRIBUTE_PREFIX = "scimProvisioningToken.";
    private static final Pattern TOKEN = Pattern.compile("scimtok\\.([0-9a-f]{18})\\.([A-Za-z0-9_-]{43})");
    /** A token's last use is written at most this often (each write is a realm change every node reloads). */
    static final long LAST_USED_PRECISION_MILLIS = 10 * 60 * 1000L;
    private static final String UPDATING_LAST_USED = ProvisioningTokens.class.getName() + ".lastUsed";
    /** Set while legacy tokens are moved: their components arrive with a hash and no plain value. */
    static final String MOVING_LEGACY = ProvisioningTokens.class.getName() + ".moving";

    // component config keys, shown by the admin console page
    static final String NAME = "name";
    static final String CLIENT_ID = "clientId";
    static final String TOKEN_FIELD = "token";
    static final String TENANT_URL = "tenantUrl";
    static final String TOKEN_PREFIX = "prefix";
    static final String CREATED = "created";
    static final String LAST_USED = "lastUsed";
    static final String TOKEN_ID = "tokenId";
    static final String SHA256 = "sha256";
    static final String SHOWN_ONCE = "shown once, at creation";

    record Token(String id, String clientId, long created, String description, long lastUsed) {
        String prefix() {
            return PREFIX + id;
        }
    }

    record Created(Token token, String secret) {
    }


    /** A fresh, never stored token value: the REST API's creation and the page's proposal. */
    static String newToken() {
        SecureRandom random = new SecureRandom();
        byte[] idBytes = new byte[9];
        byte[] secretBytes = new byte[32];
        random.nextBytes(idBytes);
        random.nextBytes(secretBytes);
        return PREFIX + HexFormat.of().formatHex(idBytes) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    }

    Created create(String clientId, String description) {
        String token = newToken();
        ComponentModel model = new ComponentModel();
        model.setParentId(realm.getId());
        model.setProviderType(UiPageProvider.class.getName());
        model.setProviderId(ProvisioningTokensPageFactory.PROVIDER_ID);
        model.setName(description);
        model.put(NAME, description == null ? "" : description);
        model.put(CLIENT_ID, clientId);
        model.put(TOKEN_FIELD, token);
        try {
            ComponentModel stored = realm.addComponentModel(model);
            return new Created(toToken(stored), token);
        } catch (ComponentValidationException e) {
            throw ScimException.invalidValue(e.getMessage());
        }
    }

    /**
     * The one admission rule of a new token, from the REST API or the page: the client must have a
     * service account holding {@code scim-provisioning}; the presented value must be a well-formed
     * token whose id is new. The plain value leaves the configuration here; only its hash is kept.
     */
    void admit(ComponentModel model) {
        String clientId = trimmed(model.get(CLIENT_ID));
        if (clientId == null) {
            throw new ComponentValidationException("clientId is required: the client (with a service account holding "
                    + ScimAuthenticator.PROVISIONING_ROLE + ") the token acts as.");
        }
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null || !client.isServiceAccountsEnabled()) {
            throw new ComponentValidationException("Client " + clientId + " does not exist or has no service account.");
        }
        UserModel serviceAccount = session.users().getServiceAccount(client);
        RoleModel role = realm.getRole(ScimAuthenticator.PROVISIONING_ROLE);
        if (serviceAccount == null || role == null || !serviceAccount.hasRole(role)) {
            throw new ComponentValidationException("The service account of " + clientId + " lacks the realm role "
                    + ScimAuthenticator.PROVISIONING_ROLE + ".");
        }
        Matcher token = TOKEN.matcher(String.valueOf(model.get(TOKEN_FIELD)).trim());
        if (!token.matches()) {
            throw new ComponentValidationException("The token field must keep the value this page proposed (scimtok.…): "
                    + "reload the admin console for a new one.");
        }
        String id = token.group(1);
        if (find(id).isPresent()) {
            throw new ComponentValidationException("This token was already created. Reload the admin console (F5) to get a new one.");
        }
        long now = System.currentTimeMillis();
        String name = trimmed(model.get(NAME));
        model.setName(name == null ? id : name);
        // The plain value goes; a placeholder stays so that reopening the row shows the secret field masked
        // ("**********") rather than the form's next proposal, which is not this row's token.
        model.put(TOKEN_FIELD, SHOWN_ONCE);
        model.put(NAME, name == null ? "" : name);
        model.put(CLIENT_ID, clientId);
        model.put(TOKEN_ID, id);
        model.put(SHA256, sha256(token.group(2)));
        model.put(TOKEN_PREFIX, PREFIX + id);
        model.put(CREATED, Instant.ofEpochMilli(now).toString());
        model.put(LAST_USED, "never");
        model.put(TENANT_URL, ProvisioningTokensPageFactory.tenantUrl(session, realm));
    }

    /**
     * A change of a stored token keeps everything but its name: its secret, client and times are the
     * server's. (The last-use stamp is the one change {@link #verify} itself makes.)
     */
    void keepStored(ComponentModel stored, ComponentModel updated) {
        String name = trimmed(updated.get(NAME));
        String lastUsed = updated.get(LAST_USED);
        updated.setConfig(new org.keycloak.common.util.MultivaluedHashMap<>(stored.getConfig()));
        if (Boolean.TRUE.equals(session.getAttribute(UPDATING_LAST_USED))) {
            updated.put(LAST_USED, lastUsed);
        }
        if (name != null) {
            updated.put(NAME, name);
            updated.setName(name);
        } else {
            updated.setName(stored.getName());
        }
    }

    Stream<ComponentModel> components() {
        return realm.getComponentsStream(realm.getId(), UiPageProvider.class.getName())
                .filter(c -> ProvisioningTokensPageFactory.PROVIDER_ID.equals(c.getProviderId()) && c.get(TOKEN_ID) != null);
    }

    private Optional<ComponentModel> find(String id) {
        return components().filter(c -> id.equals(c.get(TOKEN_ID))).findFirst();
    }

    List<Token> list() {
        List<Token> tokens = new ArrayList<>();
        components().forEach(c -> tokens.add(toToken(c)));
        return tokens;
    }

    boolean revoke(String id) {
        Optional<ComponentModel> component = find(id);
        component.ifPresent(realm::removeComponent);
        return component.isPresent();
    }

    /** The client a presented token acts as, if the token is one of this realm's and not revoked. */
    Optional<ClientModel> verify(String presented) {
        Matcher token = presented == null ? null : TOKEN.matcher(presented);
        if (token == null || !token.matches()) {
            return Optional.empty();
        }
        Optional<ComponentModel> stored = find(token.group(1));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        byte[] expected = String.valueOf(stored.get().get(SHA256)).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = sha256(token.group(2)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual)) {
            return Optional.empty();
        }
        stampLastUse(stored.get());
        return Optional.ofNullable(realm.getClientByClientId(stored.get().get(CLIENT_ID)));
    }

    private void stampLastUse(ComponentModel stored) {
        long now = System.currentTimeMillis();
        long last = epochMillis(stored.get(LAST_USED));
        if (now - last < LAST_USED_PRECISION_MILLIS) {
            return;
        }
        ComponentModel updated = new ComponentModel(stored);
        updated.put(LAST_USED, Instant.ofEpochMilli(now).toString());
        session.setAttribute(UPDATING_LAST_USED, Boolean.TRUE);
        try {
            realm.updateComponent(updated);
        } finally {
            session.removeAttribute(UPDATING_LAST_USED);
        }
    }

    /**
     * Tokens made before the admin console page were realm attributes: each becomes a component with
     * the same id and hash (so it keeps working), and the attribute goes.
     */
    void moveLegacyTokens() {
        for (Map.Entry<String, String> attribute : Map.copyOf(realm.getAttributes()).entrySet()) {
            if (!attribute.getKey().startsWith(LEGACY_ATTRIBUTE_PREFIX)) {
                continue;
            }
            String id = attribute.getKey().substring(LEGACY_ATTRIBUTE_PREFIX.length());
            JsonNode legacy = read(attribute.getValue());
            if (legacy != null && find(id).isEmpty()) {
                ComponentModel model = new ComponentModel();
                model.setId(KeycloakModelUtils.generateId());
                model.setParentId(realm.getId());
                model.setProviderType(UiPageProvider.class.getName());
                model.setProviderId(ProvisioningTokensPageFactory.PROVIDER_ID);
                String name = legacy.path("description").asText("");
                model.setName(name.isEmpty() ? id : name);
                model.put(NAME, name);
                model.put(CLIENT_ID, legacy.path("clientId").asText());
                model.put(TOKEN_ID, id);
                model.put(SHA256, legacy.path("sha256").asText());
                model.put(TOKEN_PREFIX, PREFIX + id);
                model.put(CREATED, Instant.ofEpochMilli(legacy.path("created").asLong()).toString());
                model.put(LAST_USED, "never");
                model.put(TENANT_URL, "");
                model.put(TOKEN_FIELD, SHOWN_ONCE);
                session.setAttribute(MOVING_LEGACY, Boolean.TRUE);
                try {
                    realm.importComponentModel(model);
                } finally {
                    session.removeAttribute(MOVING_LEGACY);
                }
            }
            realm.removeAttribute(attribute.getKey());
        }
    }

    private static Token toToken(ComponentModel c) {
        return new Token(c.get(TOKEN_ID), c.get(CLIENT_ID), epochMillis(c.get(CREATED)), String.valueOf(c.get(NAME, "")),
                epochMillis(c.get(LAST_USED)));
    }

    private static long epochMillis(String iso) {
        try {
            return iso == null ? 0 : Instant.parse(iso).toEpochMilli();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static JsonNode read(String value) {
        try {
            return value == null ? null : ScimContext.JSON.readTree(value);
        } catch (Exception e) {
            return null;
        }
    }
}
