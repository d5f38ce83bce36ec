package dev.ssobundle.brokers;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A customer as the onboarding API reads and writes it. Secrets ({@code clientSecret},
 * {@code bindCredential}) are accepted on input and never written back out; the SP facts
 * ({@code redirectUri}, {@code spEntityId}, {@code spMetadataUrl}) are output only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public class CustomerRepresentation {

    public String slug;
    public String displayName;
    public List<String> domains;
    public String protocol;
    public Boolean enabled;

    // adfs / saml
    public String metadataUrl;
    // entra
    public String tenantId;
    public String authorityUrl;
    // oidc
    public String discoveryUrl;
    // entra, oidc, google
    public String clientId;
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
    public String clientSecret;
    // ldap
    public String connectionUrl;
    public String bindDn;
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
    public String bindCredential;
    public String usersDn;

    // what the customer's IT registers (output only)
    @JsonProperty(access = JsonProperty.Access.READ_ONLY)
    public String redirectUri;
    @JsonProperty(access = JsonProperty.Access.READ_ONLY)
    public String spEntityId;
    @JsonProperty(access = JsonProperty.Access.READ_ONLY)
    public String spMetadataUrl;

    // what is weaker than it should be (e.g. metadata read over plain http), output only
    @JsonProperty(access = JsonProperty.Access.READ_ONLY)
    public List<String> warnings;
}
