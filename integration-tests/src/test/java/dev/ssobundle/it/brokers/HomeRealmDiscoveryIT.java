package dev.ssobundle.it.brokers;

import static dev.ssobundle.it.brokers.CustomerOnboardingIT.customer;
import static dev.ssobundle.it.brokers.CustomerOnboardingIT.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The flatchr login page's identity-first step when the email domain belongs to no customer. */
@ExtendWith(KeycloakExtension.class)
class HomeRealmDiscoveryIT {

    private final KeycloakServer server;
    private final AdminApi admin;

    HomeRealmDiscoveryIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        BrokerFlow.allowInsecureMetadata(admin, "flatchr");
    }

    @Test
    void unknownDomainFallsBackToThePasswordStepWithoutHintingAtCustomers() {
        String slug = "wayne-" + unique();
        admin.require2xx(admin.post("realms/flatchr/customers", customer(slug, "oidc", List.of(slug + ".example"), Map.of(
                "discoveryUrl", server.realmUri("master") + "/.well-known/openid-configuration", "clientId", "flatchr", "clientSecret", "x"))));
        try {
            Browser browser = new Browser();
            HttpResponse<String> emailPage = BrokerFlow.walk(browser, browser.get(BrokerFlow.authorizeFlatchrApp(server.baseUri())));
            assertThat(emailPage.body()).doesNotContain(slug).doesNotContain("/broker/");

            HttpResponse<String> next = BrokerFlow.walk(browser, BrokerFlow.submitEmail(browser, emailPage, "someone@unknown-" + unique() + ".example"));

            assertThat(next.uri().getPath()).startsWith("/realms/flatchr/");
            assertThat(BrokerFlow.asksForPassword(next)).as("password step: %s", next.body()).isTrue();
            assertThat(next.body()).doesNotContain(slug).doesNotContain("Customer " + slug).doesNotContain("/broker/");
        } finally {
            admin.delete("realms/flatchr/customers/" + slug);
        }
    }
}
