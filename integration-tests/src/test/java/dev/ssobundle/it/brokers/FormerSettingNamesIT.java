package dev.ssobundle.it.brokers;

import static dev.ssobundle.it.brokers.CustomerOnboardingIT.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Settings stored under their names from before the {@code ssoBundle.} namespace keep working for
 * one release: a realm, an organization and an identity provider set up with the former names
 * still behave as configured, and the server log names each new name in exactly one warning,
 * however often the former name is read.
 */
@ExtendWith(KeycloakExtension.class)
class FormerSettingNamesIT {

    private static final String TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";

    private final KeycloakServer server;
    private final AdminApi admin;

    FormerSettingNamesIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    @Test
    void aRealmOrganizationAndEntraProviderStoredUnderFormerNamesStillWorkWithOneWarningPerName() {
        String realm = "former-" + unique();
        admin.require2xx(admin.post("realms", Map.of("realm", realm, "enabled", true, "organizationsEnabled", true,
                "attributes", Map.of("customers.publicBaseUrl", "https://login.former.example/auth"))));
        try {
            // an Entra ID provider configured with the former keys: Keycloak validates it on creation through the bundle's config
            admin.require2xx(admin.post("realms/" + realm + "/identity-provider/instances", Map.of(
                    "alias", "northwind", "providerId", "entra-id-tenant", "enabled", true, "config", Map.of(
                            "entraTenantId", TENANT, "entraAuthorityUrl", "https://login.microsoftonline.com",
                            "entraEmailDomains", "northwind.example", "clientId", "app", "clientSecret", "s3cret"))));
            // an organization onboarded before the namespace: its protocol attribute has the former name
            admin.require2xx(admin.post("realms/" + realm + "/organizations", Map.of("name", "Northwind", "alias", "northwind",
                    "domains", List.of(Map.of("name", "northwind.example")), "attributes", Map.of("customer.protocol", List.of("entra")))));

            for (int read = 0; read < 3; read++) {
                JsonNode customer = admin.getJson("realms/" + realm + "/customers/northwind");
                assertThat(customer.path("protocol").asText()).isEqualTo("entra");
                assertThat(customer.path("redirectUri").asText())
                        .isEqualTo("https://login.former.example/auth/realms/" + realm + "/broker/northwind/endpoint");
                assertThat(customer.path("tenantId").asText()).isEqualTo(TENANT);
                assertThat(admin.getJson("realms/" + realm + "/customers")).extracting(c -> c.path("slug").asText()).containsExactly("northwind");
            }
            JsonNode stored = admin.getJson("realms/" + realm + "/identity-provider/instances/northwind").path("config");
            assertThat(stored.path("issuer").asText()).as("endpoints derived from the former tenant key")
                    .isEqualTo("https://login.microsoftonline.com/" + TENANT + "/v2.0");

            String log = server.log();
            for (String[] renamed : new String[][] {
                    {"customers.publicBaseUrl", "ssoBundle.customers.publicBaseUrl"},
                    {"customer.protocol", "ssoBundle.customers.protocol"},
                    {"entraTenantId", "ssoBundle.entraId.tenantId"},
                    {"entraAuthorityUrl", "ssoBundle.entraId.authorityUrl"}}) {
                assertThat(log.lines().filter(l -> l.contains(" WARN ") && l.contains("'" + renamed[0] + "'")
                        && l.contains("rename it to '" + renamed[1] + "'"))).as(renamed[0]).hasSize(1);
            }
        } finally {
            admin.delete("realms/" + realm);
        }
    }
}
