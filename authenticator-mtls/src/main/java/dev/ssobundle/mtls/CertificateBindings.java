package dev.ssobundle.mtls;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ui.extend.UiPageProvider;

/**
 * Certificate bindings: a certificate is bound to a user as Keycloak's federated identity link of the
 * realm's mTLS identity provider (what the login looks up, what "add identifier" creates). The admin
 * console page {@link CertificatesPageFactory} shows one row (a realm component) per link; this class
 * binds, unbinds and keeps those rows in step with links made or removed elsewhere (the user on the
 * certificate site, the Account Console, the admin API), from Keycloak's provider events.
 */
final class CertificateBindings {

    /** Session attribute: the certificate facts of the linking in progress, set by {@link MtlsBrokerEndpoint}. */
    static final String LINKING_FACTS = CertificateBindings.class.getName() + ".linkingFacts";
    /** Set while this class itself writes links or rows, so the event handlers do not answer their own writes. */
    private static final String WRITING = CertificateBindings.class.getName() + ".writing";

    /**
     * The user's username, under the key the provisioning-tokens page names its rows with too: Keycloak's
     * console before 26.6 lists every page's items on each page, and there a foreign row still names
     * itself and links to its own page.
     */
    static final String USER = "name";
    static final String PEM = "pem";
    static final String IDENTITY_PROVIDER = "identityProvider";
    static final String SUBJECT = "subject";
    static final String ISSUER = "issuer";
    static final String SERIAL = "serial";
    static final String FINGERPRINT = "fingerprint";
    static final String IDENTIFIER = "identifier";
    static final String USER_ID = "userId";
    static final String NOT_RECORDED = "(not recorded: bound before the certificates page, or not by SHA-1 fingerprint)";

    private final KeycloakSession session;
    private final RealmModel realm;

