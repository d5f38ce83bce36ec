package dev.ssobundle.compat;

import org.keycloak.common.Version;

/**
 * The Keycloak lines the bundle is tested on (the CI matrix runs every feature's integration tests on
 * the latest patch of each). The JAR is compiled against the newest line only; older lines differ in
 * internal classes, which each feature reaches through its own adapter bound at start-up.
 */
public final class SupportedKeycloak {

    public static final int MAJOR = 26;
    public static final int OLDEST_MINOR = 4;
    public static final int NEWEST_MINOR = 7;
    /** As shown to admins (server info, start-up errors, 503 bodies). */
    public static final String RANGE = MAJOR + "." + OLDEST_MINOR + ".x - " + MAJOR + "." + NEWEST_MINOR + ".x";

    private SupportedKeycloak() {
    }

    /** The running server's version, e.g. {@code 26.4.7}. */
    public static String runningVersion() {
        return Version.VERSION;
    }

    /** True for {@code 26.4.*} through {@code 26.7.*} (snapshots and vendor suffixes such as {@code 26.4.7-redhat-1} included). */
    public static boolean supports(String version) {
        if (version == null) {
            return false;
        }
        String[] parts = version.split("[.-]");
        if (parts.length < 2) {
            return false;
        }
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            return major == MAJOR && minor >= OLDEST_MINOR && minor <= NEWEST_MINOR;
        } catch (NumberFormatException notAVersion) {
            return false;
        }
    }
}
