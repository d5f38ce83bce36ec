package dev.ssobundle.brokers;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Input rules of the onboarding API; each method answers the first problem found, in words an admin understands. */
final class CustomerRules {

    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");
    private static final Pattern DOMAIN = Pattern.compile("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");

    private CustomerRules() {
    }

    static Optional<String> slugProblem(String slug) {
        if (slug == null || slug.isEmpty()) {
            return Optional.of("slug is required");
        }
        if (!DNS_LABEL.matcher(slug).matches()) {
            return Optional.of("slug '" + slug + "' must be a lowercase DNS label: 1 to 63 characters a-z, 0-9 and '-', not starting or ending with '-'");
        }
        return Optional.empty();
    }

    /** Lower-cased, de-duplicated domains, or the problem with them. */
    static List<String> normalizedDomains(List<String> domains) {
        if (domains == null || domains.isEmpty()) {
            throw new IllegalArgumentException("domains must list at least one email domain of the customer");
        }
        LinkedHashSet<String> result = new LinkedHashSet<>();
        for (String domain : domains) {
            String d = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
            if (!DOMAIN.matcher(d).matches()) {
                throw new IllegalArgumentException("'" + domain + "' is not an email domain (expected e.g. acme.com)");
            }
            result.add(d);
        }
        return new ArrayList<>(result);
    }

    /**
     * The problem with a metadata, discovery or JWKS URL: it must be {@code https}; plain
     * {@code http} only when {@code allowInsecure} (the realm attribute {@code ssoBundle.customers.allowInsecureMetadata}),
     * since whoever can change the document on the wire chooses the keys Keycloak trusts.
     */
    static Optional<String> metadataUrlProblem(String field, String value, boolean allowInsecure) {
        if (value == null || value.isBlank()) {
            return Optional.of(field + " is required");
        }
        try {
            URI uri = URI.create(value.trim());
            boolean https = "https".equalsIgnoreCase(uri.getScheme());
            boolean http = "http".equalsIgnoreCase(uri.getScheme());
            if (!(https || http) || uri.getHost() == null) {
                return Optional.of(field + " must be an https URL, got '" + value + "'");
            }
            if (http && !allowInsecure) {
                return Optional.of(field + " must be an https URL, got '" + value + "': keys and endpoints read over plain http can be "
                        + "replaced by anyone on the network (a test realm may allow http with the realm attribute "
                        + CustomerRealmSettings.ALLOW_INSECURE_METADATA + "=true)");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(field + " is not a URL: '" + value + "'");
        }
    }

    /** True for a plain-http URL (accepted only in realms that allow insecure metadata; the customer then carries a warning). */
    static boolean isPlainHttp(String value) {
        return value != null && value.trim().toLowerCase(Locale.ROOT).startsWith("http://");
    }

    /**
     * LDAP filter matching entries whose {@code mail} is in one of the (already normalized, hence
     * filter-safe: a-z, 0-9, '.', '-') domains.
     */
    static String ldapMailDomainFilter(List<String> domains) {
        StringBuilder filter = new StringBuilder("(|");
        for (String domain : domains) {
            if (!DOMAIN.matcher(domain).matches()) {
                throw new IllegalArgumentException("'" + domain + "' is not a normalized email domain");
            }
            filter.append("(mail=*@").append(domain).append(')');
        }
        return filter.append(')').toString();
    }

    static Optional<String> ldapUrlProblem(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of("connectionUrl is required");
        }
        String lower = value.trim().toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("ldap://") || lower.startsWith("ldaps://"))) {
            return Optional.of("connectionUrl must start with ldap:// or ldaps://, got '" + value + "'");
        }
        return Optional.empty();
    }
}
