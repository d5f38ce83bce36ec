package dev.ssobundle.compat;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * An admin console page of Keycloak's declarative UI (feature {@code declarative-ui}), as the bundle's
 * pages are written: the page is described once ({@link Page}: id, help, list columns, form), and
 * Keycloak's check before it stores a row is split into a new row ({@link #created}) and a row saved
 * again ({@link #saved}), both skipped while the bundle writes a row itself ({@link #ownWrite}).
 * A row is a realm component; Keycloak's component endpoint requires manage-realm for it.
 *
 * @param <T> what the component factory creates (unused by the pages: the console only lists and edits rows)
 */
public abstract class AdminConsolePage<T> implements UiPageProviderFactory<T> {

    /**
     * The page as the console shows it: {@code id} is its menu entry and URL ({@code #/<realm>/page-section/<id>}),
     * {@code listColumns} the config keys its list shows, {@code form} builds its form (server info asks on every request).
     */
    public record Page(String id, String helpText, List<String> listColumns, Supplier<PageForm> form) {
    }

    private final Page page;

    protected AdminConsolePage(Page page) {
        this.page = page;
    }

    public final Page page() {
        return page;
    }

    /** True while the bundle itself writes or removes a row (a mirror, a start-up job): the page's rules do not apply. */
    protected abstract boolean ownWrite(KeycloakSession session);

    /** A row without a stored counterpart: refuse it with a {@link ComponentValidationException}, or complete its config. */
    protected abstract void created(KeycloakSession session, RealmModel realm, ComponentModel row);

    /** A stored row saved again: {@code row} is what the admin sent, {@code stored} what it replaces. */
    protected abstract void saved(KeycloakSession session, RealmModel realm, ComponentModel stored, ComponentModel row);

    @Override
    public final void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel row) throws ComponentValidationException {
        if (ownWrite(session)) {
            return;
        }
        ComponentModel stored = row.getId() == null ? null : realm.getComponent(row.getId());
        if (stored == null) {
            created(session, realm, row);
        } else {
            saved(session, realm, stored, row);
        }
    }

    @Override
    public final String getId() {
        return page.id();
    }

    @Override
    public final String getHelpText() {
        return page.helpText();
    }

    @Override
    public final List<ProviderConfigProperty> getConfigProperties() {
        return page.form().get().fields();
    }

    @Override
    public final Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", page.listColumns());
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
