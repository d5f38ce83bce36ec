package dev.ssobundle.brokers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each bad field of a customer request is refused with its own 400 message, before anything reads the network or Keycloak. */
class CustomerRequestTest {

    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private static CustomerRepresentation customer(String protocol, Consumer<CustomerRepresentation> fields) {
        CustomerRepresentation body = new CustomerRepresentation();
        body.slug = "acme";
        body.protocol = protocol;
        body.domains = List.of("acme.com");
        fields.accept(body);
        return body;
    }

    private static CustomerRepresentation saml(Consumer<CustomerRepresentation> change) {
        return customer("adfs", c -> {
            c.metadataUrl = "https://adfs.acme.com/FederationMetadata/2007-06/FederationMetadata.xml";
            change.accept(c);
        });
    }

    private static CustomerRepresentation entra(Consumer<CustomerRepresentation> change) {
        return customer("entra", c -> {
            c.tenantId = TENANT;
            c.clientId = "app";
            c.clientSecret = "s3cret";
            change.accept(c);
        });
    }

    private static CustomerRepresentation oidc(String protocol, Consumer<CustomerRepresentation> change) {
        return customer(protocol, c -> {
            c.discoveryUrl = "https://idp.acme.com/.well-known/openid-configuration";
            c.clientId = "app";
            c.clientSecret = "s3cret";
            change.accept(c);
        });
    }

    private static CustomerRepresentation ldap(Consumer<CustomerRepresentation> change) {
        return customer("ldap", c -> {
            c.connectionUrl = "ldaps://ldap.acme.com";
            c.usersDn = "ou=people,dc=acme,dc=com";
            change.accept(c);
        });
    }

    private static void refused(CustomerRepresentation body, String message) {
        assertThatThrownBy(() -> CustomerRequest.forCreate(body, false))
                .isInstanceOfSatisfying(CustomerInputException.class, e -> assertThat(e.status()).isEqualTo(Response.Status.BAD_REQUEST))
                .hasMessageContaining(message);
    }

    @Nested
    class CommonFields {
        @Test
        void bodyIsRequired() {
            refused(null, "a JSON body is required");
        }

        @Test
        void slugMustBeADnsLabel() {
            refused(saml(c -> c.slug = null), "slug is required");
            refused(saml(c -> c.slug = "Acme_Corp"), "slug 'Acme_Corp' must be a lowercase DNS label");
        }

        @Test
        void protocolMustBeKnown() {
            refused(saml(c -> c.protocol = null), "protocol must be one of adfs, saml, entra, oidc, google, ldap");
            refused(saml(c -> c.protocol = "kerberos"), "got 'kerberos'");
        }

        @Test
        void domainsMustBeEmailDomains() {
            refused(saml(c -> c.domains = null), "domains must list at least one email domain");
            refused(saml(c -> c.domains = List.of("acme.com", "not a domain")), "'not a domain' is not an email domain");
        }

        @Test
        void resolvesDisplayNameEnabledAndTrims() {
            CustomerRequest request = CustomerRequest.forCreate(saml(c -> {
                c.domains = List.of("ACME.com", "acme.com");
                c.metadataUrl = "  https://adfs.acme.com/md.xml ";
            }), false);
            assertThat(request.displayName()).isEqualTo("acme");
            assertThat(request.enabled()).isTrue();
            assertThat(request.domains()).containsExactly("acme.com");
            assertThat(request.metadataUrl()).isEqualTo("https://adfs.acme.com/md.xml");
            assertThat(request.protocol()).isEqualTo(CustomerProtocol.ADFS);
        }
    }

    @Nested
    class Saml {
        @Test
        void metadataUrlIsRequiredAndHttps() {
            refused(saml(c -> c.metadataUrl = " "), "metadataUrl is required");
            refused(saml(c -> c.metadataUrl = "http://adfs.acme.com/md.xml"), "metadataUrl must be an https URL");
            refused(customer("saml", c -> c.metadataUrl = "ftp://adfs.acme.com/md.xml"), "metadataUrl must be an https URL, got 'ftp://");
        }

        @Test
        void plainHttpOnlyWhereTheRealmAllowsIt() {
            assertThat(CustomerRequest.forCreate(saml(c -> c.metadataUrl = "http://127.0.0.1:8081/md.xml"), true).metadataUrl())
                    .isEqualTo("http://127.0.0.1:8081/md.xml");
        }
    }

    @Nested
    class EntraId {
        @Test
        void tenantMustBeAGuid() {
            refused(entra(c -> c.tenantId = null), "tenantId must be the customer's directory (tenant) id, a GUID");
            refused(entra(c -> c.tenantId = "common"), "'common', 'organizations' and 'consumers' are refused");
        }

        @Test
        void authorityMustBeHttps() {
            refused(entra(c -> c.authorityUrl = "http://login.example.com"), "authorityUrl must be an https URL");
            assertThat(CustomerRequest.forCreate(entra(c -> { }), false).authorityUrl()).isNull();
        }

        @Test
        void clientCredentialsAreRequired() {
            refused(entra(c -> c.clientId = " "), "clientId is required");
            refused(entra(c -> c.clientSecret = null), "clientSecret is required");
        }
    }

