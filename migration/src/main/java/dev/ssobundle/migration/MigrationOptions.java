package dev.ssobundle.migration;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The command line of {@code scripts/migrate-encvoy.sh}. */
record MigrationOptions(
        String sourceUrl,
        String sourceUser,
        String sourcePassword,
        URI keycloakUrl,
        String realm,
        String adminUser,
        String adminPassword,
        String mtlsAlias,
        Map<String, String> idpAliases,
        boolean dryRun,
        Path report,
        DeletedUsers deletedUsers,
        int batchSize,
        int threads) {

    /**
     * Users per partial-import call. Keycloak flushes its whole persistence context several times per
     * user it imports, so a call's cost grows with the square of its size: 25 was the fastest measured
     * here (about 2.5x faster than 100).
     */
    static final int DEFAULT_BATCH_SIZE = 25;
    /** Partial-import calls in flight: Keycloak imports each call in one thread. */
    static final int DEFAULT_THREADS = 2;

    /** What happens to users Encvoy soft-deleted ({@code deleted} set). */
    enum DeletedUsers { SKIP, DISABLE }

    static final String USAGE = """
            Usage: scripts/migrate-encvoy.sh --source-url jdbc:postgresql://HOST:PORT/DB --source-user U --source-password P \\
                     --keycloak-url http://127.0.0.1:8080 --realm demo --admin-user admin --admin-password admin \\
                     [--mtls-alias mtls] [--idp-alias TYPE=alias ...] [--deleted skip|disable] [--batch-size 25] [--threads 2] \\
                     [--dry-run] [--report report.json]
            Moves users (passwords, TOTP/HOTP, certificate bindings, social links, per-client roles) and OIDC clients
            from an Encvoy ID PostgreSQL database into a Keycloak realm. Idempotent: run it again to resume or update.
            Exit 0 when every source row was migrated or reported with a reason, 1 when some failed, 2 on bad usage.""";

    /** @throws IllegalArgumentException with a message naming the flag */
    static MigrationOptions parse(List<String> args) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> idpAliases = new LinkedHashMap<>();
        boolean dryRun = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            switch (flag) {
                case "--dry-run" -> dryRun = true;
                case "--source-url", "--source-user", "--source-password", "--keycloak-url", "--realm", "--admin-user",
                        "--admin-password", "--mtls-alias", "--report", "--deleted", "--batch-size", "--threads" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(flag + " needs a value");
                    }
                    values.put(flag, args.get(++i));
                }
                case "--idp-alias" -> {
                    if (i + 1 >= args.size() || !args.get(i + 1).matches("[A-Za-z_]+=[A-Za-z0-9._-]+")) {
                        throw new IllegalArgumentException("--idp-alias needs TYPE=alias, e.g. GOOGLE=google");
                    }
                    String[] mapping = args.get(++i).split("=", 2);
                    idpAliases.put(mapping[0].toUpperCase(Locale.ROOT), mapping[1]);
                }
                default -> throw new IllegalArgumentException("unknown argument " + flag);
            }
        }
        for (String required : List.of("--source-url", "--source-user", "--source-password", "--keycloak-url", "--realm",
                "--admin-user", "--admin-password")) {
            if (!values.containsKey(required) || values.get(required).isEmpty()) {
                throw new IllegalArgumentException(required + " is required");
            }
        }
        if (!values.get("--source-url").startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("--source-url must be jdbc:postgresql://HOST:PORT/DB");
        }
        URI keycloak;
        try {
            keycloak = URI.create(values.get("--keycloak-url").replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--keycloak-url is not a URL: " + values.get("--keycloak-url"));
        }
        if (!"http".equals(keycloak.getScheme()) && !"https".equals(keycloak.getScheme()) || keycloak.getHost() == null) {
            throw new IllegalArgumentException("--keycloak-url must be http(s)://HOST[:PORT]");
        }
        DeletedUsers deleted = switch (values.getOrDefault("--deleted", "skip")) {
            case "skip" -> DeletedUsers.SKIP;
            case "disable" -> DeletedUsers.DISABLE;
            default -> throw new IllegalArgumentException("--deleted must be skip or disable");
        };
        int batchSize = number(values.get("--batch-size"), DEFAULT_BATCH_SIZE, 2000, "--batch-size");
        int threads = number(values.get("--threads"), DEFAULT_THREADS, 16, "--threads");
        if (values.containsKey("--mtls-alias") && !values.get("--mtls-alias").matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("--mtls-alias must be an identity provider alias");
        }
        return new MigrationOptions(values.get("--source-url"), values.get("--source-user"), values.get("--source-password"),
                keycloak, values.get("--realm"), values.get("--admin-user"), values.get("--admin-password"),
                values.get("--mtls-alias"), Map.copyOf(idpAliases), dryRun,
                values.containsKey("--report") ? Path.of(values.get("--report")) : null, deleted, batchSize, threads);
    }

    private static int number(String value, int byDefault, int max, String flag) {
        if (value == null) {
            return byDefault;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a number from 1 to " + max);
    }

    /** Identity provider alias for an Encvoy external-account type, or null when none is mapped. */
    String aliasFor(String encvoyType) {
        if ("MTLS".equals(encvoyType)) {
            return mtlsAlias;
        }
        return idpAliases.get(encvoyType);
    }
}
