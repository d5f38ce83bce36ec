package dev.ssobundle.password;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.jboss.logging.Logger;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * Verifies bcrypt password hashes imported from systems such as Encvoy ID (Node's {@code bcrypt}).
 * The whole bcrypt string (salt and cost included) is the credential's secret value. Keycloak's
 * password credential provider re-hashes the password with the realm policy's algorithm after the
 * first successful verification, because {@link #policyCheck} of the policy's provider fails for a
 * credential whose algorithm is {@value BcryptPasswordHashProviderFactory#PROVIDER_ID}.
 */
record BcryptPasswordHashProvider(int maxCost, int defaultCost) implements PasswordHashProvider {

    private static final Logger LOG = Logger.getLogger(BcryptPasswordHashProvider.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public boolean policyCheck(PasswordPolicy policy, PasswordCredentialModel credential) {
        int policyCost = policy.getHashIterations() == -1 ? defaultCost : policy.getHashIterations();
        return BcryptPasswordHashProviderFactory.PROVIDER_ID.equals(credential.getPasswordCredentialData().getAlgorithm())
                && credential.getPasswordCredentialData().getHashIterations() == policyCost;
    }

    /** Used only when a realm chooses {@code hashAlgorithm(bcrypt)} as its policy. */
    @Override
    public PasswordCredentialModel encodedCredential(String rawPassword, int iterations) {
        int cost = iterations == -1 ? defaultCost : iterations;
        if (cost < BcryptHash.MIN_COST || cost > maxCost) {
            throw new IllegalArgumentException("bcrypt cost " + cost + " is outside " + BcryptHash.MIN_COST + ".." + maxCost);
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String hash = OpenBSDBCrypt.generate("2b", rawPassword.toCharArray(), salt, cost);
        return PasswordCredentialModel.createFromValues(BcryptPasswordHashProviderFactory.PROVIDER_ID, new byte[0], cost, hash);
    }

    @Override
    public boolean verify(String rawPassword, PasswordCredentialModel credential) {
        return verify(rawPassword, credential.getPasswordSecretData().getValue(), credential.getId());
    }

    /**
     * A hash that cannot be checked is a failed login (the user sees Keycloak's usual "invalid
     * password" message), logged once here with the credential id, never the hash or the password.
     */
    boolean verify(String rawPassword, String stored, String credentialId) {
        if (rawPassword == null) {
            return false;
        }
        try {
            BcryptHash.parseWithCostLimit(stored, maxCost);
            return OpenBSDBCrypt.checkPassword(stored, rawPassword.toCharArray());
        } catch (IllegalArgumentException e) {
            LOG.warnf("bcrypt credential %s cannot be verified: %s; the login fails (reset the user's password)",
                    credentialId, e.getMessage());
            return false;
        }
    }

    @Override
    public String credentialHashingStrength(PasswordCredentialModel credential) {
        return "bcrypt cost " + credential.getPasswordCredentialData().getHashIterations();
    }

    @Override
    public void close() {
    }
}
