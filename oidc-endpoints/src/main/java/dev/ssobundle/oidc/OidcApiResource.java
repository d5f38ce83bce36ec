package dev.ssobundle.oidc;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.function.Function;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.endpoints.LogoutEndpoint;
import org.keycloak.protocol.oidc.endpoints.UserInfoEndpoint;
import org.keycloak.protocol.oidc.endpoints.TokenEndpoint;
import org.keycloak.protocol.oidc.endpoints.TokenRevocationEndpoint;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.util.JsonSerialization;
import org.keycloak.wellknown.WellKnownProvider;

/**
 * JAX-RS root of {@code /realms/{realm}/api}: the Encvoy (node-oidc-provider) routes under
 * {@code oidc/}, each delegating to Keycloak's own OIDC endpoint inside the same request.
 */
public class OidcApiResource {

    private final KeycloakSession session;
    private final OidcAliasRealmConfig config;
    private final OidcKeycloakAdapter keycloak;

    public OidcApiResource(KeycloakSession session, OidcKeycloakAdapter keycloak, java.util.Set<String> userEditableLegacySubjectWarned) {
        this.session = session;
        this.config = new OidcAliasRealmConfig(session, userEditableLegacySubjectWarned);
        this.keycloak = keycloak;
    }

    /**
     * Discovery for the alias: Keycloak's own document, with the issuer and endpoints moved to the
     * alias base so that strict clients configured with {@code .../api/oidc} find consistent values;
     * endpoints the alias does not serve (PAR, device, CIBA, registration, mTLS aliases) are left out.
     */
    @GET
    @Path("oidc/.well-known/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public Response discovery() {
        WellKnownProvider keycloakDiscovery = session.getProvider(WellKnownProvider.class, "openid-configuration");
        OIDCConfigurationRepresentation discovery = (OIDCConfigurationRepresentation) keycloakDiscovery.getConfig();
        AliasEndpoints.applyTo(discovery, config.issuer(), config.endpointBase());
        @SuppressWarnings("unchecked")
        Map<String, Object> document = JsonSerialization.mapper.convertValue(discovery, Map.class);
        return Response.ok(AliasEndpoints.onlyAliasRoutes(document, config.endpointBase())).build();
    }

    /** Authorization endpoint (GET and POST); unknown scopes are dropped and openid added first, as Encvoy does. */
    @GET
    @Path("oidc/auth")
    public Response authorizeGet() {
        return authorize(session.getContext().getUri().getQueryParameters(), Response.Status.FOUND, AliasAuthorizationEndpoint::buildGet);
    }

    /** A browser POST with unknown scopes is sent to the GET form with the normalized scope (303). */
    @POST
    @Path("oidc/auth")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response authorizePost() {
        return authorize(session.getContext().getHttpRequest().getDecodedFormParameters(), Response.Status.SEE_OTHER,
                AliasAuthorizationEndpoint::buildPost);
    }

    private Response authorize(MultivaluedMap<String, String> parameters, Response.Status lenientRedirect,
                               Function<AliasAuthorizationEndpoint, Response> build) {
        String lenient = lenientScopeRedirect(parameters);
        if (lenient != null) {
            // Header set as a string: a relative Location must stay relative to the public URL.
            return Response.status(lenientRedirect).header(HttpHeaders.LOCATION, lenient).build();
        }
        return withAliasIssuer(build.apply(new AliasAuthorizationEndpoint(session, event(), config.issuer())));
    }

