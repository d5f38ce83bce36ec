package dev.ssobundle.mtls;

import dev.ssobundle.compat.StringRecords;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * The two one-time records that carry a login across the certificate site, kept in Keycloak's
 * {@link SingleUseObjectProvider} so any cluster node can consume them exactly once:
 * <ul>
 *   <li>the <em>hop</em>, written when the user clicks the mTLS button: for this broker state
 *   (stored as a hash), where to come back to. The return address is never taken from the URL, so
 *   the certificate site cannot be turned into an open redirect;</li>
 *   <li>the <em>code</em>, written by the certificate site after nginx verified the certificate: the
 *   certificate identity, bound to the same state hash, valid {@value #CODE_LIFESPAN_SECONDS} s.</li>
 * </ul>
 */
final class MtlsLoginHop {

    static final long CODE_LIFESPAN_SECONDS = 60;

    private static final String HOP_PREFIX = "sso-bundle.mtls.hop.";
    private static final String CODE_PREFIX = "sso-bundle.mtls.code.";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String STATE_HASH = "stateHash";

    /** The hop: the login's realm, the mTLS provider's alias, and where the certificate site sends the browser back. */
    record Hop(String realm, String alias, String returnUri) {
    }

    /**
     * What the certificate site established: the certificate's identifier (what the login looks up) and nginx's facts
     * about it, for the login's realm and provider. Issuer, serial and fingerprint are read again when the certificate
     * is linked, so the admin console's Certificates page shows them ({@link CertificateBindings}).
     */
    record CertificateIdentity(String realm, String alias, String identifier, String subjectDn, String issuerDn, String serial,
            String fingerprint, String email) {
    }

    /** A consumed code: the identity it carried and the hash of the login state it was issued for. */
    record IssuedCode(CertificateIdentity identity, String stateHash) {

        boolean boundTo(String state) {
            return stateHash != null && MessageDigest.isEqual(stateHash.getBytes(StandardCharsets.US_ASCII),
                    MtlsLoginHop.stateHash(state).getBytes(StandardCharsets.US_ASCII));
        }
    }

    private final SingleUseObjectProvider store;

    MtlsLoginHop(KeycloakSession session) {
        this.store = session.singleUseObjects();
    }

    void startHop(RealmModel realm, String alias, String state, String returnUri) {
        store.put(HOP_PREFIX + stateHash(state), Math.max(60, realm.getAccessCodeLifespanLogin()),
                StringRecords.toMap(new Hop(realm.getId(), alias, returnUri)));
    }

    /** The hop for this state, still unused (read without consuming, so an untrusted caller cannot burn it); null if none. */
    Hop findHop(String state) {
        return hop(store.get(HOP_PREFIX + stateHash(state)));
    }

    /** Consumes the hop; null when another request (on any node) consumed it first. */
    Hop consumeHop(String state) {
        return hop(store.remove(HOP_PREFIX + stateHash(state)));
    }

    /** Stores the certificate identity under a fresh random code bound to the state; returns the code. */
    String issueCode(String state, CertificateIdentity identity) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Map<String, String> record = new HashMap<>(StringRecords.toMap(identity));
        record.put(STATE_HASH, stateHash(state));
        store.put(CODE_PREFIX + code, CODE_LIFESPAN_SECONDS, record);
        return code;
    }

    /** Atomically consumes the code: null when unknown, expired or already used. */
    IssuedCode consumeCode(String code) {
        Map<String, String> record = store.remove(CODE_PREFIX + code);
        return record == null ? null : new IssuedCode(StringRecords.fromMap(CertificateIdentity.class, record::get), record.get(STATE_HASH));
    }

    /** A hop without its return address (one a node of the former release wrote as "return") is no hop: the login starts over. */
    private static Hop hop(Map<String, String> record) {
        Hop hop = record == null ? null : StringRecords.fromMap(Hop.class, record::get);
        return hop == null || hop.returnUri() == null ? null : hop;
    }

    static String stateHash(String state) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
