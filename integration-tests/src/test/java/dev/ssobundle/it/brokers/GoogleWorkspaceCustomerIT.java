package dev.ssobundle.it.brokers;

import static dev.ssobundle.it.brokers.CustomerOnboardingIT.customer;
import static dev.ssobundle.it.brokers.CustomerOnboardingIT.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Google Workspace customer signed in end to end (issue 16 point 5): the customer's "Google" is
 * a Google-like OpenID provider on loopback (npm {@code oidc-provider}: Google's {@code hd} claim,
 * discovery, RS256 ID tokens), onboarded through the customers API with its {@code discoveryUrl}.
 * A user types their email on the flatchr login page, is sent to the customer's Google by home-realm
 * discovery, signs in there and comes back with an account. Google says which Workspace an account
 * belongs to only through {@code hd}: an account of another Workspace, or a consumer account (no
 * {@code hd}), is refused even when its email is in the customer's domain.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoogleWorkspaceCustomerIT {

    private final KeycloakServer server;
    private final AdminApi admin;
    private final String id = unique();
    private final String slug = "gw-" + id;
    private final String domain = slug + ".example";
    private final GoogleStandIn google;

    GoogleWorkspaceCustomerIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        BrokerFlow.allowInsecureMetadata(admin, "flatchr");
        BrokerFlow.saveIdentityProviderLoginErrors(admin, "flatchr");
        String redirectUri = server.baseUri().resolve("/realms/flatchr/broker/" + slug + "/endpoint").toString();
        this.google = GoogleStandIn.start("gw-client-" + id, "gw-secret-" + id, redirectUri, List.of(
                new GoogleStandIn.Account("alice", "alice@" + domain, domain, "Alice", "Workspace"),
                // an account of another Workspace that carries an address of the customer's domain
                new GoogleStandIn.Account("mallory", "mallory@" + domain, "other-" + id + ".example", "Mallory", "Other"),
                // a consumer Google account (no hd) registered with an address of the customer's domain
                new GoogleStandIn.Account("eve", "eve@" + domain, null, "Eve", "Consumer")));
        try {
            admin.require2xx(admin.post("realms/flatchr/customers", customer(slug, "google", List.of(domain), Map.of(
                    "discoveryUrl", google.discoveryUrl(), "clientId", "gw-client-" + id, "clientSecret", "gw-secret-" + id))));
        } catch (RuntimeException e) {
            google.close();
            throw e;
        }
    }

    @AfterAll
    void stop() {
        try {
            for (JsonNode user : admin.getJson("realms/flatchr/users?search=" + enc(domain) + "&max=20")) {
                admin.delete("realms/flatchr/users/" + user.path("id").asText());
            }
            admin.delete("realms/flatchr/customers/" + slug);
        } finally {
            google.close();
        }
    }

    @Test
    void googleWorkspaceUserOfTheCustomersHostedDomainSignsIn() {
        HttpResponse<String> done = signIn("alice@" + domain, "alice");

        assertThat(BrokerFlow.reachedApp(done)).as("%s %s\nstand-in: %s", done.statusCode(), done.body(), google.output()).isTrue();
        JsonNode idToken = idTokenFor(done);
        assertThat(idToken.path("email").asText()).isEqualTo("alice@" + domain);
        JsonNode alice = admin.getJson("realms/flatchr/users?email=" + enc("alice@" + domain) + "&exact=true");
        assertThat(alice).hasSize(1);
        JsonNode links = admin.getJson("realms/flatchr/users/" + alice.get(0).path("id").asText() + "/federated-identity");
        assertThat(links.findValuesAsText("identityProvider")).containsExactly(slug);
        assertThat(links.findValuesAsText("userId")).as("linked on Google's subject, not the email").containsExactly("alice");
    }

    @Test
    void googleAccountOfAnotherHostedDomainCannotSignInToTheCustomer() {
        assertRefused("mallory@" + domain, "mallory", "other-" + id + ".example");
    }

    @Test
    void googleConsumerAccountWithoutHostedDomainCannotSignInToTheCustomer() {
        assertRefused("eve@" + domain, "eve", "(none)");
    }

    @Test
    void googleCustomerSecretDoesNotFollowAChangeOfDiscoveryUrl() {
        JsonNode stored = admin.getJson("realms/flatchr/customers/" + slug);
        assertThat(stored.path("discoveryUrl").asText()).isEqualTo(google.discoveryUrl());
        assertThat(stored.has("clientSecret")).isFalse();

        HttpResponse<String> moved = admin.put("realms/flatchr/customers/" + slug,
                Map.of("discoveryUrl", "http://127.0.0.1:9/.well-known/openid-configuration"));

        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(400);
        assertThat(moved.body()).contains("discoveryUrl").contains("clientSecret");
        assertThat(admin.getJson("realms/flatchr/customers/" + slug).path("discoveryUrl").asText()).isEqualTo(google.discoveryUrl());
    }

    private void assertRefused(String email, String googleLogin, String shownDomain) {
        for (String[] locale : new String[][] {
                {"en", "is not an account of your organization's Google Workspace"},
                {"fr", "n'est pas un compte du Google Workspace de votre organisation"},
                {"ru", "не принадлежит Google Workspace вашей организации"}}) {
            HttpResponse<String> refused = signIn(email, googleLogin, locale[0]);

            assertThat(BrokerFlow.reachedApp(refused)).as("must not sign in").isFalse();
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(Jsoup.parse(refused.body()).text()).as(locale[0]).contains(locale[1]).contains(shownDomain);
        }
        assertThat(admin.getJson("realms/flatchr/users?email=" + enc(email) + "&exact=true")).as("no account created").isEmpty();
        JsonNode events = admin.getJson("realms/flatchr/events?type=IDENTITY_PROVIDER_LOGIN_ERROR&max=200");
        boolean recorded = false;
        for (JsonNode event : events) {
            recorded |= "foreign_hosted_domain".equals(event.path("error").asText())
                    && slug.equals(event.path("details").path("identity_provider").asText())
                    && event.path("details").path("reason").asText().contains(shownDomain);
        }
        assertThat(recorded).as("error event for %s in %s", shownDomain, events).isTrue();
    }

    private HttpResponse<String> signIn(String email, String googleLogin) {
        return signIn(email, googleLogin, "en");
    }

    /** flatchr's identity-first step, home-realm discovery to the customer's Google, its sign-in form, back to flatchr. */
    private HttpResponse<String> signIn(String email, String googleLogin, String locale) {
        return google.signInThroughFlatchr(URI.create(BrokerFlow.authorizeFlatchrApp(server.baseUri()) + "&ui_locales=" + locale),
                email, googleLogin);
    }

    private JsonNode idTokenFor(HttpResponse<String> callback) {
        String code = Browser.queryParameters(Browser.location(callback)).get("code");
        HttpResponse<String> token = new Browser().postForm(server.baseUri().resolve("/realms/flatchr/protocol/openid-connect/token"),
                Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", BrokerFlow.APP_CALLBACK,
                        "client_id", "flatchr-app", "client_secret", "flatchr-app-secret"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String idToken = AdminApi.read(token.body()).path("id_token").asText();
        return AdminApi.read(new String(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
