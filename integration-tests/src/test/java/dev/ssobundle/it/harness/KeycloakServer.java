package dev.ssobundle.it.harness;

import java.net.URI;

/** The one Keycloak a test run talks to, however it was started. */
public interface KeycloakServer {

    /** Root URL, e.g. {@code http://127.0.0.1:41234}; realm URLs are {@code <base>/realms/<name>}. */
    URI baseUri();

    String adminUsername();

    String adminPassword();

    /** The server's log so far (empty where it is not readable, e.g. in a container). */
    default String log() {
        return "";
    }

    default URI realmUri(String realm) {
        return baseUri().resolve("/realms/" + realm);
    }
}
