package dev.ssobundle.it.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssobundle.it.harness.AdminApi;
import dev.ssobundle.it.harness.KeycloakExtension;
import dev.ssobundle.it.harness.KeycloakServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The onboarding API itself: what it creates from each protocol's input, and what it refuses. */
@ExtendWith(KeycloakExtension.class)
class CustomerOnboardingIT {

    private static final String CUSTOMERS = "realms/flatchr/customers";
    private static final LoopbackDocuments DOCUMENTS = new LoopbackDocuments();

    private final KeycloakServer server;
    private final AdminApi admin;

    CustomerOnboardingIT(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        BrokerFlow.allowInsecureMetadata(admin, "flatchr");
    }

    @AfterAll
    static void stopDocuments() {
        DOCUMENTS.close();
    }

    @Test
    void onboardsARealAdfsFederationMetadataWithAllItsSigningCertificatesAndAdfsClaimMappers() throws Exception {
        String xml = resource("brokers/adfs-FederationMetadata.xml");
        String metadataUrl = DOCUMENTS.put("/adfs-" + unique() + "/FederationMetadata/2007-06/FederationMetadata.xml", xml).toString();
        String slug = "contoso-" + unique();

        HttpResponse<String> created = admin.post(CUSTOMERS, customer(slug, "adfs", List.of(slug + ".example"), Map.of("metadataUrl", metadataUrl)));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = AdminApi.read(created.body());
        assertThat(body.path("redirectUri").asText()).isEqualTo(server.baseUri().resolve("/realms/flatchr/broker/" + slug + "/endpoint").toString());
        assertThat(body.path("spEntityId").asText()).isEqualTo(server.baseUri().resolve("/realms/flatchr").toString());
        assertThat(body.path("spMetadataUrl").asText()).isEqualTo(body.path("redirectUri").asText() + "/descriptor");
        assertThat(body.path("metadataUrl").asText()).isEqualTo(metadataUrl);

        JsonNode idp = admin.getJson("realms/flatchr/identity-provider/instances/" + slug);
        assertThat(idp.path("providerId").asText()).isEqualTo("saml");
        JsonNode config = idp.path("config");
        assertThat(config.path("singleSignOnServiceUrl").asText()).isEqualTo("https://adfs.contoso-sample.test/adfs/ls/");
        assertThat(config.path("idpEntityId").asText()).isEqualTo("http://adfs.contoso-sample.test/adfs/services/trust");
        assertThat(Arrays.asList(config.path("signingCertificate").asText().split(",")))
                .containsExactlyInAnyOrderElementsOf(idpSigningCertificates(xml));
        assertThat(config.path("metadataDescriptorUrl").asText()).isEqualTo(metadataUrl);
        assertThat(config.path("useMetadataDescriptorUrl").asText()).isEqualTo("true");
        assertThat(config.path("validateSignature").asText()).isEqualTo("true");
        assertThat(config.path("kc.org.broker.redirect.mode.email-matches").asText()).isEqualTo("true");
        assertThat(idp.path("hideOnLogin").asBoolean()).as("customers are not listed on the login page").isTrue();

        List<String> claims = new ArrayList<>();
        // the UPN and email claims are read by the customer's domain guard, the others by Keycloak's attribute mappers
        admin.getJson("realms/flatchr/identity-provider/instances/" + slug + "/mappers").forEach(m -> {
            m.path("config").forEach(value -> claims.add(value.asText()));
        });
        assertThat(String.join(" ", claims)).contains(
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
                "http://schemas.xmlsoap.org/claims/Group");

        JsonNode organization = organizationByAlias(slug);
        assertThat(organization).isNotNull();
        assertThat(organization.path("domains").get(0).path("name").asText()).isEqualTo(slug + ".example");
        assertThat(admin.getJson("realms/flatchr/organizations/" + organization.path("id").asText() + "/identity-providers")
                .findValuesAsText("alias")).containsExactly(slug);

        assertThat(admin.delete(CUSTOMERS + "/" + slug).statusCode()).isEqualTo(204);
        assertNothingLeftBehind(slug, slug + ".example");
    }

