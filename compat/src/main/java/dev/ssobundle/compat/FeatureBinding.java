package dev.ssobundle.compat;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One feature's adapter to the Keycloak internals it needs, bound once at start-up (from the factory's
 * {@code init}). When the server is outside the supported range or the adapter cannot bind, the feature
 * is refused: one ERROR at start-up naming feature, server version and supported range, and the
 * feature's endpoints answer 503 with {@link #unavailableMessage()} instead of failing with a
 * {@code NoSuchMethodError} on some later request. Other features are not affected.
 *
 * @param <A> the adapter type
 */
public final class FeatureBinding<A> {

    /**
     * Test-only switch (a JVM system property, e.g. {@code JAVA_OPTS_APPEND=-DssoBundle.test.unbindAdapters=oidc-api}):
     * the named features (comma-separated) are refused as if their adapter could not bind, so the
     * refusal path can be tested on a supported server.
     */
    public static final String TEST_UNBIND_PROPERTY = "ssoBundle.test.unbindAdapters";

    private static final Logger LOG = Logger.getLogger(FeatureBinding.class);

    /** Binds the adapter: returns it or throws {@link AdapterUnavailableException} saying what is missing. */
    @FunctionalInterface
    public interface Binder<A> {
        A bind() throws AdapterUnavailableException, ReflectiveOperationException;
    }

    private final String feature;
    private final String serverVersion;
    private final A adapter;
    private final String refusal;

    private FeatureBinding(String feature, String serverVersion, A adapter, String refusal) {
        this.feature = feature;
        this.serverVersion = serverVersion;
        this.adapter = adapter;
        this.refusal = refusal;
    }

    /** Binds {@code feature} on the running server, logging one ERROR if it is refused. */
    public static <A> FeatureBinding<A> bind(String feature, Binder<A> binder) {
        return bind(feature, SupportedKeycloak.runningVersion(), System.getProperty(TEST_UNBIND_PROPERTY, ""), binder);
    }

    static <A> FeatureBinding<A> bind(String feature, String serverVersion, String forcedUnbound, Binder<A> binder) {
        FeatureBinding<A> binding = attempt(feature, serverVersion, forcedUnbound, binder);
        if (binding.refusal != null) {
            LOG.errorf("SSO bundle feature '%s' is unavailable on Keycloak %s (supported: Keycloak %s): %s. "
                    + "Its endpoints answer 503 until the bundle runs on a supported Keycloak; other features are not affected.",
                    feature, serverVersion, SupportedKeycloak.RANGE, binding.refusal);
        } else {
            LOG.debugf("SSO bundle feature '%s' bound %s on Keycloak %s", feature, binding.adapter.getClass().getSimpleName(), serverVersion);
        }
        return binding;
    }

    private static <A> FeatureBinding<A> attempt(String feature, String serverVersion, String forcedUnbound, Binder<A> binder) {
        if (Arrays.stream(forcedUnbound.split(",")).map(String::trim).anyMatch(feature::equals)) {
            return refused(feature, serverVersion, "its adapter was switched off by the test switch " + TEST_UNBIND_PROPERTY);
        }
        if (!SupportedKeycloak.supports(serverVersion)) {
            return refused(feature, serverVersion, "this Keycloak version is outside the supported range");
        }
        try {
            return new FeatureBinding<>(feature, serverVersion, Objects.requireNonNull(binder.bind(), "adapter"), null);
        } catch (AdapterUnavailableException e) {
            return refused(feature, serverVersion, "its adapter cannot bind: " + e.getMessage());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return refused(feature, serverVersion, "its adapter cannot bind: " + e);
        }
    }

    private static <A> FeatureBinding<A> refused(String feature, String serverVersion, String reason) {
        return new FeatureBinding<>(feature, serverVersion, null, reason);
    }

    public boolean isBound() {
        return refusal == null;
    }

    /** The bound adapter; only when {@link #isBound()}. */
    public A adapter() {
        if (refusal != null) {
            throw new IllegalStateException("Feature " + feature + " is not bound: " + refusal);
        }
        return adapter;
    }

    public String feature() {
        return feature;
    }

    /** e.g. {@code bound (OidcKeycloakAdapter)} or {@code unavailable: <reason>}, for server info. */
    public String status() {
        if (refusal != null) {
            return "unavailable: " + refusal;
        }
        String name = adapter.getClass().getSimpleName();
        return "bound (" + (adapter instanceof ContractChoice choice ? name + ": " + choice.contract() : name) + ")";
    }

    /** An adapter that picks one of several Keycloak contracts says which, for server info. */
    public interface ContractChoice {
        String contract();
    }

    /**
     * The feature's JAX-RS resource made from the bound adapter; when the feature is refused, an
     * {@link UnavailableFeatureResource} that answers 503 with {@code unavailableBody} of
     * {@link #unavailableMessage()}, the refusal in the feature's own error format.
     */
    public Object resource(Function<A, Object> resource, Function<String, Object> unavailableBody, String mediaType) {
        if (refusal != null) {
            return new UnavailableFeatureResource(unavailableBody.apply(unavailableMessage()), mediaType);
        }
        return resource.apply(adapter);
    }

    /** What the 503 body tells a client: no stack trace, just what is wrong and where to look. */
    public String unavailableMessage() {
        return "The SSO bundle's " + feature + " feature is unavailable on this server (Keycloak " + serverVersion
                + "; supported: Keycloak " + SupportedKeycloak.RANGE + "): " + refusal + ". The server log says more.";
    }
}
