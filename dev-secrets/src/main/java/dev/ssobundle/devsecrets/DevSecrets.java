package dev.ssobundle.devsecrets;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Environment;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Secrets that are public because this repository publishes them (realm-export defaults, docker/demo.env,
 * the README) must never protect a real deployment. When Keycloak runs in production mode
 * ({@code kc.sh start}), a feature whose secret is one of them refuses to serve (503 with
 * {@link Refusal#reason()}), and says so once at start-up with an ERROR naming realm, feature and
 * setting. {@code kc.sh start-dev} keeps the demo working. The one list every feature consults.
 */
public final class DevSecrets {

    private static final Logger LOG = Logger.getLogger(DevSecrets.class);

    /** Exact values published in realm-exports/*.json, docker/demo.env and the README. */
    static final Set<String> PUBLISHED = Set.of("scim-secret", "rocketchat-secret", "nextcloud-secret",
            "flatchr-app-secret", "placeholder-not-a-secret", "keycloak-dev-password");
    /** Shapes of placeholder values: {@code dev-only-mtls-proxy-secret}, {@code change-me-mtls-proxy-secret}, ... */
    static final List<String> PREFIXES = List.of("dev-only-", "change-me", "changeme");

    /** Why a feature does not serve. */
    public record Refusal(String realm, String feature, String setting) {

        public String reason() {
            return feature + " is turned off in realm " + realm + ": its " + setting + " is a published development value."
                    + " Set a secret of your own (e.g. openssl rand -hex 32).";
        }
    }

    private DevSecrets() {
    }

    /** A value this repository publishes, or shaped like its placeholders (case-insensitive). */
    public static boolean isPublished(String secret) {
        if (secret == null) {
            return false;
        }
        String value = secret.trim().toLowerCase(Locale.ROOT);
        return PUBLISHED.contains(value) || PREFIXES.stream().anyMatch(value::startsWith);
    }

    /** {@code kc.sh start} (production profile) rather than {@code start-dev}. */
    public static boolean productionMode() {
        return !Environment.isDevMode();
    }

    /** The refusal when Keycloak runs in production mode and the setting holds a published value. */
    public static Optional<Refusal> refusal(String realm, String feature, String setting, String secret) {
        return productionMode() && isPublished(secret) ? Optional.of(new Refusal(realm, feature, setting)) : Optional.empty();
    }

    /**
     * In production mode, once the realms are imported and migrated: one ERROR per published secret
     * that {@code refusals} finds in a realm, realm by realm in one transaction. A feature's factory
     * calls this from {@code postInit}.
     */
    public static void logAtStartUp(KeycloakSessionFactory factory, BiFunction<KeycloakSession, RealmModel, Stream<Refusal>> refusals) {
        if (!productionMode()) {
            return;
        }
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream().forEach(realm -> {
                    session.getContext().setRealm(realm);
                    refusals.apply(session, realm).forEach(DevSecrets::logAtStartUp);
                }));
            }
        });
    }

    /** The start-up line: one ERROR per refused setting. */
    public static void logAtStartUp(Refusal refusal) {
        LOG.errorf("Published development secret in production mode: realm %s, feature %s, setting %s. %s",
                refusal.realm(), refusal.feature(), refusal.setting(), "The feature answers 503 until the secret is changed.");
    }
}
