package dev.ssobundle.compat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The one way the bundle reads its settings from a Keycloak object: a typed view of a realm's or a
 * client's attributes, an identity provider's, an identity provider mapper's, a flow step's or a
 * component's configuration, or an organization's attributes. Every feature reads its settings through these views, by
 * {@link BundleSetting}.
 *
 * <p>A setting renamed into the {@code ssoBundle.} namespace is still read under its former name
 * for one release, when its own name is unset or blank; the first such read in the process logs
 * one warning naming the new name (one per former name, whatever the object or scope).
 */
public final class BundleSettings {

    private static final Logger LOG = Logger.getLogger(BundleSettings.class);
    private static final Set<String> WARNED_FORMER_NAMES = ConcurrentHashMap.newKeySet();
    /** Where the former-name warnings go; a test may listen. */
    static Consumer<String> warnings = LOG::warn;

    private final String scope;
    private final String owner;
    private final Function<String, List<String>> values;

    private BundleSettings(String scope, String owner, Function<String, List<String>> values) {
        this.scope = scope;
        this.owner = owner;
        this.values = values;
    }

    private static BundleSettings singleValued(String scope, String owner, Function<String, String> source) {
        return new BundleSettings(scope, owner, name -> {
            String value = source.apply(name);
            return value == null ? List.of() : List.of(value);
        });
    }

    private static BundleSettings multiValued(String scope, String owner, Map<String, List<String>> source) {
        Map<String, List<String>> attributes = source == null ? Map.of() : source;
        return new BundleSettings(scope, owner, name -> {
            List<String> list = attributes.get(name);
            return list == null ? List.of() : list;
        });
    }

    /** A realm's attributes, e.g. {@code BundleSettings.realm(realm.getName(), realm::getAttribute)}. */
    public static BundleSettings realm(String realmName, Function<String, String> attributes) {
        return singleValued("realm attribute", "realm " + realmName, attributes);
    }

    /** A client's attributes, e.g. {@code BundleSettings.client(client.getClientId(), client::getAttribute)}. */
    public static BundleSettings client(String clientId, Function<String, String> attributes) {
        return singleValued("client attribute", "client " + clientId, attributes);
    }

    /** An identity provider's configuration ({@code IdentityProviderModel.getConfig()}). */
    public static BundleSettings identityProvider(String alias, Map<String, String> config) {
        return singleValued("identity provider setting", "identity provider " + alias, config == null ? name -> null : config::get);
    }

    /** An identity provider mapper's configuration ({@code IdentityProviderMapperModel.getConfig()}). */
    public static BundleSettings identityProviderMapper(String name, Map<String, String> config) {
        return singleValued("identity provider mapper setting", "mapper " + name, config == null ? key -> null : config::get);
    }

    /** A flow step's configuration ({@code AuthenticatorConfigModel.getConfig()}). */
    public static BundleSettings flowStep(String alias, Map<String, String> config) {
        return singleValued("flow step setting", "flow step config " + alias, config == null ? name -> null : config::get);
    }

    /** A component's configuration ({@code ComponentModel.getConfig()}, e.g. an LDAP mapper): multivalued. */
    public static BundleSettings component(String name, Map<String, List<String>> config) {
        return multiValued("component setting", "component " + name, config);
    }

    /** An organization's attributes ({@code OrganizationModel.getAttributes()}): multivalued. */
    public static BundleSettings organization(String alias, Map<String, List<String>> attributes) {
        return multiValued("organization attribute", "organization " + alias, attributes);
    }

    /** Every value of the setting as stored (under its own name first, then its former one); empty when unset. */
    public List<String> values(BundleSetting setting) {
        List<String> value = values.apply(setting.name());
        if (isBlank(value) && setting.formerName() != null) {
            List<String> former = values.apply(setting.formerName());
            if (!isBlank(former)) {
                warnOnce(setting);
                return former;
            }
        }
        return value;
    }

    /** The setting's (first) value as stored, or null when unset. */
    public String string(BundleSetting setting) {
        List<String> value = values(setting);
        return value.isEmpty() ? null : value.get(0);
    }

    /** The setting's value, trimmed, or {@code defaultValue} when unset or blank. */
    public String string(BundleSetting setting, String defaultValue) {
        String value = string(setting);
        return isBlank(value) ? defaultValue : value.trim();
    }

    /** {@code true} only when the setting is {@code true} (any case). */
    public boolean flag(BundleSetting setting) {
        return Boolean.parseBoolean(string(setting, "false"));
    }

    /** A whole number, or {@code defaultValue} when unset; a value that is not a number is refused with the setting's name. */
    public int integer(BundleSetting setting, int defaultValue) {
        String value = string(setting, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(scope + " " + setting.name() + " of " + owner + " must be a whole number, got '" + value + "'");
        }
    }

    /** A list stored as {@code separator}-separated text; empty when unset. Items are trimmed, blanks dropped. */
    public List<String> list(BundleSetting setting, String separatorRegex) {
        String value = string(setting);
        if (isBlank(value)) {
            return List.of();
        }
        return Arrays.stream(value.split(separatorRegex)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private void warnOnce(BundleSetting setting) {
        if (WARNED_FORMER_NAMES.add(setting.formerName())) {
            warnings.accept("SSO bundle: " + scope + " '" + setting.formerName() + "' (" + owner + ") is read under its former name; "
                    + "rename it to '" + setting.name() + "': the former name is read for this release only");
        }
    }

    /** Forgets which former names were warned about (tests only). */
    static void forgetWarnings() {
        WARNED_FORMER_NAMES.clear();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static boolean isBlank(List<String> values) {
        return values.stream().allMatch(BundleSettings::isBlank);
    }
}
