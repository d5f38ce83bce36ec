package dev.ssobundle.mtls;

import dev.ssobundle.compat.BundleSetting;
import dev.ssobundle.compat.BundleSettings;
import org.keycloak.models.AuthenticatorConfigModel;

/**
 * Typed view of the flow step's configuration: only which mTLS identity provider it follows. Every trust
 * setting (enabled, proxy secret and addresses, issuers, identifier) is that provider's.
 */
record MtlsHeaderAuthenticatorConfig(String identityProviderAlias) {

    static final BundleSetting IDENTITY_PROVIDER_ALIAS = BundleSetting.named("ssoBundle.mtls.identityProviderAlias")
            .formerly("mtls.identity.provider.alias");
    static final String DEFAULT_IDENTITY_PROVIDER_ALIAS = "mtls";

    static MtlsHeaderAuthenticatorConfig of(AuthenticatorConfigModel model) {
        BundleSettings settings = BundleSettings.flowStep(model == null ? null : model.getAlias(), model == null ? null : model.getConfig());
        return new MtlsHeaderAuthenticatorConfig(settings.string(IDENTITY_PROVIDER_ALIAS, DEFAULT_IDENTITY_PROVIDER_ALIAS));
    }
}
