package dev.ssobundle.compat;

import java.util.regex.Pattern;

/**
 * A setting the bundle reads from a Keycloak object: its name, always
 * {@code ssoBundle.<feature>.<setting>}, and the name it had before the namespace, if any, still
 * read for one release (see {@link BundleSettings}).
 */
public record BundleSetting(String name, String formerName) {

    private static final Pattern NAMESPACED = Pattern.compile("^ssoBundle\\.[a-z][A-Za-z0-9]*\\.[a-z][A-Za-z0-9.]*$");

    public BundleSetting {
        if (name == null || !NAMESPACED.matcher(name).matches()) {
            throw new IllegalArgumentException("a bundle setting is named ssoBundle.<feature>.<setting>, got " + name);
        }
    }

    public static BundleSetting named(String name) {
        return new BundleSetting(name, null);
    }

    /** The same setting, also read under {@code formerName} (with a warning) when its own name is unset. */
    public BundleSetting formerly(String formerName) {
        return new BundleSetting(name, formerName);
    }

    @Override
    public String toString() {
        return name;
    }
}
