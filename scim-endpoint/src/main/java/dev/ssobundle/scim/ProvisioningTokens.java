package dev.ssobundle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.compat.StringRecords;
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

    /** The token field of a stored row: the plain value left at creation. */
    static final String SHOWN_ONCE = "shown once, at creation";

    /**
     * A token's row, stored as the component's config under these names (the admin console page's fields):
     * {@code token} is the form's proposal until the row is admitted, then {@link #SHOWN_ONCE}; only
     * {@code sha256} of the secret is kept.
     */
    record Row(String name, String clientId, String token, String tenantUrl, String prefix, String created, String lastUsed,
            String tokenId, String sha256) {

        static Row of(ComponentModel model) {
            return StringRecords.fromMap(Row.class, model::get);
        }

        void writeTo(ComponentModel model) {
            StringRecords.toMap(this).forEach(model::put);
        }

        Row withLastUsed(String stamp) {
            return new Row(name, clientId, token, tenantUrl, prefix, created, stamp, tokenId, sha256);
        }

        Row withName(String newName) {
            return new Row(newName, clientId, token, tenantUrl, prefix, created, lastUsed, tokenId, sha256);
        }
    }

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
        new Row(description == null ? "" : description, clientId, token, null, null, null, null, null, null).writeTo(model);
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
        Row input = Row.of(model);
        String clientId = trimmed(input.clientId());
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
        Matcher token = TOKEN.matcher(String.valueOf(input.token()).trim());
        if (!token.matches()) {
            throw new ComponentValidationException("The token field must keep the value this page proposed (scimtok.…): "
                    + "reload the admin console for a new one.");
        }
        String id = token.group(1);
        if (find(id).isPresent()) {
            throw new ComponentValidationException("This token was already created. Reload the admin console (F5) to get a new one.");
        }
        long now = System.currentTimeMillis();
        String name = trimmed(input.name());
        model.setName(name == null ? id : name);
        // The plain value goes; a placeholder stays so that reopening the row shows the secret field masked
        // ("**********") rather than the form's next proposal, which is not this row's token.
        new Row(name == null ? "" : name, clientId, SHOWN_ONCE, ProvisioningTokensPageFactory.tenantUrl(session, realm), PREFIX + id,
                Instant.ofEpochMilli(now).toString(), "never", id, sha256(token.group(2))).writeTo(model);
    }

    /**
     * A change of a stored token keeps everything but its name: its secret, client and times are the
     * server's. (The last-use stamp is the one change {@link #verify} itself makes.)
     */
    void keepStored(ComponentModel stored, ComponentModel updated) {
        Row sent = Row.of(updated);
        Row kept = Row.of(stored);
        if (Boolean.TRUE.equals(session.getAttribute(UPDATING_LAST_USED))) {
            kept = kept.withLastUsed(sent.lastUsed());
        }
        String name = trimmed(sent.name());
        if (name != null) {
            kept = kept.withName(name);
        }
        updated.setConfig(new org.keycloak.common.util.MultivaluedHashMap<>(stored.getConfig()));
        kept.writeTo(updated);
        updated.setName(name != null ? name : stored.getName());
    }

    Stream<ComponentModel> components() {
        return realm.getComponentsStream(realm.getId(), UiPageProvider.class.getName())
                .filter(c -> ProvisioningTokensPageFactory.PROVIDER_ID.equals(c.getProviderId()) && Row.of(c).tokenId() != null);
    }

    private Optional<ComponentModel> find(String id) {
        return components().filter(c -> id.equals(Row.of(c).tokenId())).findFirst();
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
        if (stored.isEmpty() && realm.getAttribute(LEGACY_ATTRIBUTE_PREFIX + token.group(1)) != null) {
            // a token of the former store that no start-up has moved yet (a realm created or imported since): moved now
            moveLegacyTokens();
            stored = find(token.group(1));
        }
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Row row = Row.of(stored.get());
        byte[] expected = String.valueOf(row.sha256()).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = sha256(token.group(2)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual)) {
            return Optional.empty();
        }
        stampLastUse(stored.get());
        return Optional.ofNullable(realm.getClientByClientId(row.clientId()));
    }

    private void stampLastUse(ComponentModel stored) {
        long now = System.currentTimeMillis();
        Row row = Row.of(stored);
        if (now - epochMillis(row.lastUsed()) < LAST_USED_PRECISION_MILLIS) {
            return;
        }
        ComponentModel updated = new ComponentModel(stored);
        row.withLastUsed(Instant.ofEpochMilli(now).toString()).writeTo(updated);
        session.setAttribute(UPDATING_LAST_USED, Boolean.TRUE);
        try {
            realm.updateComponent(updated);
        } finally {
            session.removeAttribute(UPDATING_LAST_USED);
        }
    }

    /**
     * Tokens made before the admin console page were realm attributes: each becomes a component with
     * the same id and hash (so it keeps working), and the attribute goes. Run at start-up for every realm,
     * and by {@link #verify} when a token of a realm not moved yet is presented.
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
                new Row(name, legacy.path("clientId").asText(), SHOWN_ONCE, "", PREFIX + id,
                        Instant.ofEpochMilli(legacy.path("created").asLong()).toString(), "never", id, legacy.path("sha256").asText())
                        .writeTo(model);
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
        Row row = Row.of(c);
        return new Token(row.tokenId(), row.clientId(), epochMillis(row.created()), row.name() == null ? "" : row.name(),
                epochMillis(row.lastUsed()));
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
