package dev.ssobundle.mtls;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The address of the TCP peer that sent the current request: nginx, when Keycloak sits behind it.
 * Keycloak's own client address ({@code ClientConnection.getRemoteAddr()}) is the first
 * X-Forwarded-For value once Keycloak runs with {@code --proxy-headers xforwarded}, so it names the
 * browser (or whatever a caller wrote there), not the proxy; the trusted-proxy check needs the socket.
 * <p>
 * Keycloak offers no SPI for it. This adapter reads it the way Keycloak's Quarkus runtime builds its
 * {@code ClientConnection} (RESTEasy Reactive's current request, unwrapped to the Vert.x request),
 * but from the connection rather than the forwarded view. It binds once, at class initialisation;
 * when it cannot, {@link #address()} is empty and callers refuse (never fall back to a forgeable value).
 */
final class ConnectingPeer {

    private static final Logger LOG = Logger.getLogger(ConnectingPeer.class);

    private static final MethodHandle CURRENT_REQUEST;
    private static final MethodHandle UNWRAP;
    private static final Class<?> VERTX_REQUEST;
    private static final MethodHandle CONNECTION;
    private static final MethodHandle REMOTE_ADDRESS;
    private static final MethodHandle HOST_ADDRESS;
    /** Why the adapter did not bind, or null when it did. */
    static final String UNAVAILABLE;

    static {
        MethodHandle current = null;
        MethodHandle unwrap = null;
        Class<?> vertxRequest = null;
        MethodHandle connection = null;
        MethodHandle remoteAddress = null;
        MethodHandle hostAddress = null;
        String unavailable = null;
        try {
            ClassLoader loader = ConnectingPeer.class.getClassLoader();
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> manager = Class.forName("org.jboss.resteasy.reactive.server.core.CurrentRequestManager", false, loader);
            Class<?> context = Class.forName("org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext", false, loader);
            vertxRequest = Class.forName("io.vertx.core.http.HttpServerRequest", false, loader);
            Class<?> httpConnection = Class.forName("io.vertx.core.http.HttpConnection", false, loader);
            Class<?> socketAddress = Class.forName("io.vertx.core.net.SocketAddress", false, loader);
            current = lookup.findStatic(manager, "get", MethodType.methodType(context));
            unwrap = lookup.findVirtual(context, "unwrap", MethodType.methodType(Object.class, Class.class));
            connection = lookup.findVirtual(vertxRequest, "connection", MethodType.methodType(httpConnection));
            remoteAddress = lookup.findVirtual(httpConnection, "remoteAddress", MethodType.methodType(socketAddress));
            hostAddress = lookup.findVirtual(socketAddress, "hostAddress", MethodType.methodType(String.class));
        } catch (ReflectiveOperationException | LinkageError e) {
            unavailable = e.toString();
            LOG.errorf("mTLS: cannot read the connecting proxy's address on this Keycloak (%s); "
                    + "identity providers with trusted proxy addresses will refuse every certificate", unavailable);
        }
        CURRENT_REQUEST = current;
        UNWRAP = unwrap;
        VERTX_REQUEST = vertxRequest;
        CONNECTION = connection;
        REMOTE_ADDRESS = remoteAddress;
        HOST_ADDRESS = hostAddress;
        UNAVAILABLE = unavailable;
    }

    private ConnectingPeer() {
    }

    /** The connecting peer's IP address, or empty when it cannot be known (then nothing is trusted by address). */
    static Optional<String> address() {
        if (UNAVAILABLE != null) {
            return Optional.empty();
        }
        try {
            Object context = CURRENT_REQUEST.invoke();
            Object request = context == null ? null : UNWRAP.invoke(context, VERTX_REQUEST);
            Object connection = request == null ? null : CONNECTION.invoke(request);
            Object address = connection == null ? null : REMOTE_ADDRESS.invoke(connection);
            return address == null ? Optional.empty() : Optional.ofNullable((String) HOST_ADDRESS.invoke(address));
        } catch (Throwable e) {
            LOG.debugf("mTLS: connecting peer address not readable: %s", e);
            return Optional.empty();
        }
    }
}
