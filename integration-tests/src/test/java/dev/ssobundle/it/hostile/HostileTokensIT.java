package dev.ssobundle.it.hostile;

import static dev.ssobundle.it.hostile.HostileCallers.assertNoStackTrace;
import static dev.ssobundle.it.hostile.HostileCallers.assertScimError;
import static dev.ssobundle.it.hostile.HostileCallers.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SCIM endpoint and the customer onboarding API refuse tokens of another realm, expired
 * tokens and tokens without the role, each with its own status and a body a client understands.
 */
@ExtendWith(KeycloakExtension.class)
class HostileTokensIT {

    /**
     * Access tokens of the throw-away clients and realms below live this long; the tests wait it out.
     * Long enough that the checks made with a fresh token finish before it expires on a busy machine.
     */
    private static final int SHORT_LIFESPAN_SECONDS = 6;

    private final HostileCallers callers;
    private final AdminApi admin;

    HostileTokensIT(KeycloakServer server, AdminApi admin) {
        this.callers = new HostileCallers(server, admin);
        this.admin = admin;
    }

    @Test
    void scimRefusesValidTokenOfAnotherRealmWith401() {
        String masterAdminToken = admin.accessToken();
        assertThat(callers.get(admin.adminUri("realms/demo"), masterAdminToken).statusCode()).as("the token itself is valid").isEqualTo(200);

        assertScimError(callers.get(callers.scimUsers(), masterAdminToken), 401);
        assertScimError(callers.post(callers.scimUsers(), masterAdminToken, "application/scim+json", "{\"userName\":\"x-" + unique() + "\"}"), 401);
    }

    @Test
    void scimRefusesExpiredTokenWith401AndAcceptsItWhileFresh() throws Exception {
        String clientId = "hostile-expiring-" + unique();
        String internalId = callers.serviceAccountClient("demo", clientId, SHORT_LIFESPAN_SECONDS, List.of("scim-provisioning"));
        try {
            String token = callers.clientCredentials("demo", clientId);
            assertThat(callers.get(callers.scimUsers(), token).statusCode()).as("fresh token").isEqualTo(200);

            Thread.sleep((SHORT_LIFESPAN_SECONDS + 2) * 1000L);

            HttpResponse<String> expired = callers.get(callers.scimUsers(), token);
            assertScimError(expired, 401);
            assertThat(expired.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        } finally {
            admin.require2xx(admin.delete("realms/demo/clients/" + internalId));
        }
    }

    @Test
    void scimRefusesTokenWithoutProvisioningRoleWith403() {
        String clientId = "hostile-no-role-" + unique();
        String internalId = callers.serviceAccountClient("demo", clientId, 0, List.of());
        try {
            String token = callers.clientCredentials("demo", clientId);
            assertScimError(callers.get(callers.scimUsers(), token), 403);
            assertScimError(callers.post(callers.scimUsers(), token, "application/scim+json", "{\"userName\":\"x-" + unique() + "\"}"), 403);
        } finally {
            admin.require2xx(admin.delete("realms/demo/clients/" + internalId));
        }
    }

    @Test
    void customersApiRefusesTokenOfAnotherRealm() {
        // A demo-realm token that is valid and even carries realm-management roles in demo.
        String realm = "hostile-other-" + unique();
        admin.createRealm(Map.of("realm", realm, "enabled", true, "organizationsEnabled", true));
        try {
            String otherRealmAdmin = callers.realmAdminToken(realm, "customers-admin", List.of("manage-identity-providers", "manage-realm"));
            assertThat(callers.get(callers.customers(realm), otherRealmAdmin).statusCode()).as("valid in its own realm").isEqualTo(200);

            // Keycloak's admin API authenticates the token against its own (valid) realm, then refuses
            // access to any realm other than that one or master: 403.
            HttpResponse<String> refused = callers.get(callers.customers("flatchr"), otherRealmAdmin);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertNoStackTrace(refused);
            HttpResponse<String> refusedWrite = callers.post(callers.customers("flatchr"), otherRealmAdmin, "application/json", "{}");
            assertThat(refusedWrite.statusCode()).as(refusedWrite.body()).isEqualTo(403);
            assertNoStackTrace(refusedWrite);
        } finally {
            admin.deleteRealm(realm);
        }
    }

    @Test
    void customersApiRefusesExpiredTokenWith401AndTokenWithoutRoleWith403() throws Exception {
        String realm = "hostile-exp-" + unique();
        admin.createRealm(Map.of("realm", realm, "enabled", true, "organizationsEnabled", true,
                "accessTokenLifespan", SHORT_LIFESPAN_SECONDS));
        try {
            String viewer = callers.realmAdminToken(realm, "viewer", List.of("view-realm"));
            String manager = callers.realmAdminToken(realm, "manager", List.of("manage-identity-providers", "manage-realm"));
            assertThat(callers.get(callers.customers(realm), manager).statusCode()).as("fresh token").isEqualTo(200);

            // A well-formed customer, so that only the missing role can be the reason for refusing it.
            String slug = "acme-" + unique();
            String customer = "{\"slug\":\"" + slug + "\",\"displayName\":\"Acme\",\"domains\":[\"" + slug + ".example\"],"
                    + "\"protocol\":\"oidc\",\"discoveryUrl\":\"" + callers.masterDiscoveryUrl() + "\",\"clientId\":\"c\",\"clientSecret\":\"s\"}";
            HttpResponse<String> withoutRole = callers.post(callers.customers(realm), viewer, "application/json", customer);
            assertThat(withoutRole.statusCode()).as(withoutRole.body()).isEqualTo(403);
            assertNoStackTrace(withoutRole);
            assertThat(admin.get("realms/" + realm + "/identity-provider/instances")).as("nothing half-written").isEmpty();
            // The role is checked before the body is read: a caller without it learns nothing about the body format.
            HttpResponse<String> malformedWithoutRole = callers.post(callers.customers(realm), viewer, "application/json",
                    "{\"notAField\": true, \"slug\": ");
            assertThat(malformedWithoutRole.statusCode()).as(malformedWithoutRole.body()).isEqualTo(403);
            assertThat(malformedWithoutRole.body()).doesNotContain("notAField", "Unrecognized");
            HttpResponse<String> malformedWithRole = callers.post(callers.customers(realm), manager, "application/json",
                    "{\"notAField\": true}");
            assertThat(malformedWithRole.statusCode()).as(malformedWithRole.body()).isEqualTo(400);
            assertThat(malformedWithRole.body()).contains("invalid_customer").contains("notAField");
            assertNoStackTrace(malformedWithRole);

            Thread.sleep((SHORT_LIFESPAN_SECONDS + 2) * 1000L);

            HttpResponse<String> expired = callers.get(callers.customers(realm), manager);
            assertThat(expired.statusCode()).as(expired.body()).isEqualTo(401);
            assertNoStackTrace(expired);
        } finally {
            admin.deleteRealm(realm);
        }
    }
}