    @Test
    void secretsAreWriteOnlyAndGetListAndPutShowTheCustomer() {
        String slug = "globex-" + unique();
        String discovery = server.realmUri("master") + "/.well-known/openid-configuration";
        HttpResponse<String> created = admin.post(CUSTOMERS, customer(slug, "oidc", List.of(slug + ".example"),
                Map.of("discoveryUrl", discovery, "clientId", "flatchr", "clientSecret", "s3cr3t-value")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("s3cr3t-value").doesNotContain("clientSecret");

        HttpResponse<String> one = admin.getResponse(CUSTOMERS + "/" + slug);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).doesNotContain("s3cr3t-value").doesNotContain("clientSecret");
        assertThat(AdminApi.read(one.body()).path("discoveryUrl").asText()).isEqualTo(discovery);
        assertThat(admin.getResponse(CUSTOMERS).body()).contains("\"" + slug + "\"").doesNotContain("s3cr3t-value");

        HttpResponse<String> renamed = admin.put(CUSTOMERS + "/" + slug, Map.of("displayName", "Globex Corp " + slug,
                "domains", List.of(slug + ".example", "mail." + slug + ".example")));
        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
        assertThat(AdminApi.read(renamed.body()).path("domains").size()).isEqualTo(2);
        assertThat(admin.getJson("realms/flatchr/identity-provider/instances/" + slug).path("config").path("kc.org.domain").asText())
                .as("several domains: the IdP takes any domain of its organization").isEqualTo("ANY");

        assertThat(admin.delete(CUSTOMERS + "/" + slug).statusCode()).isEqualTo(204);
        assertThat(admin.getResponse(CUSTOMERS + "/" + slug).statusCode()).isEqualTo(404);
    }

    @Test
    void realmExportShipsTwoDisabledExampleCustomersWithoutUsableSecrets() {
        JsonNode contoso = AdminApi.read(admin.getResponse(CUSTOMERS + "/contoso").body());
        assertThat(contoso.path("protocol").asText()).isEqualTo("adfs");
        assertThat(contoso.path("enabled").asBoolean()).isFalse();
        assertThat(contoso.path("metadataUrl").asText()).isEqualTo("https://adfs.contoso.example/FederationMetadata/2007-06/FederationMetadata.xml");
        assertThat(admin.getJson("realms/flatchr/identity-provider/instances/contoso").path("enabled").asBoolean()).isFalse();
        assertThat(admin.getJson("realms/flatchr/identity-provider/instances/contoso/mappers").findValuesAsText("template"))
                .as("the UPN template survives the import's ${...} placeholder resolution")
                .containsExactly("${ATTRIBUTE.http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn}");

        HttpResponse<String> northwind = admin.getResponse(CUSTOMERS + "/northwind");
        assertThat(northwind.statusCode()).isEqualTo(200);
        assertThat(AdminApi.read(northwind.body()).path("protocol").asText()).isEqualTo("entra");
        assertThat(AdminApi.read(northwind.body()).path("enabled").asBoolean()).isFalse();
        assertThat(northwind.body()).doesNotContain("placeholder-not-a-secret").doesNotContain("clientSecret");
    }

    @Test
    void refusesASlugThatIsNotALowercaseDnsLabel() {
        for (String slug : List.of("Acme", "acme_corp", "-acme", "acme.", "a".repeat(64))) {
            HttpResponse<String> response = admin.post(CUSTOMERS, customer(slug, "oidc", List.of("bad-slug-" + unique() + ".example"),
                    Map.of("discoveryUrl", server.realmUri("master") + "/.well-known/openid-configuration", "clientId", "x", "clientSecret", "y")));
            assertThat(response.statusCode()).as(slug).isEqualTo(400);
            assertThat(AdminApi.read(response.body()).path("errorMessage").asText()).contains("lowercase DNS label");
        }
    }

    @Test
    void refusesASecondCustomerWithTheSameSlugOrTheSameDomainAndLeavesNothingBehind() {
        String slug = "initech-" + unique();
        String domain = slug + ".example";
        Map<String, Object> oidc = Map.of("discoveryUrl", server.realmUri("master") + "/.well-known/openid-configuration",
                "clientId", "flatchr", "clientSecret", "x");
        admin.require2xx(admin.post(CUSTOMERS, customer(slug, "oidc", List.of(domain), oidc)));
        try {
            HttpResponse<String> sameSlug = admin.post(CUSTOMERS, customer(slug, "oidc", List.of("other-" + domain), oidc));
            assertThat(sameSlug.statusCode()).isEqualTo(409);
            assertThat(sameSlug.body()).contains("slug '" + slug + "' already exists");
            assertThat(organizationByDomain("other-" + domain)).isNull();

            String otherSlug = "second-" + slug;
            HttpResponse<String> sameDomain = admin.post(CUSTOMERS, customer(otherSlug, "oidc", List.of("Other." + domain, domain.toUpperCase()), oidc));
            assertThat(sameDomain.statusCode()).isEqualTo(409);
            assertThat(sameDomain.body()).contains("domain " + domain + " already belongs to another customer");
            assertNothingLeftBehind(otherSlug, "other." + domain);
        } finally {
            admin.delete(CUSTOMERS + "/" + slug);
        }
    }

    @Test
    void refusesAnUnreachableMetadataUrlWithTheReasonAndLeavesNothingBehind() {
        String slug = "umbrella-" + unique();
        HttpResponse<String> notFound = admin.post(CUSTOMERS, customer(slug, "adfs", List.of(slug + ".example"),
                Map.of("metadataUrl", DOCUMENTS.uri("/missing/FederationMetadata.xml").toString())));
        assertThat(notFound.statusCode()).isEqualTo(400);
        assertThat(notFound.body()).contains("answered HTTP 404");
        assertNothingLeftBehind(slug, slug + ".example");

        HttpResponse<String> refused = admin.post(CUSTOMERS, customer(slug, "adfs", List.of(slug + ".example"),
                Map.of("metadataUrl", "http://127.0.0.1:9/FederationMetadata/2007-06/FederationMetadata.xml")));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("is unreachable");
        assertNothingLeftBehind(slug, slug + ".example");
    }

    @Test
    void refusesMetadataThatIsNotValidSamlAndLeavesNothingBehind() {
        String slug = "hooli-" + unique();
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("/broken.xml", "<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\"><IDPSSODescriptor>");
        bad.put("/html.xml", "<html><body>Sign in to ADFS</body></html>");
        bad.put("/sp-only.xml", "<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"urn:sp\">"
                + "<SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<AssertionConsumerService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\"https://sp.example/acs\" index=\"0\"/>"
                + "</SPSSODescriptor></EntityDescriptor>");
        for (Map.Entry<String, String> document : bad.entrySet()) {
            String url = DOCUMENTS.put("/" + slug + document.getKey(), document.getValue()).toString();
            HttpResponse<String> response = admin.post(CUSTOMERS, customer(slug, "saml", List.of(slug + ".example"), Map.of("metadataUrl", url)));
            assertThat(response.statusCode()).as(document.getKey() + ": " + response.body()).isEqualTo(400);
            assertThat(AdminApi.read(response.body()).path("errorMessage").asText()).startsWith("metadataUrl " + url);
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
            assertNothingLeftBehind(slug, slug + ".example");
        }
    }

    @Test
    void refusesUnknownProtocolsAndMissingFieldsWithClearMessages() {
        String slug = "stark-" + unique();
        HttpResponse<String> protocol = admin.post(CUSTOMERS, customer(slug, "kerberos", List.of(slug + ".example"), Map.of()));
        assertThat(protocol.statusCode()).isEqualTo(400);
        assertThat(protocol.body()).contains("protocol must be one of adfs, saml, entra, oidc, google, ldap");

        HttpResponse<String> tenant = admin.post(CUSTOMERS, customer(slug, "entra", List.of(slug + ".example"),
                Map.of("tenantId", "common", "clientId", "x", "clientSecret", "y")));
        assertThat(tenant.statusCode()).isEqualTo(400);
        assertThat(tenant.body()).contains("'common', 'organizations' and 'consumers' are refused");

        HttpResponse<String> domains = admin.post(CUSTOMERS, customer(slug, "google", List.of("not a domain"), Map.of("clientId", "x", "clientSecret", "y")));
        assertThat(domains.statusCode()).isEqualTo(400);
        assertThat(domains.body()).contains("is not an email domain");
        assertNothingLeftBehind(slug, slug + ".example");
    }

    private void assertNothingLeftBehind(String slug, String domain) {
        assertThat(admin.getResponse("realms/flatchr/identity-provider/instances/" + slug).statusCode()).as("identity provider " + slug).isEqualTo(404);
        assertThat(organizationByAlias(slug)).as("organization " + slug).isNull();
        assertThat(organizationByDomain(domain)).as("organization with domain " + domain).isNull();
    }

    private JsonNode organizationByAlias(String alias) {
        for (JsonNode organization : admin.getJson("realms/flatchr/organizations?search=&max=1000")) {
            if (alias.equals(organization.path("alias").asText())) {
                return organization;
            }
        }
        return null;
    }

    private JsonNode organizationByDomain(String domain) {
        for (JsonNode organization : admin.getJson("realms/flatchr/organizations?max=1000")) {
            for (JsonNode d : organization.path("domains")) {
                if (domain.equalsIgnoreCase(d.path("name").asText())) {
                    return organization;
                }
            }
        }
        return null;
    }

    static Map<String, Object> customer(String slug, String protocol, List<String> domains, Map<String, ?> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("slug", slug);
        body.put("displayName", "Customer " + slug);
        body.put("domains", domains);
        body.put("protocol", protocol);
        body.putAll(fields);
        return body;
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String resource(String name) throws IOException {
        try (InputStream in = CustomerOnboardingIT.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The signing certificates of the IDPSSODescriptor, read independently of Keycloak's parser. */
    private static List<String> idpSigningCertificates(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        org.w3c.dom.Document document = factory.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(xml)));
        Element idp = (Element) document.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:metadata", "IDPSSODescriptor").item(0);
        NodeList keys = idp.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:metadata", "KeyDescriptor");
        List<String> certificates = new ArrayList<>();
        for (int i = 0; i < keys.getLength(); i++) {
            Element key = (Element) keys.item(i);
            if ("signing".equals(key.getAttribute("use"))) {
                certificates.add(key.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "X509Certificate").item(0).getTextContent().trim());
            }
        }
        assertThat(certificates).hasSize(2);
        return certificates;
    }
}
