package dev.ssobundle.compat;

/** Thrown by a feature's adapter binder when the running Keycloak lacks what the feature needs. */
public final class AdapterUnavailableException extends Exception {

    public AdapterUnavailableException(String reason) {
        super(reason);
    }

    public AdapterUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
