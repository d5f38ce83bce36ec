package dev.ssobundle.it.theme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssobundle.it.harness.AdminApi;
import java.net.http.HttpResponse;

/** Throw-away realms that exercise theme features the shipped realms may not have configured. */
final class ThemeRealms {

    /** Organizations on, one organization: the browser flow starts with identity-first. */
    static final String ORGS_REALM = "theme-orgs";
    /** Seven identity providers, one marked primary (kcTheme-primary=true). */
    static final String METHODS_REALM = "theme-methods";

    private final AdminApi admin;

    ThemeRealms(AdminApi admin) {
        this.admin = admin;
    }

    void create() {
        delete();
        post("realms", realm(ORGS_REALM, ", \"organizationsEnabled\": true"));
        post("realms/" + ORGS_REALM + "/organizations",
                "{\"name\":\"Acme\",\"alias\":\"acme\",\"domains\":[{\"name\":\"acme.test\"}]}");

        post("realms", realm(METHODS_REALM, ""));
        post("realms/" + METHODS_REALM + "/identity-provider/instances", idp("corporate-sso", "Corporate SSO", "oidc", true));
        post("realms/" + METHODS_REALM + "/identity-provider/instances", idp("google", "Google", "google", false));
        post("realms/" + METHODS_REALM + "/identity-provider/instances", idp("microsoft", "Microsoft", "microsoft", false));
        post("realms/" + METHODS_REALM + "/identity-provider/instances", idp("adfs", "Company ADFS", "saml", false));
        post("realms/" + METHODS_REALM + "/identity-provider/instances", idp("partner", "Partner OIDC", "oidc", false));
        post("realms/" + METHODS_REALM + "/identity-provider/instances", idp("github", "GitHub", "github", false));
        post("realms/" + METHODS_REALM + "/identity-provider/instances", idp("gitlab", "GitLab", "gitlab", false));
    }

    void delete() {
        for (String realm : new String[] {ORGS_REALM, METHODS_REALM}) {
            admin.delete("realms/" + realm);
        }
    }

    private static String realm(String name, String extra) {
        return "{\"realm\":\"" + name + "\",\"enabled\":true,\"loginTheme\":\"sso-bundle\",\"internationalizationEnabled\":true,"
                + "\"supportedLocales\":[\"en\",\"fr\",\"ru\"],\"defaultLocale\":\"en\"" + extra + "}";
    }

    private static String idp(String alias, String displayName, String providerId, boolean primary) {
        String config = providerId.equals("oidc")
                ? "\"authorizationUrl\":\"http://127.0.0.1:9/auth\",\"tokenUrl\":\"http://127.0.0.1:9/token\",\"clientId\":\"x\",\"clientSecret\":\"x\","
                : providerId.equals("saml")
                ? "\"singleSignOnServiceUrl\":\"http://127.0.0.1:9/saml\",\"entityId\":\"urn:test\","
                : "\"clientId\":\"x\",\"clientSecret\":\"x\",";
        return "{\"alias\":\"" + alias + "\",\"displayName\":\"" + displayName + "\",\"providerId\":\"" + providerId + "\",\"enabled\":true,"
                + "\"config\":{" + config + "\"kcTheme-primary\":\"" + primary + "\"}}";
    }

    private void post(String path, String json) {
        HttpResponse<String> response = admin.post(path, json);
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isIn(201, 204);
    }
}
