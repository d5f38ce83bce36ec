package dev.ssobundle.compat;

/** A provider factory that binds a feature's adapter at start-up; server info lists their states. */
public interface FeatureBindingAware {

    FeatureBinding<?> featureBinding();
}
