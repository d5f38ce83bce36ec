package dev.ssobundle.it.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shaded bundle, dropped into a stock Keycloak, is loaded whole and the realm exports import. */
@ExtendWith(KeycloakExtension.class)
class BundleInstallationIT {

    private final AdminApi admin;
    private final KeycloakServer server;

    BundleInstallationIT(AdminApi admin, KeycloakServer server) {
        this.admin = admin;
        this.server = server;
    }

    private JsonNode providers(String spi) {
        JsonNode node = admin.get("serverinfo").path("providers").path(spi).path("providers");
        assertThat(node.isObject()).as("SPI %s in serverinfo", spi).isTrue();
        return node;
    }

    @Test
    void everyFeatureModuleProvidesToTheRunningServer() {
        assertThat(providers("realm-restapi-extension").has("api")).as("oidc-endpoints: /realms/{realm}/api").isTrue();
        assertThat(providers("realm-restapi-extension").has("scim")).as("scim-endpoint: /realms/{realm}/scim").isTrue();
        assertThat(providers("admin-realm-restapi-extension").has("customers")).as("identity-brokers: customers API").isTrue();
        assertThat(providers("authenticator").has("mtls-proxy-header")).as("authenticator-mtls").isTrue();
        JsonNode loginThemes = admin.get("serverinfo").path("themes").path("login");
        List<String> names = new ArrayList<>();
        loginThemes.forEach(theme -> names.add(theme.path("name").asText()));
        assertThat(names).as("themes: login theme").contains("sso-bundle");
    }

    @Test
    void serverInfoReportsTheBundleVersion() throws Exception {
        JsonNode info = providers("admin-realm-restapi-extension").path("sso-bundle").path("operationalInfo");
        String builtVersion = bundleVersionFromJar();

        assertThat(info.path("version").asText()).isEqualTo(builtVersion);
        assertThat(info.path("keycloak.version").asText()).isEqualTo(System.getProperty("keycloak.version"));
        assertThat(admin.get("realms/demo/sso-bundle").path("version").asText()).isEqualTo(builtVersion);
    }

    private static String bundleVersionFromJar() throws Exception {
        Path jar = Path.of(System.getProperty("bundle.jar"));
        try (JarFile file = new JarFile(jar.toFile())) {
            var properties = new java.util.Properties();
            properties.load(file.getInputStream(file.getEntry("sso-bundle.properties")));
            String version = properties.getProperty("version");
            assertThat(jar.getFileName().toString()).isEqualTo("keycloak-sso-bundle-" + version + ".jar");
            return version;
        }
    }

    @Test
    void bundleJarHoldsOneMergedServiceFilePerSpi() throws Exception {
        try (JarFile file = new JarFile(Path.of(System.getProperty("bundle.jar")).toFile())) {
            String realmResources = new String(file.getInputStream(
                    file.getEntry("META-INF/services/org.keycloak.services.resource.RealmResourceProviderFactory")).readAllBytes());
            assertThat(realmResources.lines().map(String::trim).filter(l -> !l.isEmpty()))
                    .contains("dev.ssobundle.oidc.OidcApiResourceProviderFactory", "dev.ssobundle.scim.ScimResourceProviderFactory");
            assertThat(file.getEntry("META-INF/beans.xml")).isNotNull();
            assertThat(file.getEntry("META-INF/keycloak-themes.json")).isNotNull();
            assertThat(file.stream().map(e -> e.getName()).filter(n -> n.startsWith("org/keycloak/") || n.startsWith("com/fasterxml/")
                    || n.startsWith("org/bouncycastle/") || n.startsWith("jakarta/"))).as("no Keycloak-shipped classes in the bundle").isEmpty();
        }
    }

    @Test
    void bothRealmExportsAreImported() {
        JsonNode demo = admin.get("realms/demo");
        JsonNode flatchr = admin.get("realms/flatchr");

        assertThat(demo.path("enabled").asBoolean()).isTrue();
        assertThat(demo.path("loginTheme").asText()).isEqualTo("sso-bundle");
        assertThat(flatchr.path("enabled").asBoolean()).isTrue();
        assertThat(flatchr.path("organizationsEnabled").asBoolean()).isTrue();
    }

    @Test
    void demoRealmHasTheDocumentedUsersAndClients() {
        JsonNode alice = admin.get("realms/demo/users?username=alice&exact=true").get(0);
        assertThat(alice.path("email").asText()).isEqualTo("alice@example.com");
        assertThat(alice.path("emailVerified").asBoolean()).isTrue();
        assertThat(alice.path("firstName").asText()).isEqualTo("Alice");
        assertThat(alice.path("lastName").asText()).isEqualTo("Liddell");

        JsonNode scim = admin.get("realms/demo/clients?clientId=scim-provisioner").get(0);
        assertThat(scim.path("serviceAccountsEnabled").asBoolean()).isTrue();
        assertThat(scim.path("standardFlowEnabled").asBoolean()).isFalse();
        assertThat(scim.path("directAccessGrantsEnabled").asBoolean()).isFalse();
        // Dev secrets come from ${VAR:default} placeholders; with no variable set, the documented default applies.
        assertThat(admin.get("realms/demo/clients/" + scim.path("id").asText() + "/client-secret").path("value").asText())
                .isEqualTo("scim-secret");
        JsonNode serviceAccount = admin.get("realms/demo/clients/" + scim.path("id").asText() + "/service-account-user");
        List<String> roles = new ArrayList<>();
        admin.get("realms/demo/users/" + serviceAccount.path("id").asText() + "/role-mappings/realm")
                .forEach(r -> roles.add(r.path("name").asText()));
        assertThat(roles).contains("scim-provisioning");
    }

    @Test
    void kcBuildWithTheBundleLogsNoErrorOrConflict() throws Exception {
        Path buildLog = Path.of(System.getProperty("test.work.dir"), "kc-build.log");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(buildLog),
                "kc.sh build runs only in distribution mode (keycloak.server=distribution)");
        String log = Files.readString(buildLog);

        assertThat(log).contains("Server configuration updated and persisted");
        assertNoErrorOrConflictAboutTheBundle(log);
        assertNoErrorOrConflictAboutTheBundle(startUpPart(server.log()));
    }

    /**
     * The server log up to Keycloak's "started in" line: installing the bundle is judged on start-up alone.
     * Later lines depend on which tests already ran (the refusals they provoke on purpose log ERROR/WARN);
     * the whole log is audited when the server stops at the end of the run (harness ServerLogAudit).
     */
    private static String startUpPart(String log) {
        StringBuilder startUp = new StringBuilder();
        for (String line : (Iterable<String>) log.lines()::iterator) {
            startUp.append(line).append('\n');
            if (line.contains("[io.quarkus]") && line.contains(" started in ")) {
                return startUp.toString();
            }
        }
        throw new AssertionError("The server log has no Quarkus 'started in' line:\n" + log);
    }

    /**
     * Keycloak notes every extension of an internal SPI (KC-SERVICES0047) at WARN; that notice is
     * expected. Anything else about the bundle at WARN, any ERROR, or any conflict/duplicate fails.
     */
    private static void assertNoErrorOrConflictAboutTheBundle(String log) {
        assertThat(log.lines().filter(l -> l.contains(" ERROR ") || l.startsWith("ERROR"))).isEmpty();
        assertThat(log.lines().filter(l -> l.contains(" WARN ") && (l.contains("dev.ssobundle") || l.contains("sso-bundle")))
                .filter(l -> !l.contains("KC-SERVICES0047"))).isEmpty();
        assertThat(log.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).matches(".*(conflict|duplicate|already registered).*"))).isEmpty();
    }
}
