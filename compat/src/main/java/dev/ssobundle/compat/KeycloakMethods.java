package dev.ssobundle.compat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The method-handle lookups the feature adapters share: a Keycloak method whose name or signature
 * differs between supported lines is found once at start-up under whichever form the running line has,
 * or the adapter fails to bind with the forms it looked for.
 */
public final class KeycloakMethods {

    private KeycloakMethods() {
    }

    /**
     * The first of {@code names} × {@code types} (names first) that {@code owner} declares as a public
     * instance method.
     */
    public static MethodHandle firstOf(Class<?> owner, List<String> names, List<MethodType> types)
            throws AdapterUnavailableException, IllegalAccessException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        for (String name : names) {
            for (MethodType type : types) {
                try {
                    return lookup.findVirtual(owner, name, type);
                } catch (NoSuchMethodException tryNext) {
                    // the form of another line
                }
            }
        }
        throw new AdapterUnavailableException(owner.getName() + " has none of " + names.stream()
                .flatMap(name -> types.stream().map(type -> name + type.parameterList().stream().map(Class::getSimpleName)
                        .collect(Collectors.joining(", ", "(", ")"))))
                .collect(Collectors.joining(", ")));
    }

    /** A no-argument accessor: the first of {@code names} returning {@code returnType}. */
    public static MethodHandle accessor(Class<?> owner, Class<?> returnType, String... names)
            throws AdapterUnavailableException, IllegalAccessException {
        return firstOf(owner, List.of(names), List.of(MethodType.methodType(returnType)));
    }

    /** A bound call: what the handle throws unchecked passes through, anything else becomes an IllegalStateException. */
    @FunctionalInterface
    public interface HandleCall<T> {
        T call() throws Throwable;
    }

    public static <T> T call(HandleCall<T> call) {
        try {
            return call.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
