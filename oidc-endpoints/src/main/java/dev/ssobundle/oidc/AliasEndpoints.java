package dev.ssobundle.oidc;

import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;

/** The Encvoy (node-oidc-provider) route names under the alias base. */
final class AliasEndpoints {

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
}
