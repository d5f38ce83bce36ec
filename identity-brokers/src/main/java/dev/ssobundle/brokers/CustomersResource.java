package dev.ssobundle.brokers;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Customers of a brokering realm: one identity provider each, its alias being the customer slug. */
public class CustomersResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public CustomersResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        auth.realm().requireViewIdentityProviders();
        return session.identityProviders().getAllStream()
                .map(idp -> Map.<String, Object>of(
                        "slug", idp.getAlias(),
                        "displayName", idp.getDisplayName() == null ? idp.getAlias() : idp.getDisplayName(),
                        "protocol", idp.getProviderId(),
                        "enabled", idp.isEnabled(),
                        "redirectUri", BrokerUris.redirectUri(session.getContext().getUri().getBaseUri(), realm.getName(), idp.getAlias())))
                .toList();
    }
}
