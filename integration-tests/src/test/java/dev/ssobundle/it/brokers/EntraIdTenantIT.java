package dev.ssobundle.it.brokers;

import static dev.ssobundle.it.brokers.CustomerOnboardingIT.customer;
import static dev.ssobundle.it.brokers.CustomerOnboardingIT.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.brokers.EntraTenantStandIn.SignIn;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A customer on Entra ID, its tenant played by {@link EntraTenantStandIn} (a Nimbus-signed OIDC
 * authority on loopback, because a Keycloak realm cannot have the issuer form
 * {@code <authority>/<tid>/v2.0}). Covers the nOAuth cases: tenant, signature, oid-keyed accounts.
 */
@ExtendWith(KeycloakExtension.class)
class EntraIdTenantIT {

    private static final String CLIENT_SECRET = "entra-client-secret-" + UUID.randomUUID();
    private static final EntraTenantStandIn AUTHORITY = new EntraTenantStandIn(CLIENT_SECRET);

    private final KeycloakServer server;
    private final AdminApi admin;
    private String slug;
    private String domain;
    private String tenant;

    EntraIdTenantIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        BrokerFlow.allowInsecureMetadata(admin, "flatchr");
    }

    @AfterAll
    static void stopAuthority() {
        AUTHORITY.close();
    }

    @BeforeEach
    void onboardEntraCustomer() {
        String id = unique();
        slug = "northwind-" + id;
        domain = slug + ".example";
        tenant = UUID.randomUUID().toString();
        HttpResponse<String> created = admin.post("realms/flatchr/customers", customer(slug, "entra", List.of(domain), Map.of(
                "tenantId", tenant, "clientId", "flatchr-sso-" + id, "clientSecret", CLIENT_SECRET, "authorityUrl", AUTHORITY.authority())));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(CLIENT_SECRET);
    }

    @AfterEach
    void removeCustomer() {
        for (JsonNode user : admin.getJson("realms/flatchr/users?search=" + enc("*" + domain + "*") + "&max=100")) {
            admin.delete("realms/flatchr/users/" + user.path("id").asText());
        }
        admin.delete("realms/flatchr/customers/" + slug);
    }

    @Test
    void entraUserSignsInByEmailDomainIsCreatedFromTheVerifiedTokenAndReusesTheAccount() {
        String oid = UUID.randomUUID().toString();
        String email = "ana.lopez@" + domain;
        AUTHORITY.nextSignIn(SignIn.of(tenant, oid, email, "Ana", "Lopez"));

        assertThat(BrokerFlow.reachedApp(login(email))).isTrue();
        JsonNode user = onlyUserWithEmail(email);
        assertThat(user.path("firstName").asText()).isEqualTo("Ana");
        assertThat(user.path("lastName").asText()).isEqualTo("Lopez");
        assertThat(user.path("emailVerified").asBoolean()).as("xms_edov and customer domain").isTrue();
        JsonNode link = admin.getJson("realms/flatchr/users/" + user.path("id").asText() + "/federated-identity").get(0);
        assertThat(link.path("identityProvider").asText()).isEqualTo(slug);
        assertThat(link.path("userId").asText()).as("keyed on tid + oid, not on the email").isEqualTo(tenant + "." + oid);

        assertThat(BrokerFlow.reachedApp(login(email))).isTrue();
        assertThat(onlyUserWithEmail(email).path("id").asText()).isEqualTo(user.path("id").asText());
    }

    @Test
    void changedEmailWithTheSameObjectIdSignsIntoTheSameAccount() {
        String oid = UUID.randomUUID().toString();
        AUTHORITY.nextSignIn(SignIn.of(tenant, oid, "li.wei@" + domain, "Li", "Wei"));
        assertThat(BrokerFlow.reachedApp(login("li.wei@" + domain))).isTrue();
        String accountId = onlyUserWithEmail("li.wei@" + domain).path("id").asText();

        // renamed in the directory: new UPN and email, same immutable object id
        AUTHORITY.nextSignIn(SignIn.of(tenant, oid, "li.wei-chen@" + domain, "Li", "Wei-Chen"));
        HttpResponse<String> renamed = login("li.wei-chen@" + domain);

        assertThat(BrokerFlow.reachedApp(renamed)).as("%s %s", renamed.statusCode(), renamed.body()).isTrue();
        assertThat(admin.getJson("realms/flatchr/users?search=" + enc("*" + domain + "*"))).hasSize(1);
        assertThat(admin.getJson("realms/flatchr/users/" + accountId + "/federated-identity").get(0).path("userId").asText())
                .isEqualTo(tenant + "." + oid);
    }

    @Test
    void newObjectIdCarryingAnExistingUsersEmailIsNotLinkedToThatUser() {
        String victimEmail = "ceo@" + domain;
        String victimOid = UUID.randomUUID().toString();
        AUTHORITY.nextSignIn(SignIn.of(tenant, victimOid, victimEmail, "Chief", "Executive"));
        assertThat(BrokerFlow.reachedApp(login(victimEmail))).isTrue();
        String victimId = onlyUserWithEmail(victimEmail).path("id").asText();

        // another directory object (another oid) presenting the same email: the nOAuth takeover attempt
        AUTHORITY.nextSignIn(SignIn.of(tenant, UUID.randomUUID().toString(), victimEmail, "Mallory", "Attacker"));
        HttpResponse<String> attempt = login("mallory@" + domain);

        assertThat(BrokerFlow.reachedApp(attempt)).as("must not sign in as the existing user").isFalse();
        assertThat(admin.getJson("realms/flatchr/users/" + victimId + "/federated-identity").findValuesAsText("userId"))
                .containsExactly(tenant + "." + victimOid);
        assertThat(admin.getJson("realms/flatchr/users?search=" + enc("*" + domain + "*"))).hasSize(1);
    }

    @Test
    void tokenCarryingAnotherTenantsTidIsRefused() {
        String email = "eve@" + domain;
        AUTHORITY.nextSignIn(SignIn.of(tenant, UUID.randomUUID().toString(), email, "Eve", "Other").withTidClaim(UUID.randomUUID().toString()));

        HttpResponse<String> response = login(email);

        assertThat(BrokerFlow.reachedApp(response)).isFalse();
        assertThat(admin.getJson("realms/flatchr/users?search=" + enc("*" + domain + "*"))).isEmpty();
        assertThat(server.log()).contains("IdentityBrokerException: Token issued for another Entra ID tenant");
    }

    @Test
    void tokenFromAnotherTenantsIssuerIsRefused() {
        String email = "eve@" + domain;
        String otherTenant = UUID.randomUUID().toString();
        AUTHORITY.nextSignIn(new SignIn(UUID.randomUUID().toString(), email, true, "Eve", "Other", otherTenant, otherTenant, false));

        assertThat(BrokerFlow.reachedApp(login(email))).isFalse();
        assertThat(admin.getJson("realms/flatchr/users?search=" + enc("*" + domain + "*"))).isEmpty();
        assertThat(server.log()).contains("Wrong issuer from token. Got: " + AUTHORITY.authority() + "/" + otherTenant + "/v2.0");
    }

    @Test
    void tokenNotSignedByAKeyOfTheTenantJwksIsRefused() {
        String email = "eve@" + domain;
        AUTHORITY.nextSignIn(SignIn.of(tenant, UUID.randomUUID().toString(), email, "Eve", "Forger").signedWithForeignKey());
        long failuresBefore = server.log().lines().filter(l -> l.contains("token signature validation failed")).count();

        assertThat(BrokerFlow.reachedApp(login(email))).isFalse();
        assertThat(admin.getJson("realms/flatchr/users?search=" + enc("*" + domain + "*"))).isEmpty();
        assertThat(server.log().lines().filter(l -> l.contains("token signature validation failed")).count()).isGreaterThan(failuresBefore);
    }

    @Test
    void unverifiedOrForeignDomainEmailIsNotImported() {
        String oid = UUID.randomUUID().toString();
        AUTHORITY.nextSignIn(new SignIn(oid, "someone@fabrikam-" + unique() + ".example", true, "Sam", "Guest", tenant, tenant, false));

        HttpResponse<String> response = login("sam@" + domain);

        // no trusted email: Keycloak's first-login review asks the user for one instead of trusting the token's
        assertThat(BrokerFlow.reachedApp(response)).isFalse();
        assertThat(response.body()).contains("name=\"email\"");
        assertThat(response.body()).doesNotContain("fabrikam-");
    }

    private HttpResponse<String> login(String typedEmail) {
        Browser browser = new Browser();
        HttpResponse<String> emailPage = BrokerFlow.walk(browser, browser.get(BrokerFlow.authorizeFlatchrApp(server.baseUri())));
        return BrokerFlow.walk(browser, BrokerFlow.submitEmail(browser, emailPage, typedEmail));
    }

    private JsonNode onlyUserWithEmail(String email) {
        JsonNode users = admin.getJson("realms/flatchr/users?email=" + enc(email) + "&exact=true");
        assertThat(users).as("users with email " + email).hasSize(1);
        return users.get(0);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
