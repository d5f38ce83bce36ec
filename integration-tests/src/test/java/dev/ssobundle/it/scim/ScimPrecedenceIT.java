package dev.ssobundle.it.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test server runs with Keycloak's preview SCIM API enabled (--features=scim-api): the bundle's
 * SCIM endpoint must still be the one answering /realms/{realm}/scim/v2.
 */
@ExtendWith(KeycloakExtension.class)
class ScimPrecedenceIT {

    @Test
    void bundleScimAnswersAtTheSamePathWhileKeycloaksPreviewScimIsEnabled(KeycloakServer server, AdminApi admin) {
        List<String> enabled = new ArrayList<>();
        admin.get("serverinfo").path("features").forEach(f -> {
            if (f.path("enabled").asBoolean()) {
                enabled.add(f.path("name").asText());
            }
        });
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("keycloak.server", "distribution").equals("distribution"),
                "the container mode starts Keycloak without preview features");
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.ssobundle.it.harness.ServerVersion.hasPreviewScim(),
                "Keycloak " + dev.ssobundle.it.harness.ServerVersion.underTest() + " has no preview SCIM API to take precedence over");
        assertThat(enabled).as("Keycloak's preview SCIM feature is on in this server").anyMatch(name -> name.toUpperCase().startsWith("SCIM"));

        // Only the bundle's ResourceType/User exists in this form (Keycloak's preview answers 500 there).
        ScimClient.Reply response = new ScimClient(server).get("/ResourceTypes/User");
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        JsonNode userType = response.json();
        assertThat(userType.path("schemaExtensions").toString()).contains("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(response.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/scim+json");
    }
}
