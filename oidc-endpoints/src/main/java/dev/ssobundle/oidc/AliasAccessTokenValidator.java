package dev.ssobundle.oidc;

import org.keycloak.TokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.crypto.SignatureVerifierContext;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.util.DPoPUtil;
import org.keycloak.util.TokenUtil;
import org.keycloak.crypto.SignatureProvider;
import org.jboss.logging.Logger;

/**
 * Keycloak's access-token introspection checks (signature with the realm keys, client enabled,
 * not-before, revocation, live user session, valid user), with the issuer check against the
 * alias issuer instead of Keycloak's: Keycloak compares {@code iss} with a URL it computes from the
 * request, which can never equal the alias.
 */
class AliasAccessTokenValidator extends AccessTokenIntrospectionProvider<AccessToken> {

    private static final Logger LOG = Logger.getLogger(AliasAccessTokenValidator.class);

    private final String aliasIssuer;
    private final boolean checkAudience;
    private String proofOfPossessionUri;

    AliasAccessTokenValidator(KeycloakSession session, String aliasIssuer, boolean checkAudience) {
        super(session);
        this.aliasIssuer = aliasIssuer;
        this.checkAudience = checkAudience;
    }

    /**
     * Userinfo use: all checks except the introspecting client's audience, plus Keycloak's own
     * DPoP check as its userinfo endpoint applies it (a DPoP-bound token needs a valid proof for
     * {@code userInfoUri}, made with the bound key); the token must be a Bearer or DPoP token.
     */
    AccessToken validateForUserInfo(String tokenString, String userInfoUri, EventBuilder event) {
        this.eventBuilder = event;
        this.proofOfPossessionUri = userInfoUri;
        if (!introspectionChecks(tokenString)) {
            return null;
        }
        if (!TokenUtil.TOKEN_TYPE_BEARER.equalsIgnoreCase(token.getType()) && !TokenUtil.TOKEN_TYPE_DPOP.equalsIgnoreCase(token.getType())) {
            event.detail(Details.REASON, "Not a bearer token");
            event.error(Errors.INVALID_TOKEN);
            return null;
        }
        return token;
    }

    UserSessionModel userSession() {
        return userSession;
    }

    @Override
    protected boolean verifyToken(String tokenString) {
        try {
            TokenVerifier<AccessToken> verifier = TokenVerifier.create(tokenString, AccessToken.class).realmUrl(aliasIssuer);
            if (proofOfPossessionUri != null) {
                // the proof's htu is the alias URL the client called (its public one), not Keycloak's internal path
                verifier = DPoPUtil.withDPoPVerifier(verifier, session.getContext().getRealm(), new DPoPUtil.Validator(session)
                        .request(session.getContext().getHttpRequest()).uri(proofOfPossessionUri)
                        .method(session.getContext().getHttpRequest().getHttpMethod()).accessToken(tokenString));
            }
            // The realm's signature provider for the token's algorithm (public SPI, the same on every supported line).
            SignatureVerifierContext verifierContext = session.getProvider(SignatureProvider.class, verifier.getHeader().getAlgorithm().name())
                    .verifier(verifier.getHeader().getKeyId());
            verifier.verifierContext(verifierContext);
            this.token = verifier.verify().getToken();
            eventBuilder.detail(Details.TOKEN_ID, token.getId());
            return true;
        } catch (VerificationException | java.net.URISyntaxException | RuntimeException e) {
            LOG.debugf("Access token refused by the OIDC API alias: %s", e.getMessage());
            eventBuilder.detail(Details.REASON, "Access token JWT check failed");
            eventBuilder.error(Errors.INVALID_TOKEN);
            return false;
        }
    }

    @Override
    protected boolean verifyAudience() {
        return !checkAudience || super.verifyAudience();
    }
}