    CertificateBindings(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The user this certificate identifier is bound to through that provider: the one lookup of login, linking and the page. */
    static UserModel owner(KeycloakSession session, RealmModel realm, String alias, String identifier) {
        return session.users().getUserByFederatedIdentity(realm, new FederatedIdentityModel(alias, identifier, null));
    }

    boolean writing() {
        return Boolean.TRUE.equals(session.getAttribute(WRITING));
    }

    /** A new row from the page: binds the pasted certificate to the user, or refuses with the reason. */
    void bind(ComponentModel model) {
        String configuredAlias = blankToNull(model.get(IDENTITY_PROVIDER));
        String alias = configuredAlias == null ? "mtls" : configuredAlias;
        CertificateTrust trust = CertificateTrust.ofProvider(session, alias).orElseThrow(() -> new ComponentValidationException(
                "This realm has no mTLS identity provider with alias " + model.get(IDENTITY_PROVIDER, "mtls") + "."));
        String wanted = blankToNull(model.get(USER));
        if (wanted == null) {
            throw new ComponentValidationException("User is required: the username or e-mail of the certificate's owner.");
        }
        UserModel byUsername = session.users().getUserByUsername(realm, wanted);
        UserModel user = byUsername != null ? byUsername : session.users().getUserByEmail(realm, wanted);
        if (user == null) {
            throw new ComponentValidationException("No user with username or e-mail " + wanted + " in realm " + realm.getName() + ".");
        }
        PastedCertificate pasted;
        try {
            pasted = PastedCertificate.parse(model.get(PEM));
        } catch (IllegalArgumentException e) {
            throw new ComponentValidationException(e.getMessage());
        }
        try {
            pasted.certificate().checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new ComponentValidationException("This certificate is not valid now (valid from " + pasted.certificate().getNotBefore()
                    + " to " + pasted.certificate().getNotAfter() + "): nginx would refuse it.");
        }
        ClientCertificateHeaders facts = pasted.asNginxHeaders();
        List<String> allowedIssuers = trust.config().allowedIssuerDns();
        if (!allowedIssuers.isEmpty() && !allowedIssuers.contains(facts.issuerDn())) {
            throw new ComponentValidationException("The issuer " + facts.issuerDn() + " is not among the provider's allowed issuer DNs: "
                    + "this certificate could not sign in.");
        }
        String identifier = trust.config().certificateIdentifier().identify(facts);
        UserModel owner = owner(session, realm, alias, identifier);
        if (owner != null && !owner.getId().equals(user.getId())) {
            throw new ComponentValidationException("This certificate is already linked to another account (" + owner.getUsername()
                    + "). Its owner must remove it, or an admin unbind it, before it can be bound to " + user.getUsername() + ".");
        }
        FederatedIdentityModel existing = session.users().getFederatedIdentity(realm, user, alias);
        if (existing != null) {
            throw new ComponentValidationException(user.getUsername() + " already has a certificate bound through " + alias + " ("
                    + existing.getUserName() + "). Keycloak keeps one per user and provider: unbind it first.");
        }
        writeAs(() -> session.users().addFederatedIdentity(realm, user, new FederatedIdentityModel(alias, identifier, facts.subjectDn())));
        describe(model, user, alias, identifier, facts.subjectDn(), Map.of(MtlsLoginHop.ISSUER_DN, facts.issuerDn(),
                MtlsLoginHop.SERIAL, facts.serial(), MtlsLoginHop.FINGERPRINT, facts.fingerprint()));
        model.getConfig().remove(PEM);
    }

    /** A deleted row: the link goes too (unless the link is what went first). */
    void unbind(ComponentModel model) {
        if (writing()) {
            return;
        }
        UserModel user = model.get(USER_ID) == null ? null : session.users().getUserById(realm, model.get(USER_ID));
        String alias = model.get(IDENTITY_PROVIDER);
        FederatedIdentityModel link = user == null || alias == null ? null : session.users().getFederatedIdentity(realm, user, alias);
        if (link != null && link.getUserId().equals(model.get(IDENTIFIER))) {
            writeAs(() -> session.users().removeFederatedIdentity(realm, user, alias));
        }
    }

    /** A link made elsewhere (certificate site, admin API): its row, with the facts of the linking if this request had them. */
    void linked(UserModel user, FederatedIdentityModel link) {
        if (writing() || !isMtlsProvider(link.getIdentityProvider()) || rows().anyMatch(r -> matches(r, user.getId(), link))) {
            return;
        }
        Object facts = session.getAttribute(LINKING_FACTS);
        @SuppressWarnings("unchecked")
        Map<String, String> known = facts instanceof Map<?, ?> map && link.getUserId().equals(((Map<String, String>) map).get(MtlsLoginHop.IDENTIFIER))
                ? (Map<String, String>) map : Map.of();
        ComponentModel row = new ComponentModel();
        row.setParentId(realm.getId());
        row.setProviderType(UiPageProvider.class.getName());
        row.setProviderId(CertificatesPageFactory.PROVIDER_ID);
        describe(row, user, link.getIdentityProvider(), link.getUserId(), link.getUserName(), known);
        writeAs(() -> realm.addComponentModel(row));
    }

    /** A link removed elsewhere (Account Console, admin API): its row goes. */
    void unlinked(UserModel user, FederatedIdentityModel link) {
        if (writing()) {
            return;
        }
        List<ComponentModel> gone = rows().filter(r -> matches(r, user.getId(), link)).toList();
        writeAs(() -> gone.forEach(realm::removeComponent));
    }

    /** A deleted user's rows go (Keycloak removes the links without an event). */
    void userRemoved(UserModel user) {
        List<ComponentModel> gone = rows().filter(r -> user.getId().equals(r.get(USER_ID))).toList();
        writeAs(() -> gone.forEach(realm::removeComponent));
    }

    /** Rows for links that predate the page, and no rows for links gone while the server was down. */
    void reconcile() {
        session.identityProviders().getAllStream()
                .filter(provider -> MtlsIdentityProviderFactory.PROVIDER_ID.equals(provider.getProviderId()))
                .forEach(provider -> session.users().searchForUserStream(realm, Map.of(UserModel.IDP_ALIAS, provider.getAlias()))
                        .forEach(user -> {
                            FederatedIdentityModel link = session.users().getFederatedIdentity(realm, user, provider.getAlias());
                            if (link != null) {
                                linked(user, link);
                            }
                        }));
        List<ComponentModel> stale = rows().filter(r -> {
            UserModel user = r.get(USER_ID) == null ? null : session.users().getUserById(realm, r.get(USER_ID));
            FederatedIdentityModel link = user == null ? null : session.users().getFederatedIdentity(realm, user, r.get(IDENTITY_PROVIDER));
            return link == null || !link.getUserId().equals(r.get(IDENTIFIER));
        }).toList();
        writeAs(() -> stale.forEach(realm::removeComponent));
    }

    Stream<ComponentModel> rows() {
        return realm.getComponentsStream(realm.getId(), UiPageProvider.class.getName())
                .filter(c -> CertificatesPageFactory.PROVIDER_ID.equals(c.getProviderId()));
    }

    private static boolean matches(ComponentModel row, String userId, FederatedIdentityModel link) {
        return userId.equals(row.get(USER_ID)) && link.getIdentityProvider().equals(row.get(IDENTITY_PROVIDER))
                && link.getUserId().equals(row.get(IDENTIFIER));
    }

    private boolean isMtlsProvider(String alias) {
        IdentityProviderModel provider = session.identityProviders().getByAlias(alias);
        return provider != null && MtlsIdentityProviderFactory.PROVIDER_ID.equals(provider.getProviderId());
    }

    private void describe(ComponentModel row, UserModel user, String alias, String identifier, String subject, Map<String, String> facts) {
        CertificateIdentifier mode = CertificateTrust.ofProvider(session, alias).map(t -> t.config().certificateIdentifier())
                .orElse(CertificateIdentifier.SHA1_FINGERPRINT);
        String fingerprint = facts.getOrDefault(MtlsLoginHop.FINGERPRINT, mode == CertificateIdentifier.SHA1_FINGERPRINT ? identifier : NOT_RECORDED);
        row.setName(user.getUsername() + " " + identifier);
        row.put(USER, user.getUsername());
        row.put(USER_ID, user.getId());
        row.put(IDENTITY_PROVIDER, alias);
        row.put(IDENTIFIER, identifier);
        // The link's user name is the subject as Keycloak's broker stored it (lower-cased); nginx's own form when known.
        String nginxSubject = facts.getOrDefault(MtlsLoginHop.SUBJECT_DN, subject);
        row.put(SUBJECT, nginxSubject == null ? NOT_RECORDED : nginxSubject);
        row.put(ISSUER, facts.getOrDefault(MtlsLoginHop.ISSUER_DN, NOT_RECORDED));
        row.put(SERIAL, facts.getOrDefault(MtlsLoginHop.SERIAL, NOT_RECORDED));
        row.put(FINGERPRINT, fingerprint == null ? NOT_RECORDED : fingerprint);
    }

    private void writeAs(Runnable write) {
        Object before = session.getAttribute(WRITING);
        session.setAttribute(WRITING, Boolean.TRUE);
        try {
            write.run();
        } finally {
            if (before == null) {
                session.removeAttribute(WRITING);
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
