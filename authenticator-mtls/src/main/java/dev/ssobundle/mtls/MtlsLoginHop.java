package dev.ssobundle.mtls;

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

    static final String REALM_ID = "realm";
    static final String ALIAS = "alias";
    static final String RETURN_URI = "return";
    static final String STATE_HASH = "stateHash";
    static final String IDENTIFIER = "identifier";
    static final String SUBJECT_DN = "subjectDn";
    // read back when the link is made, so the admin console's Certificates page shows them (CertificateBindings)
    static final String ISSUER_DN = "issuerDn";
    static final String SERIAL = "serial";
    static final String FINGERPRINT = "fingerprint";
    static final String EMAIL = "email";

    private final SingleUseObjectProvider store;

    MtlsLoginHop(KeycloakSession session) {
        this.store = session.singleUseObjects();
    }

    void startHop(RealmModel realm, String alias, String state, String returnUri) {
        Map<String, String> hop = new HashMap<>();
        hop.put(REALM_ID, realm.getId());
        hop.put(ALIAS, alias);
        hop.put(RETURN_URI, returnUri);
        store.put(HOP_PREFIX + stateHash(state), Math.max(60, realm.getAccessCodeLifespanLogin()), hop);
    }

    /** The hop for this state, still unused (read without consuming, so an untrusted caller cannot burn it). */
    Map<String, String> findHop(String state) {
        return store.get(HOP_PREFIX + stateHash(state));
    }

    /** Consumes the hop; null when another request (on any node) consumed it first. */
    Map<String, String> consumeHop(String state) {
        return store.remove(HOP_PREFIX + stateHash(state));
    }

    /** Stores the certificate identity under a fresh random code bound to the state; returns the code. */
    String issueCode(String state, Map<String, String> identity) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Map<String, String> record = new HashMap<>(identity);
        record.put(STATE_HASH, stateHash(state));
        store.put(CODE_PREFIX + code, CODE_LIFESPAN_SECONDS, record);
        return code;
    }

    /** Atomically consumes the code: null when unknown, expired or already used. */
    Map<String, String> consumeCode(String code) {
        return store.remove(CODE_PREFIX + code);
    }

    static boolean boundTo(Map<String, String> record, String state) {
        String expected = record.get(STATE_HASH);
        return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                stateHash(state).getBytes(StandardCharsets.US_ASCII));
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
