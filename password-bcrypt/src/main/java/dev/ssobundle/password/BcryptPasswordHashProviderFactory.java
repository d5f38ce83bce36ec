package dev.ssobundle.password;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.credential.hash.PasswordHashProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Password hash algorithm {@value #PROVIDER_ID}. Server-wide options:
 * {@code --spi-password-hashing--bcrypt--max-cost} (default {@value #DEFAULT_MAX_COST}) and
 * {@code --spi-password-hashing--bcrypt--default-cost} (default {@value #DEFAULT_COST}, used only when
 * a realm makes bcrypt its policy algorithm).
 */
public final class BcryptPasswordHashProviderFactory implements PasswordHashProviderFactory {

    public static final String PROVIDER_ID = "bcrypt";
    /** About 1 s per attempt on one core of a 2020s server: above that a stored hash is a denial-of-service lever. */
    static final int DEFAULT_MAX_COST = 14;
    static final int DEFAULT_COST = 12;
    /** bcrypt's own upper bound. */
    private static final int ABSOLUTE_MAX_COST = 31;

    private int maxCost = DEFAULT_MAX_COST;
    private int defaultCost = DEFAULT_COST;

    @Override
    public PasswordHashProvider create(KeycloakSession session) {
        return new BcryptPasswordHashProvider(maxCost, defaultCost);
    }

    @Override
    public void init(Config.Scope config) {
        maxCost = Math.max(BcryptHash.MIN_COST, Math.min(ABSOLUTE_MAX_COST, config.getInt("maxCost", DEFAULT_MAX_COST)));
        defaultCost = Math.max(BcryptHash.MIN_COST, Math.min(maxCost, config.getInt("defaultCost", DEFAULT_COST)));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("maxCost").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_MAX_COST)
                .helpText("Highest bcrypt cost a stored hash may have; hashes above it fail to verify (login error, logged).").add()
                .property().name("defaultCost").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_COST)
                .helpText("Cost of new hashes when a realm's password policy chooses bcrypt.").add()
                .build();
    }
}
