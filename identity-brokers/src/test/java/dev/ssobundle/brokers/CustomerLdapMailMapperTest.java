package dev.ssobundle.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.storage.ldap.idm.model.LDAPObject;

class CustomerLdapMailMapperTest {

    private final CustomerLdapMailMapper mapper = new CustomerLdapMailMapper(new ComponentModel(), null, Set.of("acme.example", "mail.acme.example"));

    @Test
    void theEmailIsAMailOfTheCustomersDomainsNotTheFirstMailOfTheEntry() {
        assertThat(mapper.ownMail(entry("ceo@globex.example", "ceo@acme.example"))).contains("ceo@acme.example");
        assertThat(mapper.ownMail(entry("jane@Mail.Acme.Example"))).contains("jane@Mail.Acme.Example");
    }

    @Test
    void theEntryKeycloaksEmailMapperReadsCarriesOnlyTheCustomersMails() {
        LDAPObject entry = entry("ceo@globex.example", "ceo@acme.example", "boss@acme.example");
        mapper.keepOwnMails(entry);
        assertThat(entry.getAttributeAsString(CustomerLdapMailMapper.MAIL)).isEqualTo("ceo@acme.example");
        assertThat(entry.getAttributeAsSet("MAIL")).containsExactly("ceo@acme.example", "boss@acme.example");

        LDAPObject foreignOnly = entry("ceo@globex.example");
        mapper.keepOwnMails(foreignOnly);
        assertThat(foreignOnly.getAttributeAsString(CustomerLdapMailMapper.MAIL)).isNull();
    }

    @Test
    void anEntryWithoutAMailOfTheCustomersDomainsHasNoEmail() {
        assertThat(mapper.ownMail(entry("ceo@globex.example", "ceo@acme.example.evil"))).isEmpty();
        assertThat(mapper.ownMail(entry())).isEmpty();
    }

    @Test
    void onlyTheCustomersDomainsAreOwn() {
        assertThat(mapper.isOwn("x@acme.example")).isTrue();
        assertThat(mapper.isOwn("x@sub.acme.example")).as("subdomains are other domains").isFalse();
        assertThat(mapper.isOwn("acme.example")).isFalse();
        assertThat(mapper.isOwn(null)).isFalse();
    }

    private static LDAPObject entry(String... mails) {
        LDAPObject entry = new LDAPObject();
        if (mails.length > 0) {
            entry.setAttribute(CustomerLdapMailMapper.MAIL, new LinkedHashSet<>(List.of(mails)));
        }
        return entry;
    }
}
