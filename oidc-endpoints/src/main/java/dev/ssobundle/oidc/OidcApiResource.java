package dev.ssobundle.oidc;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.wellknown.WellKnownProvider;

/** JAX-RS root of {@code /realms/{realm}/api}. */
public class OidcApiResource {

    private final KeycloakSession session;

    public OidcApiResource(KeycloakSession session) {
        this.session = session;
    }

    /**
     * Discovery for the alias: Keycloak's own document, with the issuer and endpoints moved to the
     * alias base so that strict clients configured with {@code .../api/oidc} find consistent values.
     */
    @GET
    @Path("oidc/.well-known/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public Response discovery() {
        WellKnownProvider keycloakDiscovery = session.getProvider(WellKnownProvider.class, "openid-configuration");
        OIDCConfigurationRepresentation config = (OIDCConfigurationRepresentation) keycloakDiscovery.getConfig();
        String aliasBase = UriBuilder.fromUri(session.getContext().getUri().getBaseUri())
                .path("realms").path(session.getContext().getRealm().getName()).path("api").path("oidc")
                .build().toString();
        AliasEndpoints.applyTo(config, aliasBase);
        return Response.ok(config).build();
    }
}
