package dev.ssobundle.mtls;

import dev.ssobundle.compat.StringRecords;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

    /** The page's one input that is not kept: the certificate as pasted. */
    static final String PEM = "pem";
    static final String NOT_RECORDED = "(not recorded: bound before the certificates page, or not by SHA-1 fingerprint)";

    /**
     * A certificate's row, stored as the component's config under these names. {@code name} is the user's username,
     * under the key the provisioning-tokens page names its rows with too: Keycloak's console before 26.6 lists every
     * page's items on each page, and there a foreign row still names itself and links to its own page.
     */
    record Row(String name, String userId, String identityProvider, String identifier, String subject, String issuer, String serial,
            String fingerprint) {

        static Row of(ComponentModel model) {
            return StringRecords.fromMap(Row.class, model::get);
        }

        void writeTo(ComponentModel model) {
            StringRecords.toMap(this).forEach(model::put);
        }
    }

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

    /** True while this class writes links or rows itself. */
    static boolean writing(KeycloakSession session) {
        return Boolean.TRUE.equals(session.getAttribute(WRITING));
    }

    private boolean writing() {
        return writing(session);
    }

    /** A new row from the page: binds the pasted certificate to the user, or refuses with the reason. */
    void bind(ComponentModel model) {
        Row input = Row.of(model);
        String configuredAlias = blankToNull(input.identityProvider());
        String alias = configuredAlias == null ? "mtls" : configuredAlias;
        CertificateTrust trust = CertificateTrust.ofProvider(session, alias).orElseThrow(() -> new ComponentValidationException(
                "This realm has no mTLS identity provider with alias " + alias + "."));
        String wanted = blankToNull(input.name());
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
        // The row takes its link's id (Keycloak assigns a component's id after validation). A row left by this link
        // once removed unseen goes; the new row then keeps a random id until the next start-up re-keys it, as one
        // flush inserting and deleting the same key would collide.
        String id = rowId(realm, user.getId(), alias, identifier);
        ComponentModel leftOver = realm.getComponent(id);
        writeAs(() -> {
            if (leftOver != null) {
                realm.removeComponent(leftOver);
            }
            session.users().addFederatedIdentity(realm, user, new FederatedIdentityModel(alias, identifier, facts.subjectDn()));
        });
        if (leftOver == null) {
            model.setId(id);
        }
        describe(model, user, alias, identifier, facts.subjectDn(), new MtlsLoginHop.CertificateIdentity(realm.getId(), alias, identifier,
                facts.subjectDn(), facts.issuerDn(), facts.serial(), facts.fingerprint(), null));
        model.getConfig().remove(PEM);
    }

    /** A deleted row: the link goes too (unless the link is what went first). */
    void unbind(ComponentModel model) {
        if (writing()) {
            return;
        }
        Row row = Row.of(model);
        UserModel user = row.userId() == null ? null : session.users().getUserById(realm, row.userId());
        String alias = row.identityProvider();
        FederatedIdentityModel link = user == null || alias == null ? null : session.users().getFederatedIdentity(realm, user, alias);
        if (link != null && link.getUserId().equals(row.identifier())) {
            writeAs(() -> session.users().removeFederatedIdentity(realm, user, alias));
        }
    }

    /** A link made elsewhere (certificate site, admin API): its row, with the facts of the linking if this request had them. */
    void linked(UserModel user, FederatedIdentityModel link) {
        if (writing() || !isMtlsProvider(link.getIdentityProvider()) || realm.getComponent(rowId(realm, user.getId(), link)) != null) {
            return;
        }
        MtlsLoginHop.CertificateIdentity known = session.getAttribute(LINKING_FACTS) instanceof MtlsLoginHop.CertificateIdentity facts
                && link.getUserId().equals(facts.identifier()) ? facts : null;
        ComponentModel row = new ComponentModel();
        row.setId(rowId(realm, user.getId(), link));
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
        ComponentModel row = realm.getComponent(rowId(realm, user.getId(), link));
        if (row != null) {
            writeAs(() -> realm.removeComponent(row));
        }
    }

    /** A deleted user's rows go (Keycloak removes the links without an event). */
    void userRemoved(UserModel user) {
        List<ComponentModel> gone = rows().filter(r -> user.getId().equals(Row.of(r).userId())).toList();
        writeAs(() -> gone.forEach(realm::removeComponent));
    }

    /**
     * At start-up: no rows for links gone while the server was down, rows keyed as {@link #rowId} (rows of the
     * first version had random ids), then a row for each link without one (links that predate the page). Each
     * step is one lookup per row or link; nodes starting together collide on a row's key instead of doubling it.
     */
    void reconcile() {
        rows().toList().forEach(row -> {
            Row stored = Row.of(row);
            UserModel user = stored.userId() == null ? null : session.users().getUserById(realm, stored.userId());
            FederatedIdentityModel link = user == null || stored.identityProvider() == null ? null
                    : session.users().getFederatedIdentity(realm, user, stored.identityProvider());
            if (link == null || !link.getUserId().equals(stored.identifier())) {
                writeAs(() -> realm.removeComponent(row));
                return;
            }
            String id = rowId(realm, user.getId(), link);
            if (!id.equals(row.getId())) {
                ComponentModel rekeyed = new ComponentModel(row);
                rekeyed.setId(id);
                writeAs(() -> {
                    realm.removeComponent(row);
                    if (realm.getComponent(id) == null) {
                        realm.importComponentModel(rekeyed);
                    }
                });
            }
        });
        session.identityProviders().getAllStream()
                .filter(provider -> MtlsIdentityProviderFactory.PROVIDER_ID.equals(provider.getProviderId()))
                .forEach(provider -> session.users().searchForUserStream(realm, Map.of(UserModel.IDP_ALIAS, provider.getAlias()))
                        .forEach(user -> {
                            FederatedIdentityModel link = session.users().getFederatedIdentity(realm, user, provider.getAlias());
                            if (link != null) {
                                linked(user, link);
                            }
                        }));
    }

    /** One row id per realm, user, provider and certificate identifier: what Keycloak keys the link itself by, and more. */
    static String rowId(RealmModel realm, String userId, String alias, String identifier) {
        return UUID.nameUUIDFromBytes(String.join(":", "ssoBundle.certificates.page", realm.getId(), userId, alias, identifier)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String rowId(RealmModel realm, String userId, FederatedIdentityModel link) {
        return rowId(realm, userId, link.getIdentityProvider(), link.getUserId());
    }

    Stream<ComponentModel> rows() {
        return realm.getComponentsStream(realm.getId(), UiPageProvider.class.getName())
                .filter(c -> CertificatesPageFactory.PROVIDER_ID.equals(c.getProviderId()));
    }

    private boolean isMtlsProvider(String alias) {
        IdentityProviderModel provider = session.identityProviders().getByAlias(alias);
        return provider != null && MtlsIdentityProviderFactory.PROVIDER_ID.equals(provider.getProviderId());
    }

    /** Writes the row of this link: nginx's facts about the certificate where this request had them ({@code facts} may be null). */
    private void describe(ComponentModel row, UserModel user, String alias, String identifier, String linkSubject,
            MtlsLoginHop.CertificateIdentity facts) {
        CertificateIdentifier mode = CertificateTrust.ofProvider(session, alias).map(t -> t.config().certificateIdentifier())
                .orElse(CertificateIdentifier.SHA1_FINGERPRINT);
        String fingerprint = facts != null && facts.fingerprint() != null ? facts.fingerprint()
                : mode == CertificateIdentifier.SHA1_FINGERPRINT ? identifier : null;
        // The link's user name is the subject as Keycloak's broker stored it (lower-cased); nginx's own form when known.
        String subject = facts != null && facts.subjectDn() != null ? facts.subjectDn() : linkSubject;
        row.setName(user.getUsername() + " " + identifier);
        new Row(user.getUsername(), user.getId(), alias, identifier, recorded(subject), recorded(facts == null ? null : facts.issuerDn()),
                recorded(facts == null ? null : facts.serial()), recorded(fingerprint)).writeTo(row);
    }

    private static String recorded(String fact) {
        return fact == null ? NOT_RECORDED : fact;
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
