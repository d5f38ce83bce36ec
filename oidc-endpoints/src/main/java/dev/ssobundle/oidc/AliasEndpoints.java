package dev.ssobundle.oidc;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;

/** The Encvoy (node-oidc-provider) route names under the alias base, and what the alias discovery may advertise. */
final class AliasEndpoints {

    /**
     * Keycloak features the alias has no route for (or whose route would issue under Keycloak's own
     * issuer): a strict relying party that used them would get a token whose {@code iss} differs
     * from the discovery it read. Their hints go with them.
     */
    static final Set<String> NOT_SERVED = Set.of(
            "pushed_authorization_request_endpoint", "require_pushed_authorization_requests",
            "device_authorization_endpoint",
            "backchannel_authentication_endpoint", "backchannel_token_delivery_modes_supported",
            "backchannel_authentication_request_signing_alg_values_supported",
            "registration_endpoint", "mtls_endpoint_aliases", "check_session_iframe");

    private AliasEndpoints() {
    }

    static void applyTo(OIDCConfigurationRepresentation config, String issuer, String aliasBase) {
        config.setIssuer(issuer);
        config.setAuthorizationEndpoint(aliasBase + "/auth");
        config.setTokenEndpoint(aliasBase + "/token");
        config.setUserinfoEndpoint(aliasBase + "/me");
        config.setJwksUri(aliasBase + "/jwks");
        config.setLogoutEndpoint(aliasBase + "/session/end");
        config.setIntrospectionEndpoint(aliasBase + "/token/introspection");
        config.setRevocationEndpoint(aliasBase + "/token/revocation");
    }

    /**
     * Removes from a discovery document (as a JSON map) everything the alias does not serve: the
     * {@link #NOT_SERVED} entries, and any other URL (at any depth, e.g. added by a Keycloak version
     * or extension we do not know) that is not an alias route. The issuer stays.
     */
    static Map<String, Object> onlyAliasRoutes(Map<String, Object> discovery, String aliasBase) {
        NOT_SERVED.forEach(discovery::remove);
        removeForeignUrls(discovery, aliasBase + "/", true);
        return discovery;
    }

    @SuppressWarnings("unchecked")
    private static void removeForeignUrls(Map<String, Object> node, String aliasPrefix, boolean top) {
        for (Iterator<Map.Entry<String, Object>> it = node.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Object> entry = it.next();
            if (top && "issuer".equals(entry.getKey())) {
                continue;
            }
            Object value = entry.getValue();
            if (value instanceof String text && isForeignUrl(text, aliasPrefix)) {
                it.remove();
            } else if (value instanceof Map<?, ?> nested) {
                removeForeignUrls((Map<String, Object>) nested, aliasPrefix, false);
                if (nested.isEmpty()) {
                    it.remove();
                }
            } else if (value instanceof List<?> list && list.stream().anyMatch(v -> v instanceof String s && isForeignUrl(s, aliasPrefix))) {
                it.remove();
            }
        }
    }

    private static boolean isForeignUrl(String value, String aliasPrefix) {
        return (value.startsWith("https://") || value.startsWith("http://")) && !value.startsWith(aliasPrefix);
    }
}
