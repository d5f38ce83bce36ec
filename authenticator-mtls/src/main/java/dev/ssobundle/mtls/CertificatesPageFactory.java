package dev.ssobundle.mtls;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

/**
 * The admin console page "mtls-certificates" (Keycloak's declarative UI, feature {@code declarative-ui}):
 * one row per certificate bound to a user through the realm's mTLS identity provider, whoever bound
 * it; "Create item" binds a pasted PEM to a user found by username or e-mail, deleting a row unbinds.
 * A per-user tab is not possible with this SPI (a tab edits one component per realm, not per user), so
 * the page finds the user. See {@link CertificateBindings}.
 */
public final class CertificatesPageFactory implements UiPageProviderFactory<UiPageProvider> {

    public static final String PROVIDER_ID = "mtls-certificates";
    private static final Logger LOG = Logger.getLogger(CertificatesPageFactory.class);

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Certificates bound to users for the mTLS login (also those users bound themselves). Create item: the user's "
                + "username or e-mail and the certificate in PEM form; delete a row to unbind.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = ProviderConfigurationBuilder.create()
                .property().name(CertificateBindings.USER).label("User").type(ProviderConfigProperty.STRING_TYPE).required(true)
                .helpText("Username or e-mail of the certificate's owner.").add()
                .property().name(CertificateBindings.PEM).label("Certificate (PEM)").type(ProviderConfigProperty.TEXT_TYPE)
                .helpText("-----BEGIN CERTIFICATE----- … (a chain may follow; the first certificate is bound). Not kept after binding.").add()
                .property().name(CertificateBindings.IDENTITY_PROVIDER).label("mTLS identity provider").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("mtls").helpText("Alias of the realm's mTLS identity provider; its certificate identifier setting applies.").add()
                .property().name(CertificateBindings.SUBJECT).label("Subject").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Set by the server, as nginx prints it.").add()
                .property().name(CertificateBindings.ISSUER).label("Issuer").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Set by the server, as nginx prints it.").add()
                .property().name(CertificateBindings.SERIAL).label("Serial").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Set by the server (hex).").add()
                .property().name(CertificateBindings.FINGERPRINT).label("SHA-1 fingerprint").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Set by the server.").add()
                .property().name(CertificateBindings.IDENTIFIER).label("Identifier").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Set by the server: what the login looks up (per the provider's certificate identifier setting).").add()
                .build();
        properties.stream().filter(p -> List.of(CertificateBindings.SUBJECT, CertificateBindings.ISSUER, CertificateBindings.SERIAL,
                CertificateBindings.FINGERPRINT, CertificateBindings.IDENTIFIER).contains(p.getName())).forEach(p -> p.setReadOnly(true));
        return properties;
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(CertificateBindings.USER, CertificateBindings.SUBJECT, CertificateBindings.ISSUER,
                CertificateBindings.SERIAL, CertificateBindings.FINGERPRINT));
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) throws ComponentValidationException {
        CertificateBindings bindings = new CertificateBindings(session, realm);
        if (bindings.writing()) {
            return;
        }
        ComponentModel stored = model.getId() == null ? null : realm.getComponent(model.getId());
        if (stored == null) {
            bindings.bind(model);
        } else {
            // A binding is not edited: unbind it and bind another certificate.
            model.setConfig(new MultivaluedHashMap<>(stored.getConfig()));
            model.setName(stored.getName());
        }
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        new CertificateBindings(session, realm).unbind(model);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof FederatedIdentityModel.FederatedIdentityCreatedEvent created) {
                inRealm(created.getKeycloakSession(), created.getRealm(), b -> b.linked(created.getUser(), created.getFederatedIdentity()));
            } else if (event instanceof FederatedIdentityModel.FederatedIdentityRemovedEvent removed) {
                inRealm(removed.getKeycloakSession(), removed.getRealm(), b -> b.unlinked(removed.getUser(), removed.getFederatedIdentity()));
            } else if (event instanceof UserModel.UserRemovedEvent removed) {
                inRealm(removed.getKeycloakSession(), removed.getRealm(), b -> b.userRemoved(removed.getUser()));
            } else if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream().forEach(realm -> {
                    try {
                        inRealm(session, realm, CertificateBindings::reconcile);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "Could not list the certificates bound in realm %s on the admin console page", realm.getName());
                    }
                }));
            }
        });
    }

    /** Identity providers are looked up in the session's realm: the event's realm for the time of the call. */
    private static void inRealm(KeycloakSession session, RealmModel realm, Consumer<CertificateBindings> action) {
        RealmModel before = session.getContext().getRealm();
        session.getContext().setRealm(realm);
        try {
            action.accept(new CertificateBindings(session, realm));
        } finally {
            session.getContext().setRealm(before);
        }
    }

    @Override
    public void close() {
    }
}
