package dev.ssobundle.it.oidc;

import static dev.ssobundle.it.oidc.EncvoyApi.NEXTCLOUD_CALLBACK;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Nimbus OAuth 2.0 SDK as a strict relying party (what Nextcloud user_oidc and openid-client 6
 * do): discovery against the alias issuer, code + PKCE S256 + nonce, RFC 9207 {@code iss} in the
 * authorization response, ID-token validation (RS256, JWKS, iss, aud, nonce), userinfo, refresh,
 * introspection and RP-initiated logout, with none of the SDK's checks relaxed.
 */
@ExtendWith(KeycloakExtension.class)
class StrictRelyingPartyIT {

    private static final ClientID CLIENT = new ClientID("nextcloud");
    private static final Secret SECRET = new Secret("nextcloud-secret");
    private static final URI CALLBACK = URI.create("http://127.0.0.1:8081/index.php/apps/user_oidc/code");

    private final KeycloakServer server;

    StrictRelyingPartyIT(KeycloakServer server) {
        this.server = server;
    }

    @Test
    void strictClientCompletesDiscoveryPkceLoginValidationUserinfoRefreshAndLogoutThroughTheAliasIssuer() throws Exception {
        Issuer issuer = new Issuer(EncvoyApi.base(server));
        OIDCProviderMetadata op = OIDCProviderMetadata.resolve(issuer); // fails unless discovery's issuer equals the URL
        assertThat(op.getIssuer()).isEqualTo(issuer);
        assertThat(op.getCodeChallengeMethods()).contains(CodeChallengeMethod.S256);
        assertThat(op.getAuthorizationEndpointURI().toString()).startsWith(issuer.getValue() + "/");
        assertThat(op.getTokenEndpointURI().toString()).isEqualTo(issuer.getValue() + "/token");
        assertThat(op.getUserInfoEndpointURI().toString()).isEqualTo(issuer.getValue() + "/me");

        Browser browser = new Browser();
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest authRequest = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "profile", "email"), CLIENT, CALLBACK)
                .endpointURI(op.getAuthorizationEndpointURI()).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256).build();
        URI callback = EncvoyApi.loginAlice(browser, server, authRequest.toURI());

        AuthenticationResponse authResponse = AuthenticationResponseParser.parse(callback);
        assertThat(authResponse.indicatesSuccess()).as(callback.toString()).isTrue();
        AuthenticationSuccessResponse success = authResponse.toSuccessResponse();
        assertThat(success.getState()).isEqualTo(state);
        assertThat(success.getIssuer()).as("RFC 9207 iss of the authorization response").isEqualTo(issuer);

        TokenRequest tokenRequest = new TokenRequest(op.getTokenEndpointURI(), new ClientSecretBasic(CLIENT, SECRET),
                new AuthorizationCodeGrant(success.getAuthorizationCode(), CALLBACK, verifier));
        OIDCTokenResponse tokens = successful(tokenRequest);
        IDTokenValidator validator = new IDTokenValidator(issuer, CLIENT, JWSAlgorithm.RS256, op.getJWKSetURI().toURL());
        IDTokenClaimsSet idClaims = validator.validate(tokens.getOIDCTokens().getIDToken(), nonce);
        assertThat(idClaims.getStringClaim("preferred_username")).isEqualTo("alice");
        assertThat(idClaims.getAudience()).extracting(Object::toString).contains("nextcloud");
        assertThat(idClaims.getStringClaim("azp")).isEqualTo("nextcloud");

        JWTClaimsSet accessClaims = verifiedWithAliasJwks(op, tokens.getOIDCTokens().getAccessToken().getValue());
        assertThat(accessClaims.getIssuer()).as("access token iss").isEqualTo(issuer.getValue());

        UserInfoResponse userInfo = UserInfoResponse.parse(new UserInfoRequest(op.getUserInfoEndpointURI(),
                (BearerAccessToken) tokens.getOIDCTokens().getAccessToken()).toHTTPRequest().send());
        assertThat(userInfo.indicatesSuccess()).isTrue();
        assertThat(userInfo.toSuccessResponse().getUserInfo().getSubject()).isEqualTo(idClaims.getSubject());
        assertThat(userInfo.toSuccessResponse().getUserInfo().getEmailAddress()).isEqualTo("alice@example.com");

        TokenIntrospectionResponse introspection = TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(
                op.getIntrospectionEndpointURI(), new ClientSecretBasic(CLIENT, SECRET), tokens.getOIDCTokens().getAccessToken())
                .toHTTPRequest().send());
        assertThat(introspection.indicatesSuccess()).isTrue();
        TokenIntrospectionSuccessResponse active = introspection.toSuccessResponse();
        assertThat(active.isActive()).isTrue();
        assertThat(active.getIssuer()).as("introspection iss").isEqualTo(issuer);

        OIDCTokenResponse refreshed = successful(new TokenRequest(op.getTokenEndpointURI(), new ClientSecretBasic(CLIENT, SECRET),
                new RefreshTokenGrant(tokens.getOIDCTokens().getRefreshToken())));
        IDTokenClaimsSet refreshedId = validator.validate(refreshed.getOIDCTokens().getIDToken(), null);
        assertThat(refreshedId.getSubject()).isEqualTo(idClaims.getSubject());
        assertThat(verifiedWithAliasJwks(op, refreshed.getOIDCTokens().getAccessToken().getValue()).getIssuer()).isEqualTo(issuer.getValue());

        State logoutState = new State();
        URI postLogout = URI.create("http://127.0.0.1:8081/index.php/apps/user_oidc/logged-out");
        JWT idTokenHint = refreshed.getOIDCTokens().getIDToken();
        URI logout = new LogoutRequest(op.getEndSessionEndpointURI(), idTokenHint, postLogout, logoutState).toURI();
        HttpResponse<String> logoutResponse = browser.getFollowing(logout, server.baseUri());
        assertThat(Browser.isRedirect(logoutResponse)).as("%s: %s", logoutResponse.statusCode(), logoutResponse.body()).isTrue();
        assertThat(Browser.location(logoutResponse).toString()).startsWith(postLogout + "?").contains("state=" + logoutState.getValue());

        UserInfoResponse afterLogout = UserInfoResponse.parse(new UserInfoRequest(op.getUserInfoEndpointURI(),
                (BearerAccessToken) refreshed.getOIDCTokens().getAccessToken()).toHTTPRequest().send());
        assertThat(afterLogout.indicatesSuccess()).isFalse();
    }

    @Test
    void authorizationErrorResponseCarriesTheAliasIssuer() throws Exception {
        Issuer issuer = new Issuer(EncvoyApi.base(server));
        OIDCProviderMetadata op = OIDCProviderMetadata.resolve(issuer);
        State state = new State();
        URI silent = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), CLIENT, CALLBACK)
                .endpointURI(op.getAuthorizationEndpointURI()).state(state).nonce(new Nonce())
                .prompt(com.nimbusds.openid.connect.sdk.Prompt.Type.NONE).build().toURI();

        HttpResponse<String> response = new Browser().get(silent);

        assertThat(Browser.isRedirect(response)).as("%s: %s", response.statusCode(), response.body()).isTrue();
        AuthenticationResponse error = AuthenticationResponseParser.parse(Browser.location(response));
        assertThat(error.indicatesSuccess()).isFalse();
        assertThat(error.toErrorResponse().getErrorObject().getCode()).isEqualTo("login_required");
        assertThat(error.toErrorResponse().getIssuer()).isEqualTo(issuer);
    }

    @Test
    void nativeEndpointsKeepKeycloaksOwnIssuer() throws Exception {
        Issuer nativeIssuer = new Issuer(server.realmUri("demo"));
        OIDCProviderMetadata op = OIDCProviderMetadata.resolve(nativeIssuer);
        assertThat(op.getIssuer()).isEqualTo(nativeIssuer);
        assertThat(op.getTokenEndpointURI().toString()).endsWith("/protocol/openid-connect/token");
    }

    private static OIDCTokenResponse successful(TokenRequest request) throws Exception {
        var response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).as(() -> response.toErrorResponse().getErrorObject().toString()).isTrue();
        return (OIDCTokenResponse) response.toSuccessResponse();
    }

    private static JWTClaimsSet verifiedWithAliasJwks(OIDCProviderMetadata op, String jwt) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier((type, context) -> { }); // Keycloak access tokens are typ=JWT
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, JWKSourceBuilder.create(op.getJWKSetURI().toURL()).build()));
        return processor.process(jwt, null);
    }
}
