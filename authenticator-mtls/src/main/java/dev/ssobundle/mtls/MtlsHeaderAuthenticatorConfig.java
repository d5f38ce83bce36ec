package dev.ssobundle.mtls;

import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;

/**
 * Typed view of the flow step's configuration: only which mTLS identity provider it follows. Every trust
 * setting (enabled, proxy secret and addresses, issuers, identifier) is that provider's.
 */
record MtlsHeaderAuthenticatorConfig(String identityProviderAlias) {

    static final String IDENTITY_PROVIDER_ALIAS = "mtls.identity.provider.alias";
    static final String DEFAULT_IDENTITY_PROVIDER_ALIAS = "mtls";

    static MtlsHeaderAuthenticatorConfig of(AuthenticatorConfigModel model) {
        Map<String, String> config = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        String alias = config.get(IDENTITY_PROVIDER_ALIAS);
        return new MtlsHeaderAuthenticatorConfig(alias == null || alias.isBlank() ? DEFAULT_IDENTITY_PROVIDER_ALIAS : alias);
    }
}
