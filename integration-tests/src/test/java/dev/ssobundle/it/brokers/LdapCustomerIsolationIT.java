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
import java.util.UUID;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * LDAP customers stay apart (issue 11 point 5, issue 16 point 5), against a real directory: Debian's
 * slapd on loopback serves two customers' directories, A and B, each onboarded through the
 * customers API as an LDAP customer of the flatchr realm. Users sign in the way they do in
 * production: the flatchr login page's identity-first step (home-realm discovery by email
 * domain), then the password form, then the code exchanged for tokens.
 *
 * <p>A's directory also holds entries an attacker with A's directory would write: a user whose
 * mail is in B's domain (placed where A's base DN sees it), a user carrying a mail of B next to
 * one of A, a user with the username of an existing B user, and one with the entryUUID of an
 * existing B user.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LdapCustomerIsolationIT {

    private static final String CLIENT_SECRET = "flatchr-app-secret";
    /** Keycloak's refusal of a wrong user or password; 26.4 says "Invalid password." once the email step has fixed the user. */
    private static final List<String> INVALID_CREDENTIALS = List.of("Invalid username or password.", "Invalid password.");

    private final KeycloakServer server;
    private final AdminApi admin;
    private final String id = unique();
    private final String slugA = "ldap-a-" + id;
    private final String slugB = "ldap-b-" + id;
    private final String domainA = slugA + ".example";
    private final String domainB = slugB + ".example";
    private final LocalSlapd.Directory directoryA = new LocalSlapd.Directory("dc=customer-a,dc=test", "cn=admin,dc=customer-a,dc=test", "a-admin-" + id);
    private final LocalSlapd.Directory directoryB = new LocalSlapd.Directory("dc=customer-b,dc=test", "cn=admin,dc=customer-b,dc=test", "b-admin-" + id);
    private final String jdoeOfBUuid = UUID.randomUUID().toString();
    private final LocalSlapd slapd;

    LdapCustomerIsolationIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.slapd = LocalSlapd.start(List.of(directoryA, directoryB));
        try {
            slapd.add(directoryA, base(directoryA, "A")
                    + person(directoryA, "alice-" + id, "Alice", "Anders", "alice-pass", List.of("alice@" + domainA), null)
                    // B's user, written into A's directory where A's base DN sees it
                    + person(directoryA, "intruder-" + id, "Bob", "Intruder", "intruder-pass", List.of("bob@" + domainB), null)
                    // B's mail first, A's second: the federation must not take the first value it reads
                    + person(directoryA, "dual-" + id, "Carl", "Dual", "dual-pass", List.of("ceo@" + domainB, "ceo@" + domainA), null)
                    // B's user jdoe exists in flatchr; A's directory has the same username...
                    + person(directoryA, "jdoe-" + id, "Jane", "Shadow", "shadow-pass", List.of("jdoe@" + domainA), null)
                    // ...and an entry carrying B's jdoe's entryUUID (Keycloak's link between a local user and its LDAP entry)
                    + person(directoryA, "takeover-" + id, "Tom", "Takeover", "takeover-pass", List.of("takeover@" + domainA), jdoeOfBUuid),
                    true);
            slapd.add(directoryB, base(directoryB, "B")
                    + person(directoryB, "jdoe-" + id, "John", "Doe", "jdoe-b-pass", List.of("jdoe@" + domainB), jdoeOfBUuid)
                    + person(directoryB, "bob-" + id, "Bob", "Builder", "bob-b-pass", List.of("bob@" + domainB), null),
                    true);
            admin.require2xx(admin.post("realms/flatchr/customers", ldapCustomer(slugA, domainA, directoryA)));
            admin.require2xx(admin.post("realms/flatchr/customers", ldapCustomer(slugB, domainB, directoryB)));
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    void stop() {
        try {
            for (String domain : List.of(domainA, domainB)) {
                for (JsonNode user : admin.getJson("realms/flatchr/users?search=" + enc(domain) + "&max=50")) {
                    admin.delete("realms/flatchr/users/" + user.path("id").asText());
                }
            }
            for (String username : List.of("alice-", "intruder-", "dual-", "jdoe-", "takeover-", "bob-")) {
                for (JsonNode user : admin.getJson("realms/flatchr/users?username=" + enc(username + id) + "&exact=true")) {
                    admin.delete("realms/flatchr/users/" + user.path("id").asText());
                }
            }
        } finally {
            admin.delete("realms/flatchr/customers/" + slugA);
            admin.delete("realms/flatchr/customers/" + slugB);
            slapd.close();
        }
    }

    @Test
    void customerALdapUserSignsInThroughHomeRealmDiscovery() {
        HttpResponse<String> done = signIn("alice@" + domainA, "alice-pass");

        assertThat(BrokerFlow.reachedApp(done)).as("%s %s", done.statusCode(), done.body()).isTrue();
        JsonNode idToken = idTokenFor(done);
        assertThat(idToken.path("email").asText()).isEqualTo("alice@" + domainA);
        assertThat(idToken.path("email_verified").asBoolean()).isTrue();
        assertThat(idToken.path("preferred_username").asText()).isEqualTo("alice-" + id);
        JsonNode alice = user("alice-" + id);
        assertThat(alice.path("federationLink").asText()).as("imported through A's federation").isEqualTo(componentId(slugA));
    }

    @Test
    void customerALdapCannotSignInUserOfCustomerB() {
        // B's mail, in A's directory, with the password A's directory holds: typed as email, then as username
        for (String typed : List.of("bob@" + domainB, "intruder-" + id)) {
            HttpResponse<String> refused = signIn(typed, "intruder-pass");

            assertThat(BrokerFlow.reachedApp(refused)).as("%s must not sign in", typed).isFalse();
            assertThat(loginError(refused)).as(typed).isIn(INVALID_CREDENTIALS);
        }
        assertThat(admin.getJson("realms/flatchr/users?username=intruder-" + id + "&exact=true")).as("not imported").isEmpty();
        assertThat(admin.getJson("realms/flatchr/users?email=" + enc("bob@" + domainB) + "&exact=true"))
                .as("no account of B's domain comes from A's directory").allSatisfy(u ->
                        assertThat(u.path("federationLink").asText()).isNotEqualTo(componentId(slugA)));

        // B's own user of that mail signs in through B's directory, and only with B's password
        HttpResponse<String> bob = signIn("bob@" + domainB, "bob-b-pass");
        assertThat(BrokerFlow.reachedApp(bob)).as("%s %s", bob.statusCode(), bob.body()).isTrue();
        assertThat(user("bob-" + id).path("federationLink").asText()).isEqualTo(componentId(slugB));
    }

    @Test
    void customerALdapCannotAssertOrVerifyAnEmailOfCustomerB() {
        HttpResponse<String> asB = signIn("ceo@" + domainB, "dual-pass");

        assertThat(BrokerFlow.reachedApp(asB)).as("A's directory must not sign in ceo@%s: %s", domainB, asB.body()).isFalse();
        assertThat(admin.getJson("realms/flatchr/users?email=" + enc("ceo@" + domainB) + "&exact=true"))
                .as("no account holds B's email").isEmpty();

        // the same entry signs in under the mail of A's domain it also carries, and only with that email
        HttpResponse<String> asA = signIn("ceo@" + domainA, "dual-pass");
        assertThat(BrokerFlow.reachedApp(asA)).as("%s %s", asA.statusCode(), asA.body()).isTrue();
        JsonNode idToken = idTokenFor(asA);
        assertThat(idToken.path("email").asText()).isEqualTo("ceo@" + domainA);
        JsonNode dual = user("dual-" + id);
        assertThat(dual.path("email").asText()).as("stored email").isEqualTo("ceo@" + domainA);
        assertThat(admin.getJson("realms/flatchr/users?email=" + enc("ceo@" + domainB) + "&exact=true")).isEmpty();
    }

    @Test
    void customerALdapCannotShadowAnExistingUserOfCustomerBWithTheSameUsername() {
        JsonNode jdoe = signInJdoeOfB();

        // A's entry with B's user's username, signing in with A's password: by its email, then by the shared username
        HttpResponse<String> byEmail = signIn("jdoe@" + domainA, "shadow-pass");
        assertThat(BrokerFlow.reachedApp(byEmail)).as("same username: %s", byEmail.body()).isFalse();
        // Keycloak's LDAP import refuses the clash at the identity-first step (its generic error page)
        assertThat(loginError(byEmail)).isNotBlank();
        HttpResponse<String> byUsername = signIn("jdoe-" + id, "shadow-pass");
        assertThat(BrokerFlow.reachedApp(byUsername)).isFalse();
        assertThat(loginError(byUsername)).isIn(INVALID_CREDENTIALS);

        assertStillBsUser(jdoe);
    }

    @Test
    void customerALdapCannotTakeOverAUserOfCustomerBThroughItsEntryUuid() {
        JsonNode jdoe = signInJdoeOfB();

        // A's entry carrying B's user's entryUUID: Keycloak would re-import it onto B's user, then check A's password
        HttpResponse<String> sameUuid = signIn("takeover@" + domainA, "takeover-pass");
        assertThat(BrokerFlow.reachedApp(sameUuid)).as("same entryUUID signed in: %s", sameUuid.statusCode()).isFalse();
        assertThat(loginError(sameUuid)).isNotBlank();

        assertStillBsUser(jdoe);
        assertThat(admin.getJson("realms/flatchr/users?email=" + enc("takeover@" + domainA) + "&exact=true")).isEmpty();
    }

    private JsonNode signInJdoeOfB() {
        HttpResponse<String> first = signIn("jdoe@" + domainB, "jdoe-b-pass");
        assertThat(BrokerFlow.reachedApp(first)).as("%s %s", first.statusCode(), first.body()).isTrue();
        JsonNode jdoe = user("jdoe-" + id);
        assertThat(jdoe.path("federationLink").asText()).isEqualTo(componentId(slugB));
        return jdoe;
    }

    private void assertStillBsUser(JsonNode before) {
        JsonNode after = admin.getJson("realms/flatchr/users/" + before.path("id").asText());
        assertThat(after.path("username").asText()).isEqualTo("jdoe-" + id);
        assertThat(after.path("email").asText()).isEqualTo("jdoe@" + domainB);
        assertThat(after.path("federationLink").asText()).as("still B's user").isEqualTo(componentId(slugB));
        HttpResponse<String> again = signIn("jdoe@" + domainB, "jdoe-b-pass");
        assertThat(BrokerFlow.reachedApp(again)).as("B's user still signs in: %s", again.body()).isTrue();
        JsonNode idToken = idTokenFor(again);
        assertThat(idToken.path("sub").asText()).isEqualTo(before.path("id").asText());
        assertThat(idToken.path("email").asText()).isEqualTo("jdoe@" + domainB);
    }

    /** The flatchr login as a browser does it: identity-first email step, then the password form. */
    private HttpResponse<String> signIn(String typed, String password) {
        Browser browser = new Browser();
        URI authorize = URI.create(BrokerFlow.authorizeFlatchrApp(server.baseUri()) + "&ui_locales=en");
        HttpResponse<String> emailPage = BrokerFlow.walk(browser, browser.get(authorize));
        HttpResponse<String> passwordPage = BrokerFlow.walk(browser, BrokerFlow.submitEmail(browser, emailPage, typed));
        assertThat(passwordPage.uri().getPath()).as("stays on flatchr (no customer IdP for an LDAP customer)").startsWith("/realms/flatchr/");
        if (!BrokerFlow.asksForPassword(passwordPage)) {
            // refused at the identity-first step (Keycloak looks the user up there)
            return passwordPage;
        }
        return BrokerFlow.walk(browser, BrokerFlow.submitPassword(browser, passwordPage, typed, password));
    }

    private JsonNode idTokenFor(HttpResponse<String> callback) {
        String code = Browser.queryParameters(Browser.location(callback)).get("code");
        HttpResponse<String> token = new Browser().postForm(server.realmUri("flatchr").resolve("/realms/flatchr/protocol/openid-connect/token"),
                Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", BrokerFlow.APP_CALLBACK,
                        "client_id", "flatchr-app", "client_secret", CLIENT_SECRET));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String idToken = AdminApi.read(token.body()).path("id_token").asText();
        return AdminApi.read(new String(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static String loginError(HttpResponse<String> page) {
        var document = Jsoup.parse(page.body());
        var error = document.selectFirst("#input-error, #kc-error-message, .kc-feedback-text, .alert-error, [class*=alert]");
        return error == null ? "(no error on " + page.statusCode() + " page: " + document.text() + ")" : error.text().trim();
    }

    private JsonNode user(String username) {
        JsonNode found = admin.getJson("realms/flatchr/users?username=" + enc(username) + "&exact=true");
        assertThat(found).as("user " + username).hasSize(1);
        return found.get(0);
    }

    private String componentId(String slug) {
        for (JsonNode component : admin.getJson("realms/flatchr/components?type=org.keycloak.storage.UserStorageProvider")) {
            if (slug.equals(component.path("name").asText())) {
                return component.path("id").asText();
            }
        }
        throw new AssertionError("no LDAP component named " + slug);
    }

    private Map<String, Object> ldapCustomer(String slug, String domain, LocalSlapd.Directory directory) {
        return customer(slug, "ldap", List.of(domain), Map.of("connectionUrl", slapd.url(), "usersDn", "ou=people," + directory.suffix(),
                "bindDn", directory.rootDn(), "bindCredential", directory.rootPassword()));
    }

    private static String base(LocalSlapd.Directory directory, String name) {
        String dc = directory.suffix().substring(3, directory.suffix().indexOf(','));
        return "dn: " + directory.suffix() + "\nobjectClass: dcObject\nobjectClass: organization\no: Customer " + name + "\ndc: " + dc + "\n\n"
                + "dn: ou=people," + directory.suffix() + "\nobjectClass: organizationalUnit\nou: people\n\n";
    }

    private static String person(LocalSlapd.Directory directory, String uid, String givenName, String sn, String password,
                                 List<String> mails, String entryUuid) {
        StringBuilder ldif = new StringBuilder("dn: uid=" + uid + ",ou=people," + directory.suffix() + "\n"
                + "objectClass: inetOrgPerson\nuid: " + uid + "\ncn: " + givenName + " " + sn + "\ngivenName: " + givenName + "\nsn: " + sn
                + "\nuserPassword: " + password + "\n");
        mails.forEach(mail -> ldif.append("mail: ").append(mail).append('\n'));
        if (entryUuid != null) {
            ldif.append("entryUUID: ").append(entryUuid).append('\n');
        }
        return ldif.append('\n').toString();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
