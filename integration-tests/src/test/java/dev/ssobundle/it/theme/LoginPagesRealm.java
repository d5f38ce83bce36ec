package dev.ssobundle.it.theme;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakServer;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * A realm configured through the admin API so that every login page a user can meet is reachable
 * through real flows: registration, password reset, a username-first flow with OTP on one client,
 * required actions on users, and an upstream realm of the same server as an OIDC identity provider
 * (first-broker-login review, "account exists", link confirmation).
 */
final class LoginPagesRealm {

    static final String REALM = "theme-pages";
    static final String UPSTREAM = "theme-pages-upstream";
    static final String APP = "pages-app";
    static final String USERNAME_FIRST_APP = "pages-username-first";
    static final String CONSENT_APP = "pages-consent";
    static final String IDP = "partner";
    static final String USERNAME_FIRST_FLOW = "username-first-otp";

    private final AdminApi admin;
    private final KeycloakServer server;

    LoginPagesRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
    }

    void create(String redirect, int smtpPort) {
        delete();
        // Mail goes to a loopback SMTP sink: pages that send mail render their success state.
        post("realms", "{\"realm\":\"" + REALM + "\",\"enabled\":true,\"loginTheme\":\"sso-bundle\",\"internationalizationEnabled\":true,"
                + "\"supportedLocales\":[\"en\",\"fr\",\"ru\"],\"defaultLocale\":\"en\",\"registrationAllowed\":true,"
                + "\"resetPasswordAllowed\":true,\"rememberMe\":true,\"displayName\":\"Pages\","
                + "\"smtpServer\":{\"host\":\"127.0.0.1\",\"port\":\"" + smtpPort + "\",\"from\":\"noreply@example.com\"}}");
        post("realms/" + REALM + "/clients", client(APP, false, redirect));
        post("realms/" + REALM + "/clients", client(CONSENT_APP, true, redirect));
        post("realms/" + REALM + "/clients", client(USERNAME_FIRST_APP, false, redirect));
        usernameFirstFlowWithOtp();
        reviewProfileOnEveryFirstBrokerLogin();

        post("realms", "{\"realm\":\"" + UPSTREAM + "\",\"enabled\":true}");
        post("realms/" + UPSTREAM + "/clients", "{\"clientId\":\"pages-broker\",\"enabled\":true,\"publicClient\":false,\"secret\":\"broker-secret\","
                + "\"standardFlowEnabled\":true,\"redirectUris\":[\"" + server.realmUri(REALM) + "/broker/" + IDP + "/endpoint\"]}");
        String upstream = server.realmUri(UPSTREAM) + "/protocol/openid-connect";
        post("realms/" + REALM + "/identity-provider/instances", "{\"alias\":\"" + IDP + "\",\"displayName\":\"Partner SSO\","
                + "\"providerId\":\"oidc\",\"enabled\":true,\"trustEmail\":false,\"config\":{\"authorizationUrl\":\"" + upstream + "/auth\","
                + "\"tokenUrl\":\"" + upstream + "/token\",\"userInfoUrl\":\"" + upstream + "/userinfo\",\"clientId\":\"pages-broker\","
                + "\"clientSecret\":\"broker-secret\",\"clientAuthMethod\":\"client_secret_post\",\"defaultScope\":\"openid profile email\","
                + "\"syncMode\":\"IMPORT\",\"validateSignature\":\"false\",\"kcTheme-primary\":\"true\"}}");
    }

    void delete() {
        for (String realm : List.of(REALM, UPSTREAM)) {
            admin.delete("realms/" + realm);
        }
    }

    /** A user of the pages realm (or the upstream realm) with the given required actions. */
    String user(String realm, String username, String email, String firstName, String lastName, String password, String... requiredActions) {
        boolean verifyEmail = List.of(requiredActions).contains("VERIFY_EMAIL");
        ObjectNode user = AdminApi.JSON.createObjectNode().put("username", username).put("enabled", true).put("emailVerified", !verifyEmail);
        if (email != null) {
            user.put("email", email);
        }
        if (firstName != null) {
            user.put("firstName", firstName);
        }
        if (lastName != null) {
            user.put("lastName", lastName);
        }
        ArrayNode actions = user.putArray("requiredActions");
        for (String action : requiredActions) {
            actions.add(action);
        }
        user.putArray("credentials").addObject().put("type", "password").put("value", password).put("temporary", false);
        HttpResponse<String> response = post("realms/" + realm + "/users", user.toString());
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    void enableRequiredAction(String alias) {
        JsonNode action = admin.get("realms/" + REALM + "/authentication/required-actions/" + alias);
        ObjectNode enabled = ((ObjectNode) action).put("enabled", true);
        put("realms/" + REALM + "/authentication/required-actions/" + alias, enabled.toString());
    }

    /** username form, then password form, then OTP (required: a user without OTP is asked to set it up). */
    private void usernameFirstFlowWithOtp() {
        String flows = "realms/" + REALM + "/authentication/flows";
        post(flows, "{\"alias\":\"" + USERNAME_FIRST_FLOW + "\",\"providerId\":\"basic-flow\",\"topLevel\":true,\"builtIn\":false}");
        for (String provider : List.of("auth-username-form", "auth-password-form", "auth-otp-form")) {
            post(flows + "/" + USERNAME_FIRST_FLOW + "/executions/execution", "{\"provider\":\"" + provider + "\"}");
        }
        for (JsonNode execution : admin.get(flows + "/" + USERNAME_FIRST_FLOW + "/executions")) {
            ObjectNode required = ((ObjectNode) execution).put("requirement", "REQUIRED");
            put(flows + "/" + USERNAME_FIRST_FLOW + "/executions", required.toString());
        }
        JsonNode client = admin.get("realms/" + REALM + "/clients?clientId=" + USERNAME_FIRST_APP).get(0);
        String flowId = null;
        for (JsonNode flow : admin.get(flows)) {
            if (flow.get("alias").asText().equals(USERNAME_FIRST_FLOW)) {
                flowId = flow.get("id").asText();
            }
        }
        ObjectNode update = (ObjectNode) client;
        update.putObject("authenticationFlowBindingOverrides").put("browser", flowId);
        put("realms/" + REALM + "/clients/" + client.get("id").asText(), update.toString());
    }

    /** The built-in first broker login flow's "Review Profile" step, set to always show. */
    private void reviewProfileOnEveryFirstBrokerLogin() {
        String flow = "realms/" + REALM + "/authentication/flows/first%20broker%20login/executions";
        for (JsonNode execution : admin.get(flow)) {
            if ("idp-review-profile".equals(execution.path("providerId").asText())) {
                String configId = execution.path("authenticationConfig").asText();
                ObjectNode config = (ObjectNode) admin.get("realms/" + REALM + "/authentication/config/" + configId);
                ((ObjectNode) config.get("config")).put("update.profile.on.first.login", "on");
                put("realms/" + REALM + "/authentication/config/" + configId, config.toString());
                return;
            }
        }
        throw new IllegalStateException("no Review Profile step in the first broker login flow");
    }

    private static String client(String clientId, boolean consent, String redirect) {
        return "{\"clientId\":\"" + clientId + "\",\"enabled\":true,\"publicClient\":true,\"standardFlowEnabled\":true,"
                + "\"consentRequired\":" + consent + ",\"redirectUris\":[\"" + redirect + "\"],\"attributes\":{\"post.logout.redirect.uris\":\"+\"}}";
    }

    private HttpResponse<String> post(String path, String json) {
        HttpResponse<String> response = admin.post(path, json);
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isIn(201, 204);
        return response;
    }

    private void put(String path, String json) {
        HttpResponse<String> response = admin.put(path, json);
        assertThat(response.statusCode()).as("PUT %s: %s", path, response.body()).isIn(200, 204);
    }
}
