package dev.ssobundle.brokers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.UserModelDelegate;
import org.keycloak.storage.ldap.LDAPStorageProvider;
import org.keycloak.storage.ldap.idm.model.LDAPObject;
import org.keycloak.storage.ldap.idm.query.Condition;
import org.keycloak.storage.ldap.idm.query.internal.EqualCondition;
import org.keycloak.storage.ldap.idm.query.internal.LDAPQuery;
import org.keycloak.storage.ldap.idm.query.internal.LDAPQueryConditionsBuilder;
import org.keycloak.storage.ldap.mappers.AbstractLDAPStorageMapper;

/**
 * Keeps an LDAP customer's federation to the customer's own mails: the email of an imported user
 * is a {@code mail} value in the customer's domains, never another one the entry also carries
 * (Keycloak's email mapper takes the first value, and the federation trusts emails); a lookup by
 * an email outside the customer's domains finds nothing in this directory; and an entry never
 * takes over a user that belongs to another federation (same entryUUID).
 *
 * <p>Keycloak runs this mapper's import before its attribute mappers, so the entry it hands them
 * carries only the customer's own mails.
 */
final class CustomerLdapMailMapper extends AbstractLDAPStorageMapper {

    private static final Logger LOG = Logger.getLogger(CustomerLdapMailMapper.class);
    static final String MAIL = "mail";
    /** Matches no entry: the condition a lookup of a foreign email gets. */
    private static final String NO_ENTRY = "(!(objectClass=*))";

    private final Set<String> domains;

    CustomerLdapMailMapper(ComponentModel mapperModel, LDAPStorageProvider ldapProvider, Set<String> domains) {
        super(mapperModel, ldapProvider);
        this.domains = domains;
    }

    /** The entry's first mail in one of the customer's domains. */
    Optional<String> ownMail(LDAPObject ldapUser) {
        Collection<String> mails = ldapUser.getAttributeAsSet(MAIL);
        return mails == null ? Optional.empty() : mails.stream().filter(this::isOwn).findFirst();
    }

    boolean isOwn(String email) {
        return CustomerDomainGuardMapper.domainOf(email).map(domains::contains).orElse(false);
    }

    /** Drops from the entry (in memory: the federation is read-only) every mail outside the customer's domains. */
    void keepOwnMails(LDAPObject ldapUser) {
        Collection<String> mails = ldapUser.getAttributeAsSet(MAIL);
        if (mails != null) {
            ldapUser.setAttribute(MAIL, mails.stream().filter(this::isOwn).collect(Collectors.toCollection(LinkedHashSet::new)));
        }
    }

    @Override
    public void onImportUserFromLDAP(LDAPObject ldapUser, UserModel user, RealmModel realm, boolean isCreate) {
        String federation = ldapProvider.getModel().getId();
        if (user.getFederationLink() != null && !user.getFederationLink().equals(federation)) {
            // Keycloak re-imports onto a local user carrying the same entryUUID, whoever's it is: not across customers
            LOG.warnf("Realm %s: LDAP entry %s of customer %s carries the entryUUID of user %s of another federation; not imported",
                    realm.getName(), ldapUser.getDn(), ldapProvider.getModel().getName(), user.getUsername());
            throw new ModelDuplicateException("LDAP entry " + ldapUser.getDn() + " of customer " + ldapProvider.getModel().getName()
                    + " matches a user of another federation", UserModel.USERNAME);
        }
        keepOwnMails(ldapUser);
        user.setEmail(ownMail(ldapUser).orElse(null));
    }

    @Override
    public void onRegisterUserToLDAP(LDAPObject ldapUser, UserModel localUser, RealmModel realm) {
        // the customer federations are read-only: Keycloak never writes to a customer's directory
    }

    @Override
    public Set<String> getUserAttributes() {
        return Set.of(UserModel.EMAIL);
    }

    /** Reads return the customer's own mail from the directory (entries change; users imported before keep the right email). */
    @Override
    public UserModel proxy(LDAPObject ldapUser, UserModel delegate, RealmModel realm) {
        String email = ownMail(ldapUser).orElse(null);
        return new UserModelDelegate(delegate) {
            @Override
            public String getEmail() {
                return email;
            }

            @Override
            public String getFirstAttribute(String name) {
                return UserModel.EMAIL.equals(name) ? email : super.getFirstAttribute(name);
            }

            @Override
            public Stream<String> getAttributeStream(String name) {
                return UserModel.EMAIL.equals(name) ? Stream.ofNullable(email) : super.getAttributeStream(name);
            }

            @Override
            public Map<String, List<String>> getAttributes() {
                Map<String, List<String>> attributes = new LinkedHashMap<>(super.getAttributes());
                if (email == null) {
                    attributes.remove(UserModel.EMAIL);
                } else {
                    attributes.put(UserModel.EMAIL, List.of(email));
                }
                return attributes;
            }
        };
    }

    @Override
    public void beforeLDAPQuery(LDAPQuery query) {
        query.addReturningLdapAttribute(MAIL);
        query.addReturningReadOnlyLdapAttribute(MAIL);
        List<Condition> foreign = new ArrayList<>();
        for (Condition condition : query.getConditions()) {
            // "mail" too: a federation that still carries Keycloak's email mapper has renamed the parameter already
            boolean onEmail = UserModel.EMAIL.equalsIgnoreCase(condition.getParameterName()) || MAIL.equalsIgnoreCase(condition.getParameterName());
            if (onEmail && condition instanceof EqualCondition equal && !isOwn(String.valueOf(equal.getValue()))) {
                foreign.add(condition);
            }
            condition.updateParameterName(UserModel.EMAIL, MAIL);
        }
        if (!foreign.isEmpty()) {
            // a lookup by an email of another domain: this customer's directory does not answer for it
            query.addWhereCondition(new LDAPQueryConditionsBuilder().addCustomLDAPFilter(NO_ENTRY));
        }
    }
}
