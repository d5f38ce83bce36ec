package dev.ssobundle.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The form of an admin console page of Keycloak's declarative UI: one field per config key of the page's
 * rows, in the order given. Fields the server fills in are read-only; that flag is set on the property
 * because the configuration builder's {@code readOnly()} is newer than Keycloak 26.4.
 */
public final class PageForm {

    /** Something more about one field than its name, label, type and help. */
    public interface Option extends Consumer<ProviderConfigProperty> {
    }

    private final List<ProviderConfigProperty> fields = new ArrayList<>();

    private PageForm() {
    }

    public static PageForm create() {
        return new PageForm();
    }

    /** A field the admin fills in; {@code type} is one of {@link ProviderConfigProperty}'s types. */
    public PageForm field(String name, String label, String type, String help, Option... options) {
        ProviderConfigProperty field = new ProviderConfigProperty();
        field.setName(name);
        field.setLabel(label);
        field.setType(type);
        field.setHelpText(help);
        for (Option option : options) {
            option.accept(field);
        }
        fields.add(field);
        return this;
    }

    /** A text field the server fills in when a row is saved, shown read-only. */
    public PageForm serverSet(String name, String label, String help, Option... options) {
        field(name, label, ProviderConfigProperty.STRING_TYPE, help, options);
        fields.get(fields.size() - 1).setReadOnly(true);
        return this;
    }

    public List<ProviderConfigProperty> fields() {
        return new ArrayList<>(fields); // a copy Keycloak may extend, as with the builder's list
    }

    public static Option required() {
        return field -> field.setRequired(true);
    }

    /** Write-only: the console masks it and Keycloak's component API does not return it. */
    public static Option secret() {
        return field -> field.setSecret(true);
    }

    public static Option defaultValue(Object value) {
        return field -> field.setDefaultValue(value);
    }

    public static Option choices(String... values) {
        return field -> field.setOptions(List.of(values));
    }
}
