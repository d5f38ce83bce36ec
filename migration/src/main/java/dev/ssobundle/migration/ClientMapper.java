package dev.ssobundle.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Maps an Encvoy {@code "Client"} (node-oidc-provider's client metadata) to a Keycloak OIDC client
 * with the same client id, secret (Encvoy stores it in plain), redirect and post-logout URIs,
 * grants, authentication method and token lifetimes. Encvoy-only settings are reported.
 */
final class ClientMapper {

    private static final Set<String> KNOWN_GRANTS = Set.of("authorization_code", "refresh_token", "client_credentials");

    record Mapped(String clientId, ObjectNode representation, List<Note> notes) {
    }

    /** Keycloak refuses a client session longer than the realm's SSO session: those bound the refresh lifetime. */
    private final int realmSessionIdleSeconds;
    private final int realmSessionMaxSeconds;

    ClientMapper(int realmSessionIdleSeconds, int realmSessionMaxSeconds) {
        this.realmSessionIdleSeconds = realmSessionIdleSeconds;
        this.realmSessionMaxSeconds = realmSessionMaxSeconds;
    }

    Mapped map(EncvoyRows.Client client) {
        List<Note> notes = new java.util.ArrayList<>();
        String key = client.clientId();
        ObjectNode rep = KeycloakAdmin.JSON.createObjectNode();
        rep.put("clientId", client.clientId());
        rep.put("protocol", "openid-connect");
        rep.put("enabled", true);
        String name = displayName(client.name());
        if (name != null) {
            rep.put("name", name);
        }
        if (client.description() != null && !client.description().isBlank()) {
            rep.put("description", client.description());
        }
        String method = client.tokenEndpointAuthMethod() == null ? "client_secret_basic" : client.tokenEndpointAuthMethod();
        boolean isPublic = "none".equals(method);
        rep.put("publicClient", isPublic);
        switch (method) {
            case "none" -> { }
            case "client_secret_basic", "client_secret_post" -> {
                // Keycloak's client-secret authenticator accepts both the Basic header and the form parameters.
                rep.put("clientAuthenticatorType", "client-secret");
                rep.put("secret", client.clientSecret());
            }
            case "client_secret_jwt" -> {
                rep.put("clientAuthenticatorType", "client-secret-jwt");
                rep.put("secret", client.clientSecret());
            }
            default -> {
                rep.put("clientAuthenticatorType", "client-secret");
                rep.put("secret", client.clientSecret());
                notes.add(new Note("Client", key, "client.auth_method",
                        "token_endpoint_auth_method " + method + " has no key material in Encvoy's table; the client gets"
                                + " client-secret authentication with its old secret, switch it in Keycloak if needed"));
            }
        }
        List<String> grants = client.grantTypes().isEmpty() ? List.of("authorization_code") : client.grantTypes();
        rep.put("standardFlowEnabled", grants.contains("authorization_code"));
        rep.put("implicitFlowEnabled", false);
        rep.put("directAccessGrantsEnabled", false);
        rep.put("serviceAccountsEnabled", grants.contains("client_credentials") && !isPublic);
        grants.stream().filter(g -> !KNOWN_GRANTS.contains(g)).forEach(g -> notes.add(new Note("Client", key, "client.grant_type",
                "grant type " + g + " is not migrated")));
        if (grants.contains("client_credentials") && isPublic) {
            notes.add(new Note("Client", key, "client.grant_type", "client_credentials needs a confidential client; not enabled"));
        }
        client.responseTypes().stream().filter(r -> !"code".equals(r)).forEach(r -> notes.add(new Note("Client", key,
                "client.response_type", "response type '" + r + "' (implicit/hybrid) is not enabled; only code is")));
        rep.putArray("redirectUris").addAll(client.redirectUris().stream().map(KeycloakAdmin.JSON::valueToTree)
                .map(JsonNode.class::cast).toList());
        if (client.domain() != null && client.domain().matches("https?://.+")) {
            rep.put("baseUrl", client.domain());
        }
        ObjectNode attributes = rep.putObject("attributes");
        attributes.put("post.logout.redirect.uris", String.join("##", client.postLogoutRedirectUris()));
        attributes.put("use.refresh.tokens", Boolean.toString(grants.contains("refresh_token")));
        if (client.accessTokenTtl() != null && client.accessTokenTtl() > 0) {
            attributes.put("access.token.lifespan", client.accessTokenTtl().toString());
        }
        if (client.refreshTokenTtl() != null && client.refreshTokenTtl() > 0 && grants.contains("refresh_token")) {
            // Encvoy's refresh token lives refresh_token_ttl from issue; in Keycloak that is the client session,
            // which may not outlive the realm's SSO session.
            int ttl = client.refreshTokenTtl();
            int idle = realmSessionIdleSeconds > 0 ? Math.min(ttl, realmSessionIdleSeconds) : ttl;
            int max = realmSessionMaxSeconds > 0 ? Math.min(ttl, realmSessionMaxSeconds) : ttl;
            attributes.put("client.session.idle.timeout", Integer.toString(idle));
            attributes.put("client.session.max.lifespan", Integer.toString(max));
            if (idle < ttl || max < ttl) {
                notes.add(new Note("Client", key, "client.refresh_lifetime", "refresh_token_ttl " + ttl + " s is longer than"
                        + " the realm's SSO session (idle " + realmSessionIdleSeconds + " s, max " + realmSessionMaxSeconds
                        + " s); the client session is capped there (raise the realm's session settings to keep " + ttl + " s)"));
            }
        }
        if (client.idTokenSignedResponseAlg() != null && !client.idTokenSignedResponseAlg().isBlank()) {
            attributes.put("id.token.signed.response.alg", client.idTokenSignedResponseAlg());
        }
        if (client.avatar() != null && client.avatar().matches("https?://.+")) {
            attributes.put("logoUri", client.avatar());
        }
        if (client.requireSignedRequestObject()) {
            notes.add(new Note("Client", key, "client.request_object", "require_signed_request_object is not migrated"));
        }
        if (client.parentId() != null && !client.parentId().isBlank()) {
            notes.add(new Note("Client", key, "client.parent", "sub-application of " + client.parentId()
                    + ": Keycloak clients are flat; migrated as a client of its own"));
        }
        if (client.authorizeOnlyAdmins() || client.authorizeOnlyEmployees()) {
            notes.add(new Note("Client", key, "client.access_restriction", "Encvoy access restriction (only "
                    + (client.authorizeOnlyAdmins() ? "admins" : "employees") + ") is not migrated; use a client"
                    + " authentication-flow override or a role check in Keycloak"));
        }
        if (!client.requiredProvidersIds().isEmpty()) {
            notes.add(new Note("Client", key, "client.required_providers",
                    "required login methods " + client.requiredProvidersIds() + " are Encvoy widget settings; not migrated"));
        }
        return new Mapped(client.clientId(), rep, notes);
    }

    /** Encvoy stores the name as text or as a JSON object of translations. */
    static String displayName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        if (name.startsWith("{") || name.startsWith("\"")) {
            try {
                JsonNode json = KeycloakAdmin.JSON.readTree(name);
                if (json.isTextual()) {
                    return json.asText();
                }
                for (String locale : List.of("en", "en-US", "ru-RU", "ru")) {
                    if (json.path(locale).isTextual()) {
                        return json.path(locale).asText();
                    }
                }
                JsonNode first = json.elements().hasNext() ? json.elements().next() : null;
                return first == null ? null : first.asText();
            } catch (IOException e) {
                return name;
            }
        }
        return name;
    }

    /** True when {@code existing} (Keycloak's client) already has every value {@code wanted} sets. */
    static boolean sameAs(JsonNode existing, JsonNode wanted) {
        for (var it = wanted.fields(); it.hasNext(); ) {
            var field = it.next();
            if (field.getKey().equals("attributes")) {
                for (var attributes = field.getValue().fields(); attributes.hasNext(); ) {
                    var attribute = attributes.next();
                    if (!attribute.getValue().asText().equals(existing.path("attributes").path(attribute.getKey()).asText(""))) {
                        return false;
                    }
                }
            } else if (field.getKey().equals("redirectUris")) {
                if (!Set.copyOf(strings(field.getValue())).equals(Set.copyOf(strings(existing.path("redirectUris"))))) {
                    return false;
                }
            } else if (!field.getValue().equals(existing.path(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
