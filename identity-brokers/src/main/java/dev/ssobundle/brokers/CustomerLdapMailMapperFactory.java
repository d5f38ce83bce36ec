package dev.ssobundle.brokers;

import dev.ssobundle.compat.BundleSetting;
import dev.ssobundle.compat.BundleSettings;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.component.ComponentModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.storage.ldap.LDAPStorageProvider;
import org.keycloak.storage.ldap.mappers.AbstractLDAPStorageMapper;
import org.keycloak.storage.ldap.mappers.AbstractLDAPStorageMapperFactory;
import org.keycloak.storage.ldap.mappers.LDAPStorageMapper;

/** Creates {@link CustomerLdapMailMapper}: the customers API puts one on every LDAP customer's federation. */
public final class CustomerLdapMailMapperFactory extends AbstractLDAPStorageMapperFactory {

    public static final String PROVIDER_ID = "customer-ldap-mail-mapper";
    /** The customer's email domains (one value each); the customers API keeps them equal to the customer's domains. */
    static final BundleSetting DOMAINS = BundleSetting.named("ssoBundle.customers.domains").formerly("domains");

    /** The mapper of one customer's federation component. */
    static ComponentModel model(String federationId, List<String> domains) {
        ComponentModel model = new ComponentModel();
        model.setName("customer email (own domains only)");
        model.setParentId(federationId);
        model.setProviderId(PROVIDER_ID);
        model.setProviderType(LDAPStorageMapper.class.getName());
        model.getConfig().put(DOMAINS.name(), List.copyOf(domains));
        return model;
    }

    @Override
    protected AbstractLDAPStorageMapper createMapper(ComponentModel mapperModel, LDAPStorageProvider federationProvider) {
        List<String> configured = BundleSettings.component(mapperModel.getName(), mapperModel.getConfig()).values(DOMAINS);
        Set<String> domains = configured.stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return new CustomerLdapMailMapper(mapperModel, federationProvider, domains);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Keeps a customer's LDAP federation to the customer's mails (added by the customers API): only a mail in the customer's "
                + "domains becomes the email, lookups by another domain's email find nothing, and an entry never takes over another federation's user.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigProperty domains = new ProviderConfigProperty(DOMAINS.name(), "Customer domains",
                "The customer's email domains (kept equal to the customer's domains by the customers API)", ProviderConfigProperty.MULTIVALUED_STRING_TYPE, null);
        return List.of(domains);
    }
}
