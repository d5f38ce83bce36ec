package dev.ssobundle.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PureLogicTest {

    @Nested
    class LenientScopeNormalization {

        private final Set<String> clientScopes = Set.of("profile", "email", "offline_access");

        @Test
        void addsOpenidFirstAndKeepsKnownScopesInOrder() {
            assertThat(LenientScope.normalize("email profile", clientScopes)).isEqualTo("openid email profile");
        }

        @Test
        void dropsScopesTheClientDoesNotHave() {
            assertThat(LenientScope.normalize("openid profile groups not_a_scope email", clientScopes)).isEqualTo("openid profile email");
        }

        @Test
        void missingScopeBecomesOpenid() {
            assertThat(LenientScope.normalize(null, clientScopes)).isEqualTo("openid");
            assertThat(LenientScope.normalize("  ", clientScopes)).isEqualTo("openid");
        }

        @Test
        void isIdempotentSoTheRedirectCannotLoop() {
            String once = LenientScope.normalize("profile openid profile", clientScopes);
            assertThat(LenientScope.normalize(once, clientScopes)).isEqualTo(once);
        }
    }

    @Nested
    class AuthorizationResponseIssuerRewrite {

        private static final String KEYCLOAK = "http://127.0.0.1:8080/realms/demo";
        private static final String ALIAS = "http://127.0.0.1:8080/realms/demo/api/oidc";

        @Test
        void replacesKeycloaksIssuerInQueryAndFragment() {
            String query = "https://app/cb?error=login_required&state=s&iss=http%3A%2F%2F127.0.0.1%3A8080%2Frealms%2Fdemo";
            String fragment = "https://app/cb#error=login_required&iss=http%3A%2F%2F127.0.0.1%3A8080%2Frealms%2Fdemo&state=s";

            assertThat(AuthorizationResponseIssuer.rewrite(query, KEYCLOAK, ALIAS))
                    .isEqualTo("https://app/cb?error=login_required&state=s&iss=http%3A%2F%2F127.0.0.1%3A8080%2Frealms%2Fdemo%2Fapi%2Foidc");
            assertThat(AuthorizationResponseIssuer.rewrite(fragment, KEYCLOAK, ALIAS))
                    .isEqualTo("https://app/cb#error=login_required&iss=http%3A%2F%2F127.0.0.1%3A8080%2Frealms%2Fdemo%2Fapi%2Foidc&state=s");
        }

        @Test
        void leavesOtherIssuersAndPrefixesAlone() {
            String other = "https://app/cb?iss=http%3A%2F%2F127.0.0.1%3A8080%2Frealms%2Fdemo2";
            assertThat(AuthorizationResponseIssuer.rewrite(other, KEYCLOAK, ALIAS)).isEqualTo(other);
        }
    }

    @Nested
    class AliasDiscovery {

        @Test
        void keepsAliasRoutesAndDropsEveryOtherEndpoint() {
            String alias = "https://host/realms/demo/api/oidc";
            java.util.Map<String, Object> discovery = new java.util.LinkedHashMap<>();
            discovery.put("issuer", "https://host");
            discovery.put("token_endpoint", alias + "/token");
            discovery.put("pushed_authorization_request_endpoint", "https://host/realms/demo/protocol/openid-connect/ext/par/request");
            discovery.put("require_pushed_authorization_requests", false);
            discovery.put("mtls_endpoint_aliases", new java.util.LinkedHashMap<>(java.util.Map.of("token_endpoint", "https://host/realms/demo/protocol/openid-connect/token")));
            discovery.put("some_future_endpoint", "https://host/realms/demo/protocol/openid-connect/future");
            discovery.put("grant_types_supported", java.util.List.of("authorization_code"));

            java.util.Map<String, Object> filtered = AliasEndpoints.onlyAliasRoutes(discovery, alias);

            assertThat(filtered).containsOnlyKeys("issuer", "token_endpoint", "grant_types_supported");
            assertThat(filtered.get("issuer")).isEqualTo("https://host");
        }
    }
}
