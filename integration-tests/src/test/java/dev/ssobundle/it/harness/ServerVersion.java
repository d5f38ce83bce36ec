package dev.ssobundle.it.harness;

/**
 * The Keycloak version the run is testing ({@code -Dkeycloak.dist.version}, default the pinned
 * {@code keycloak.version} the bundle is compiled against), for the few tests whose set-up depends
 * on the line (e.g. a preview feature that older lines do not have).
 */
public final class ServerVersion {

    private ServerVersion() {
    }

    /** e.g. {@code 26.4.7}. */
    public static String underTest() {
        String dist = System.getProperty("keycloak.dist.version");
        return dist == null || dist.isBlank() ? DistributionKeycloak.required("keycloak.version") : dist;
    }

    /** True when the server under test is {@code major.minor} or a later line. */
    public static boolean atLeast(int major, int minor) {
        String[] parts = underTest().split("[.-]");
        int actualMajor = Integer.parseInt(parts[0]);
        int actualMinor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return actualMajor > major || actualMajor == major && actualMinor >= minor;
    }

    /** Keycloak's preview SCIM API ({@code scim-api}) exists from 26.6 on. */
    public static boolean hasPreviewScim() {
        return atLeast(26, 6);
    }
}
