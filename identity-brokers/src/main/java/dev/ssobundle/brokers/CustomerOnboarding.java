package dev.ssobundle.brokers;

import dev.ssobundle.compat.BundleSetting;
import dev.ssobundle.compat.BundleSettings;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelException;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * Turns a customer into Keycloak built-ins: an Organization (alias = slug, the customer's email
 * domains) and what the customer's protocol needs (an identity provider linked to it with
 * "redirect when the email domain matches", or an LDAP federation), built by the protocol's
 * {@link CustomerProtocolStrategy}. This class orchestrates: request validation, conflicts,
 * organization and domains, one transaction, the organization's audit.
 *
 * <p>Everything is checked (input, conflicts, the customer's metadata) before the first write;
 * if a write still fails, the request's Keycloak transaction is marked rollback-only so nothing
 * is left half-created.
 */
final class CustomerOnboarding {

    private static final Logger LOG = Logger.getLogger(CustomerOnboarding.class);

    /** The organization attribute that makes an organization a customer, and says how its users sign in. */
    static final BundleSetting PROTOCOL = BundleSetting.named("ssoBundle.customers.protocol").formerly("customer.protocol");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationProvider organizations;
    private final CustomerContext context;
    private final Mirror mirror;

    /**
     * The customer's copy that other views keep (the admin console's Customers page), written in the
     * same transaction as the customer.
     */
    interface Mirror {
        Mirror NONE = new Mirror() {
            @Override
            public void upsert(CustomerRepresentation customer) {
            }

            @Override
            public void remove(String slug) {
            }
        };

        void upsert(CustomerRepresentation customer);

        void remove(String slug);
    }

    CustomerOnboarding(KeycloakSession session, RealmModel realm, BrokersKeycloakAdapter keycloak, CustomerAudit audit, Mirror mirror) {
        this.session = session;
        this.mirror = mirror;
        this.realm = realm;
        this.organizations = session.getProvider(OrganizationProvider.class);
        CustomerRealmSettings settings = new CustomerRealmSettings(realm);
        this.context = new CustomerContext(session, realm, organizations, keycloak,
                settings.publicBaseUri(requestBaseUri(session)), settings.allowInsecureMetadata(), audit);
    }

    /**
     * The request's base URI; null in a start-up job, outside any request: Keycloak's context then wraps
     * no request (26.4-26.7 fail in different ways when asked for its URI, hence the broad catch).
     */
    private static URI requestBaseUri(KeycloakSession session) {
        try {
            return session.getContext().getUri().getBaseUri();
        } catch (RuntimeException outsideAnyRequest) {
            return null;
        }
    }

    Stream<CustomerRepresentation> list() {
        requireOrganizations();
        return organizations.getAllStream().filter(CustomerOnboarding::isCustomer).map(this::toRepresentation);
    }

    Optional<CustomerRepresentation> get(String slug) {
        return find(slug).map(this::toRepresentation);
    }

    CustomerRepresentation create(CustomerRepresentation body) {
        requireOrganizations();
        CustomerRequest request = CustomerRequest.forCreate(body, context.allowInsecureMetadata());
        String slug = request.slug();
        if (session.identityProviders().getByAlias(slug) != null || organizations.getByAlias(slug) != null
                || LdapCustomerStrategy.federation(realm, slug).isPresent()) {
            throw CustomerInputException.conflict("a customer, organization or identity provider with slug '" + slug + "' already exists");
        }
        requireNameFree(request.displayName());
        requireDomainsFree(request.domains(), null);

        // everything that talks to the customer's systems runs before the first write
        CustomerProtocolStrategy strategy = CustomerProtocolStrategy.of(request.protocol());
        CustomerProtocolStrategy.PendingWrites writes = strategy.prepareCreate(context, request);

        return inTransaction(() -> {
            OrganizationModel organization = organizations.create(request.displayName(), slug);
            setDomainsAndState(organization, request);
            Map<String, List<String>> attributes = new HashMap<>();
            attributes.put(PROTOCOL.name(), List.of(request.protocol().wireName()));
            writes.write(organization, attributes);
            organization.setAttributes(attributes);
            LOG.infof("Realm %s: onboarded customer %s (%s, domains %s)", realm.getName(), slug, request.protocol().wireName(), request.domains());
            // the protocol is known here: the organization's attributes just written need not be read back
            CustomerRepresentation created = toRepresentation(organization, request.protocol());
            audit().organization(OperationType.CREATE, organization.getId(), created);
            writes.audit(OperationType.CREATE, created);
            mirror.upsert(created);
            return created;
        });
    }

    CustomerRepresentation update(String slug, CustomerRepresentation body) {
        OrganizationModel organization = find(slug).orElseThrow(() -> new CustomerInputException(
                Response.Status.NOT_FOUND, "no customer with slug '" + slug + "'"));
        CustomerProtocol protocol = protocolOf(organization);
        CustomerProtocolStrategy strategy = CustomerProtocolStrategy.of(protocol);
        CustomerRepresentation current = toRepresentation(organization, protocol);
        CustomerRequest request = CustomerRequest.forUpdate(current, strategy.hasStoredSecret(context, slug), body,
                context.allowInsecureMetadata());
        requireDomainsFree(request.domains(), organization);
        if (!request.displayName().equals(organization.getName())) {
            requireNameFree(request.displayName());
        }
        CustomerProtocolStrategy.PendingWrites writes = strategy.prepareUpdate(context, request);

        return inTransaction(() -> {
            organization.setName(request.displayName());
            setDomainsAndState(organization, request);
            writes.write(organization, new HashMap<>());
            CustomerRepresentation updated = toRepresentation(organization, protocol);
            audit().organization(OperationType.UPDATE, organization.getId(), updated);
            writes.audit(OperationType.UPDATE, updated);
            mirror.upsert(updated);
            return updated;
        });
    }

    boolean delete(String slug) {
        Optional<OrganizationModel> organization = find(slug);
        if (organization.isEmpty()) {
            return false;
        }
        CustomerProtocol protocol = protocolOf(organization.get());
        CustomerRepresentation removed = toRepresentation(organization.get(), protocol);
        String organizationId = organization.get().getId();
        return inTransaction(() -> {
            CustomerProtocolStrategy.of(protocol).remove(context, organization.get(), removed);
            organizations.remove(organization.get());
            mirror.remove(slug);
            audit().organization(OperationType.DELETE, organizationId, removed);
            LOG.infof("Realm %s: removed customer %s", realm.getName(), slug);
            return true;
        });
    }

    private Optional<OrganizationModel> find(String slug) {
        requireOrganizations();
        return Optional.ofNullable(slug == null ? null : organizations.getByAlias(slug)).filter(CustomerOnboarding::isCustomer);
    }

    private static void setDomainsAndState(OrganizationModel organization, CustomerRequest request) {
        organization.setDomains(request.domains().stream().map(d -> new OrganizationDomainModel(d, true)).collect(Collectors.toSet()));
        organization.setEnabled(request.enabled());
    }

    private void requireNameFree(String displayName) {
        if (organizations.getAllStream(displayName, true, 0, 1).anyMatch(o -> displayName.equals(o.getName()))) {
            throw CustomerInputException.conflict("an organization named '" + displayName + "' already exists");
        }
    }

    private void requireDomainsFree(List<String> domains, OrganizationModel self) {
        for (String domain : domains) {
            OrganizationModel owner = organizations.getByDomainName(domain);
            if (owner != null && (self == null || !owner.getId().equals(self.getId()))) {
                throw CustomerInputException.conflict("domain " + domain + " already belongs to another customer");
            }
        }
    }

    private CustomerRepresentation toRepresentation(OrganizationModel organization) {
        return toRepresentation(organization, protocolOf(organization));
    }

    private CustomerRepresentation toRepresentation(OrganizationModel organization, CustomerProtocol protocol) {
        CustomerRepresentation customer = new CustomerRepresentation();
        customer.slug = organization.getAlias();
        customer.displayName = organization.getName();
        customer.domains = organization.getDomains().map(OrganizationDomainModel::getName).sorted().toList();
        customer.protocol = protocol.wireName();
        customer.enabled = organization.isEnabled();
        CustomerProtocolStrategy.of(protocol).describe(context, customer.slug, customer);
        return customer;
    }

    private CustomerAudit audit() {
        return context.audit();
    }

    private <T> T inTransaction(Supplier<T> writes) {
        try {
            return writes.get();
        } catch (CustomerInputException e) {
            session.getTransactionManager().setRollbackOnly();
            throw e;
        } catch (ModelDuplicateException e) {
            session.getTransactionManager().setRollbackOnly();
            throw CustomerInputException.conflict(e.getMessage());
        } catch (ModelException | IllegalArgumentException e) {
            session.getTransactionManager().setRollbackOnly();
            throw CustomerInputException.badRequest(e.getMessage());
        } catch (RuntimeException e) {
            session.getTransactionManager().setRollbackOnly();
            throw e;
        }
    }

    private void requireOrganizations() {
        if (!realm.isOrganizationsEnabled()) {
            throw CustomerInputException.badRequest("Organizations are disabled in realm " + realm.getName()
                    + "; enable them (Realm settings > General > Organizations) to onboard customers");
        }
    }

    private static CustomerProtocol protocolOf(OrganizationModel organization) {
        return CustomerProtocol.fromWire(protocolAttribute(organization)).orElse(CustomerProtocol.SAML);
    }

    private static String protocolAttribute(OrganizationModel organization) {
        return BundleSettings.organization(organization.getAlias(), organization.getAttributes()).string(PROTOCOL);
    }

    private static boolean isCustomer(OrganizationModel organization) {
        return protocolAttribute(organization) != null;
    }
}
