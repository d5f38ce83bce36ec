package dev.ssobundle.compat;

import java.util.function.Supplier;
import org.keycloak.Config;

/**
 * What every provider factory of a feature with a Keycloak adapter does at start-up, written once:
 * bind the adapter in {@code init} (one ERROR if the feature is refused) and show the binding in server
 * info ({@link FeatureBindingAware}). A factory extends this and implements its SPI's factory
 * interface (realm resource, admin realm resource, identity provider...); Keycloak calls the
 * {@code init} and {@code close} inherited from here.
 *
 * @param <A> the feature's adapter type
 */
public abstract class FeatureBindingFactory<A> implements FeatureBindingAware {

    private final Supplier<FeatureBinding<A>> binder;
    private FeatureBinding<A> binding;

    /** The factory binds {@code feature} itself, with {@code binder}. */
    protected FeatureBindingFactory(String feature, FeatureBinding.Binder<A> binder) {
        this(() -> FeatureBinding.bind(feature, binder));
    }

    /** The factory takes a binding made elsewhere, e.g. one shared by the feature's factories. */
    protected FeatureBindingFactory(Supplier<FeatureBinding<A>> binding) {
        this.binder = binding;
    }

    public void init(Config.Scope config) {
        binding = binder.get();
    }

    @Override
    public final FeatureBinding<A> featureBinding() {
        return binding;
    }

    public void close() {
    }
}
