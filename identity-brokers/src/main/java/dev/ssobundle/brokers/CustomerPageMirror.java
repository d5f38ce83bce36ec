package dev.ssobundle.brokers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiPageProvider;

/**
 * The customer's row of the admin console's Customers page: one component of type
 * {@link UiPageProvider} (provider {@link CustomersPageProviderFactory#PROVIDER_ID}, parent the
 * realm) whose config is the customer as the onboarding API describes it, secrets left out. The
 * Organization and identity provider stay the truth; this copy only lets the console list them,
 * and is kept in step by {@link CustomerOnboarding} for customers changed through the REST API.
 */
final class CustomerPageMirror implements CustomerOnboarding.Mirror {

    /** Session attribute set while this class writes a mirror, so the page factory does not onboard it again. */
    private static final String WRITING = CustomerPageMirror.class.getName() + ".writing";

    /** Written back to the page: the customer's fields and what the customer's IT needs. */
    static final List<String> FIELDS = List.of("slug", "displayName", "domains", "protocol", "enabled", "metadataUrl", "tenantId",
            "authorityUrl", "discoveryUrl", "clientId", "connectionUrl", "usersDn", "bindDn", "redirectUri", "spEntityId",
            "spMetadataUrl", "warnings");

    private final KeycloakSession session;
    private final RealmModel realm;

    CustomerPageMirror(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * The page's rows of {@code realm}, or none when the page is not deployed (Keycloak without the
     * {@code declarative-ui} feature): a component of a type Keycloak does not know cannot be stored.
     */
    static CustomerOnboarding.Mirror of(KeycloakSession session, RealmModel realm) {
        boolean pageDeployed = session.getKeycloakSessionFactory()
                .getProviderFactory(UiPageProvider.class, CustomersPageProviderFactory.PROVIDER_ID) != null;
        return pageDeployed ? new CustomerPageMirror(session, realm) : CustomerOnboarding.Mirror.NONE;
    }

    /** Whether the component being written is a mirror written by this class (not an admin's edit on the page). */
    static boolean isMirrorWrite(KeycloakSession session) {
        return session.getAttribute(WRITING) != null;
    }

    @Override
    public void upsert(CustomerRepresentation customer) {
        Optional<ComponentModel> existing = find(customer.slug);
        ComponentModel mirror = existing.orElseGet(() -> {
            ComponentModel created = new ComponentModel();
            created.setId(rowId(realm, customer.slug));
            created.setParentId(realm.getId());
            created.setProviderType(UiPageProvider.class.getName());
            created.setProviderId(CustomersPageProviderFactory.PROVIDER_ID);
            return created;
        });
        mirror.setName(customer.slug);
        mirror.setConfig(toConfig(customer));
        writing(() -> existing.isPresent() ? update(mirror) : realm.addComponentModel(mirror));
    }

    /**
     * Writes the row of each customer that has none (customers onboarded before the page existed,
     * or imported with their realm): listed with what the customer's IT needs when the realm
     * configures its public base URL, otherwise that part is filled in at the row's next save.
     */
    void addMissingRows(Stream<CustomerRepresentation> customers) {
        customers.filter(customer -> find(customer.slug).isEmpty()).forEach(this::upsert);
    }

    /**
     * One id per realm and slug: nodes of a cluster that add the same missing row at the same start-up
     * collide on the primary key instead of listing the customer twice.
     */
    static String rowId(RealmModel realm, String slug) {
        return UUID.nameUUIDFromBytes(("ssoBundle.customers.page:" + realm.getId() + ":" + slug).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public void remove(String slug) {
        find(slug).ifPresent(mirror -> writing(() -> {
            realm.removeComponent(mirror);
            return null;
        }));
    }

    private ComponentModel update(ComponentModel mirror) {
        realm.updateComponent(mirror);
        return mirror;
    }

    Optional<ComponentModel> find(String slug) {
        return realm.getComponentsStream(realm.getId(), UiPageProvider.class.getName())
                .filter(c -> CustomersPageProviderFactory.PROVIDER_ID.equals(c.getProviderId()))
                .filter(c -> slug != null && slug.equals(c.get("slug")))
                .findFirst();
    }

    private <T> T writing(Supplier<T> write) {
        session.setAttribute(WRITING, Boolean.TRUE);
        try {
            return write.get();
        } finally {
            session.removeAttribute(WRITING);
        }
    }

    /** The page's config of {@code customer}: one value per field, the list fields one value per element; no secret. */
    static MultivaluedHashMap<String, String> toConfig(CustomerRepresentation customer) {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        put(config, "slug", customer.slug);
        put(config, "displayName", customer.displayName);
        if (customer.domains != null) {
            config.put("domains", new ArrayList<>(customer.domains));
        }
        put(config, "protocol", customer.protocol);
        put(config, "enabled", customer.enabled == null ? null : customer.enabled.toString());
        put(config, "metadataUrl", customer.metadataUrl);
        put(config, "tenantId", customer.tenantId);
        put(config, "authorityUrl", customer.authorityUrl);
        put(config, "discoveryUrl", customer.discoveryUrl);
        put(config, "clientId", customer.clientId);
        put(config, "connectionUrl", customer.connectionUrl);
        put(config, "usersDn", customer.usersDn);
        put(config, "bindDn", customer.bindDn);
        put(config, "redirectUri", customer.redirectUri);
        put(config, "spEntityId", customer.spEntityId);
        put(config, "spMetadataUrl", customer.spMetadataUrl);
        if (customer.warnings != null && !customer.warnings.isEmpty()) {
            config.putSingle("warnings", String.join("; ", customer.warnings)); // one read-only line on the page
        }
        return config;
    }

    /**
     * The customer an admin typed on the page, as the onboarding API's request body: blank is
     * absent, the masked secret placeholder is absent, output-only fields and the console's own
     * extras (its route parameters) are ignored.
     */
    static CustomerRepresentation fromConfig(MultivaluedHashMap<String, String> config) {
        CustomerRepresentation body = new CustomerRepresentation();
        body.slug = first(config, "slug");
        body.displayName = first(config, "displayName");
        List<String> domains = config.getOrDefault("domains", List.of()).stream()
                .filter(d -> d != null && !d.isBlank()).toList();
        body.domains = domains.isEmpty() ? null : domains;
        body.protocol = first(config, "protocol");
        String enabled = first(config, "enabled");
        body.enabled = enabled == null ? null : Boolean.valueOf(enabled);
        body.metadataUrl = first(config, "metadataUrl");
        body.tenantId = first(config, "tenantId");
        body.authorityUrl = first(config, "authorityUrl");
        body.discoveryUrl = first(config, "discoveryUrl");
        body.clientId = first(config, "clientId");
        body.clientSecret = secret(config, "clientSecret");
        body.connectionUrl = first(config, "connectionUrl");
        body.usersDn = first(config, "usersDn");
        body.bindDn = first(config, "bindDn");
        body.bindCredential = secret(config, "bindCredential");
        return body;
    }

    private static void put(MultivaluedHashMap<String, String> config, String key, String value) {
        if (value != null) {
            config.putSingle(key, value);
        }
    }

    private static String first(MultivaluedHashMap<String, String> config, String key) {
        String value = config.getFirst(key);
        return value == null || value.isBlank() ? null : value;
    }

    private static String secret(MultivaluedHashMap<String, String> config, String key) {
        String value = first(config, key);
        // the console sends the mask back when the field was not touched: that means "keep the stored one"
        return org.keycloak.representations.idm.ComponentRepresentation.SECRET_VALUE.equals(value) ? null : value;
    }
}