    @POST
    @Path("oidc/token")
    public Response token() {
        TokenEndpoint endpoint = new TokenEndpoint(session, new AliasIssuerTokenManager(config.issuer(), config.legacySubjectAttribute()), event());
        try {
            return OAuthErrorResponses.clientFriendly(endpoint.processGrantRequest(), session.getContext().getRealm());
        } catch (WebApplicationException e) {
            return OAuthErrorResponses.clientFriendly(e.getResponse(), session.getContext().getRealm());
        } catch (LegacySubject.NotUnique e) {
            // nothing of this grant (user session, code use) is kept
            session.getTransactionManager().setRollbackOnly();
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "invalid_grant", "error_description", LegacySubject.NotUnique.DESCRIPTION)).build();
        }
    }

    @GET
    @Path("oidc/me")
    @Produces(MediaType.APPLICATION_JSON)
    public Response userInfoGet() {
        return new AliasUserInfo(session, config, keycloak).respond(null);
    }

    @POST
    @Path("oidc/me")
    @Produces(MediaType.APPLICATION_JSON)
    public Response userInfoPost() {
        MultivaluedMap<String, String> form = null;
        String contentType = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(MediaType.valueOf(contentType))) {
            form = session.getContext().getHttpRequest().getDecodedFormParameters();
        }
        return new AliasUserInfo(session, config, keycloak).respond(form);
    }

    @GET
    @Path("oidc/jwks")
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        return new OIDCLoginProtocolService(session, event()).certs();
    }

    @GET
    @Path("oidc/session/end")
    public Response endSessionGet() {
        MultivaluedMap<String, String> query = session.getContext().getUri().getQueryParameters();
        if (isBareLogout(query.getFirst(OIDCLoginProtocol.ID_TOKEN_HINT), query.getFirst(OIDCLoginProtocol.CLIENT_ID_PARAM))) {
            return new BareLogout(session, keycloak).logout();
        }
        return logoutEndpoint().logout(query.getFirst(OIDCLoginProtocol.ID_TOKEN_HINT),
                query.getFirst(OIDCLoginProtocol.CLIENT_ID_PARAM),
                query.getFirst(OIDCLoginProtocol.POST_LOGOUT_REDIRECT_URI_PARAM),
                query.getFirst(OIDCLoginProtocol.STATE_PARAM),
                query.getFirst(OIDCLoginProtocol.UI_LOCALES_PARAM),
                query.getFirst(AuthenticationManager.INITIATING_IDP_PARAM));
    }

    @POST
    @Path("oidc/session/end")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response endSessionPost() {
        MultivaluedMap<String, String> form = session.getContext().getHttpRequest().getDecodedFormParameters();
        if (!form.containsKey("refresh_token")
                && isBareLogout(form.getFirst(OIDCLoginProtocol.ID_TOKEN_HINT), form.getFirst(OIDCLoginProtocol.CLIENT_ID_PARAM))) {
            return new BareLogout(session, keycloak).logout();
        }
        return logoutEndpoint().logout();
    }

    @POST
    @Path("oidc/token/introspection")
    @Produces(MediaType.APPLICATION_JSON)
    public Response introspection() {
        return new AliasIntrospection(session, config.issuer(), event()).introspect();
    }

    @POST
    @Path("oidc/token/revocation")
    public Response revocation() {
        return new TokenRevocationEndpoint(session, event()).revoke();
    }

    /** CORS preflights for browser clients, answered by Keycloak's endpoints as on the native paths. */
    @OPTIONS
    @Path("oidc/token")
    public Response tokenPreflight() {
        return new TokenEndpoint(session, new AliasIssuerTokenManager(config.issuer(), config.legacySubjectAttribute()), event()).preflight();
    }

    @OPTIONS
    @Path("oidc/me")
    public Response userInfoPreflight() {
        return new UserInfoEndpoint(session, new TokenManager()).issueUserInfoPreflight();
    }

    @OPTIONS
    @Path("oidc/jwks")
    public Response jwksPreflight() {
        return new OIDCLoginProtocolService(session, event()).getVersionPreflight();
    }

    @OPTIONS
    @Path("oidc/token/revocation")
    public Response revocationPreflight() {
        return new TokenRevocationEndpoint(session, event()).preflight();
    }

    private Response withAliasIssuer(Response authorizationResponse) {
        String keycloakIssuer = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), session.getContext().getRealm().getName());
        return AuthorizationResponseIssuer.withAliasIssuer(authorizationResponse, keycloakIssuer, config.issuer());
    }

    private LogoutEndpoint logoutEndpoint() {
        return new LogoutEndpoint(session, new AliasIssuerTokenManager(config.issuer(), config.legacySubjectAttribute()), event());
    }

    private boolean isBareLogout(String idTokenHint, String clientId) {
        return idTokenHint == null && clientId == null && config.logoutWithoutConfirmation();
    }

    private String lenientScopeRedirect(MultivaluedMap<String, String> params) {
        if (!config.lenientScopes()) {
            return null;
        }
        RealmModel realm = session.getContext().getRealm();
        String clientId = params.getFirst(OIDCLoginProtocol.CLIENT_ID_PARAM);
        ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
        if (client == null || params.containsKey("request") || params.containsKey("request_uri")) {
            return null; // Keycloak reports these cases itself
        }
        String requested = params.getFirst(OIDCLoginProtocol.SCOPE_PARAM);
        String normalized = LenientScope.normalize(requested, client);
        if (normalized.equals(requested)) {
            return null;
        }
        return LenientScope.sameRequestWithScope(session.getContext().getUri().getRequestUri(), params, normalized);
    }

    private EventBuilder event() {
        return new EventBuilder(session.getContext().getRealm(), session, session.getContext().getConnection());
    }
}
