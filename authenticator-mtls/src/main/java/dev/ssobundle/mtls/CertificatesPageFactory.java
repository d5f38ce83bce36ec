package dev.ssobundle.mtls;

import static dev.ssobundle.compat.PageForm.defaultValue;
import static dev.ssobundle.compat.PageForm.required;

import dev.ssobundle.compat.AdminConsolePage;
import dev.ssobundle.compat.PageForm;
import dev.ssobundle.compat.RealmStartupJob;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProvider;

/**
 * The admin console page "mtls-certificates" (Keycloak's declarative UI, feature {@code declarative-ui}):
 * one row per certificate bound to a user through the realm's mTLS identity provider, whoever bound
 * it; "Create item" binds a pasted PEM to a user found by username or e-mail, deleting a row unbinds.
 * A per-user tab is not possible with this SPI (a tab edits one component per realm, not per user), so
 * the page finds the user. See {@link CertificateBindings}.
 */
public final class CertificatesPageFactory extends AdminConsolePage<UiPageProvider> {

    public static final String PROVIDER_ID = "mtls-certificates";
    private static final Logger LOG = Logger.getLogger(CertificatesPageFactory.class);
    private static final Page PAGE = new Page(PROVIDER_ID, "Certificates bound to users for the mTLS login (also those users bound"
            + " themselves). Create item: the user's username or e-mail and the certificate in PEM form; delete a row to unbind.",
            List.of("name", "subject", "issuer", "serial", "fingerprint"), CertificatesPageFactory::form);

    public CertificatesPageFactory() {
        super(PAGE);
    }

    /** Its fields are {@link CertificateBindings.Row}'s components, and the pasted PEM. */
    private static PageForm form() {
        String text = ProviderConfigProperty.STRING_TYPE;
        return PageForm.create()
                .field("name", "User", text, "Username or e-mail of the certificate's owner.", required())
                .field(CertificateBindings.PEM, "Certificate (PEM)", ProviderConfigProperty.TEXT_TYPE,
                        "-----BEGIN CERTIFICATE----- … (a chain may follow; the first certificate is bound). Not kept after binding.")
                .field("identityProvider", "mTLS identity provider", text,
                        "Alias of the realm's mTLS identity provider; its certificate identifier setting applies.", defaultValue("mtls"))
                .serverSet("subject", "Subject", "Set by the server, as nginx prints it.")
                .serverSet("issuer", "Issuer", "Set by the server, as nginx prints it.")
                .serverSet("serial", "Serial", "Set by the server (hex).")
                .serverSet("fingerprint", "SHA-1 fingerprint", "Set by the server.")
                .serverSet("identifier", "Identifier",
                        "Set by the server: what the login looks up (per the provider's certificate identifier setting).");
    }

    @Override
    protected boolean ownWrite(KeycloakSession session) {
        return CertificateBindings.writing(session);
    }

    @Override
    protected void created(KeycloakSession session, RealmModel realm, ComponentModel row) {
        new CertificateBindings(session, realm).bind(row);
    }

    /** A binding is not edited: unbind it and bind another certificate. */
    @Override
    protected void saved(KeycloakSession session, RealmModel realm, ComponentModel stored, ComponentModel row) {
        row.setConfig(new MultivaluedHashMap<>(stored.getConfig()));
        row.setName(stored.getName());
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        new CertificateBindings(session, realm).unbind(model);
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
                RealmStartupJob.run(factory, realm -> true, (session, realm) -> new CertificateBindings(session, realm).reconcile(),
                        (realmName, cause) -> LOG.warnf(cause, "Certificates bound in realm %s not listed on the admin console page at this "
                                + "start-up (another node starting at the same time may have listed them); the next start-up retries", realmName));
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
}
