package dev.ssobundle.it.harness;

import java.util.List;
import java.util.function.Predicate;

/**
 * The shared server's whole log, read when the run's last test is done and the server has stopped:
 * an ERROR line that no test provoked on purpose fails the run (start-up alone is judged earlier, by
 * BundleInstallationIT). Each allowed line names the tests that provoke it, so the list stays honest.
 */
final class ServerLogAudit {

    /** A kind of ERROR line a test causes on purpose, and which tests do. */
    record Provoked(String byTests, Predicate<String> line) {
    }

    static final List<Provoked> PROVOKED = List.of(
            new Provoked("customer and Entra ID broker tests sending forged or foreign upstream tokens (Keycloak's own broker logs them)",
                    l -> l.contains("[org.keycloak.broker.oidc.AbstractOAuth2IdentityProvider]")
                            && l.contains("Failed to make identity provider oauth callback")),
            new Provoked("ADFS/SAML customer tests posting a response with a bad signature (Keycloak's own SAML endpoint logs it)",
                    l -> l.contains("[org.keycloak.broker.saml.SAMLEndpoint]") && l.contains("validation failed")),
            new Provoked("AliasTrustIT.twoUsersSharingALegacySubjectGetNoTokenThroughTheAlias",
                    l -> l.contains("[dev.ssobundle.oidc.LegacySubject]") && l.contains("shares its legacy subject")),
            new Provoked("AliasTrustIT: a realm whose user profile lets users edit the legacy subject attribute",
                    l -> l.contains("[dev.ssobundle.oidc.OidcAliasRealmConfig]") && l.contains("lets users edit attribute")));

    private ServerLogAudit() {
    }

    /** The ERROR lines of {@code log} no test provoked on purpose. */
    static List<String> unexpectedErrors(String log) {
        return log.lines()
                .filter(l -> l.contains(" ERROR ") || l.startsWith("ERROR"))
                .filter(l -> PROVOKED.stream().noneMatch(provoked -> provoked.line().test(l)))
                .toList();
    }
}
