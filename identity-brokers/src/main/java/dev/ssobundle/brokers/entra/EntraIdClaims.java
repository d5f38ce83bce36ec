package dev.ssobundle.brokers.entra;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.representations.JsonWebToken;

/** The Entra ID claims the provider relies on, read from a verified id_token. */
public record EntraIdClaims(String tenantId, String objectId, String email, boolean emailDomainVerified) {

    public static EntraIdClaims of(JsonWebToken token) {
        Map<String, Object> claims = token.getOtherClaims();
        return new EntraIdClaims(string(claims.get("tid")), string(claims.get("oid")), string(claims.get("email")),
                "true".equalsIgnoreCase(string(claims.get("xms_edov"))) || "1".equals(string(claims.get("xms_edov"))));
    }

    /** {@code <tid>.<oid>}: immutable and unique across tenants. */
    public String federatedUserId() {
        return tenantId.toLowerCase(Locale.ROOT) + "." + objectId.toLowerCase(Locale.ROOT);
    }

    /** The email when Entra vouches for its domain and the domain is one of the customer's; else null. */
    public String trustedEmail(List<String> customerDomains) {
        if (email == null || !emailDomainVerified) {
            return null;
        }
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1) {
            return null;
        }
        String domain = email.substring(at + 1).toLowerCase(Locale.ROOT);
        return customerDomains.contains(domain) ? email.toLowerCase(Locale.ROOT) : null;
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