    @Nested
    class OidcAndGoogle {
        @Test
        void oidcNeedsDiscoveryUrlAndCredentials() {
            refused(oidc("oidc", c -> c.discoveryUrl = null), "discoveryUrl is required");
            refused(oidc("oidc", c -> c.discoveryUrl = "not a url"), "discoveryUrl is not a URL: 'not a url'");
            refused(oidc("oidc", c -> c.clientId = null), "clientId is required");
            refused(oidc("oidc", c -> c.clientSecret = ""), "clientSecret is required");
        }

        @Test
        void googleDiscoveryUrlIsOptionalButHttps() {
            assertThat(CustomerRequest.forCreate(oidc("google", c -> c.discoveryUrl = null), false).discoveryUrl()).isNull();
            refused(oidc("google", c -> c.discoveryUrl = "http://accounts.example.com"), "discoveryUrl must be an https URL");
            refused(oidc("google", c -> c.clientSecret = null), "clientSecret is required");
        }
    }

    @Nested
    class Ldap {
        @Test
        void connectionUrlMustBeLdap() {
            refused(ldap(c -> c.connectionUrl = null), "connectionUrl is required");
            refused(ldap(c -> c.connectionUrl = "https://ldap.acme.com"), "connectionUrl must start with ldap:// or ldaps://");
        }

        @Test
        void usersDnIsRequired() {
            refused(ldap(c -> c.usersDn = " "), "usersDn is required");
        }

        @Test
        void bindDnNeedsItsCredential() {
            refused(ldap(c -> c.bindDn = "cn=reader,dc=acme,dc=com"), "bindCredential is required with bindDn");
            assertThat(CustomerRequest.forCreate(ldap(c -> {
                c.bindDn = "cn=reader,dc=acme,dc=com";
                c.bindCredential = "pw";
            }), false).bindCredential()).isEqualTo("pw");
        }
    }

    @Nested
    class Update {
        private CustomerRepresentation stored(CustomerRepresentation body) {
            CustomerRepresentation current = CustomerRequestTest.customer(body.protocol, c -> { });
            current.displayName = "Acme";
            current.enabled = false;
            current.metadataUrl = body.metadataUrl;
            current.tenantId = body.tenantId;
            current.discoveryUrl = body.discoveryUrl;
            current.clientId = body.clientId;
            current.connectionUrl = body.connectionUrl;
            current.bindDn = body.bindDn;
            current.usersDn = body.usersDn;
            return current;
        }

        private void refusedChange(CustomerRepresentation current, CustomerRepresentation change, String message) {
            assertThatThrownBy(() -> CustomerRequest.forUpdate(current, true, change, false))
                    .isInstanceOf(CustomerInputException.class).hasMessageContaining(message);
        }

        @Test
        void slugAndProtocolCannotChange() {
            CustomerRepresentation current = stored(saml(c -> { }));
            refusedChange(current, null, "a JSON body is required");
            refusedChange(current, customer(null, c -> c.slug = "other"), "the slug cannot change");
            refusedChange(current, customer("oidc", c -> c.slug = null), "the protocol cannot change from adfs");
        }

        @Test
        void absentFieldsKeepTheStoredValuesAndSecret() {
            CustomerRepresentation current = stored(oidc("oidc", c -> { }));
            CustomerRequest request = CustomerRequest.forUpdate(current, true, new CustomerRepresentation(), false);
            assertThat(request.displayName()).isEqualTo("Acme");
            assertThat(request.enabled()).isFalse();
            assertThat(request.discoveryUrl()).isEqualTo(current.discoveryUrl);
            assertThat(request.clientSecret()).isNull();
            assertThat(CustomerRequest.secretToStore(request.clientSecret(), "stored", "clientSecret is required")).isEqualTo("stored");
            assertThatThrownBy(() -> CustomerRequest.secretToStore(null, " ", "clientSecret is required"))
                    .hasMessage("clientSecret is required");
        }

        @Test
        void aMovedSecretMustBeSentAgain() {
            CustomerRepresentation change = new CustomerRepresentation();
            change.discoveryUrl = "https://attacker.example.com/.well-known/openid-configuration";
            refusedChange(stored(oidc("oidc", c -> { })), change, "discoveryUrl changes where the stored clientSecret is sent");

            CustomerRepresentation tenant = new CustomerRepresentation();
            tenant.tenantId = "00000000-0000-0000-0000-000000000001";
            refusedChange(stored(entra(c -> { })), tenant, "tenantId changes where the stored clientSecret is sent");

            CustomerRepresentation directory = new CustomerRepresentation();
            directory.connectionUrl = "ldap://attacker.example.com";
            refusedChange(stored(ldap(c -> c.bindDn = "cn=reader,dc=acme,dc=com")), directory,
                    "connectionUrl changes where the stored bindCredential is sent");
        }

        @Test
        void aBindDnAddedWithoutAStoredCredentialNeedsOne() {
            CustomerRepresentation change = new CustomerRepresentation();
            change.bindDn = "cn=reader,dc=acme,dc=com";
            assertThatThrownBy(() -> CustomerRequest.forUpdate(stored(ldap(c -> { })), false, change, false))
                    .hasMessageContaining("bindCredential is required with bindDn");
        }

        @Test
        void changedFieldsAreValidatedToo() {
            CustomerRepresentation change = new CustomerRepresentation();
            change.domains = List.of("acme");
            refusedChange(stored(saml(c -> { })), change, "'acme' is not an email domain");
            CustomerRepresentation url = new CustomerRepresentation();
            url.metadataUrl = "";
            refusedChange(stored(saml(c -> { })), url, "metadataUrl is required");
        }
    }
}
