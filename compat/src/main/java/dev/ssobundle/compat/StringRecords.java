package dev.ssobundle.compat;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Records of strings kept where Keycloak keeps small things as string maps (single-use store entries,
 * component config such as an admin console page's rows), each component under its own name: the
 * names are declared once, by the record. The records may be package-private to their feature.
 */
public final class StringRecords {

    /**
     * A record type's component names, accessors and canonical constructor, looked up once per type: the token
     * rows are read on every SCIM request that presents a provisioning token.
     */
    private record Shape(String[] names, Method[] accessors, Constructor<?> canonical) {
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Method[] accessors = Arrays.stream(components).map(RecordComponent::getAccessor).toArray(Method[]::new);
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Constructor<?> canonical = invoke(() -> type.getDeclaredConstructor(types));
            canonical.setAccessible(true);
            for (Method accessor : accessors) {
                accessor.setAccessible(true);
            }
            return new Shape(Arrays.stream(components).map(RecordComponent::getName).toArray(String[]::new), accessors, canonical);
        }
    };

    private StringRecords() {
    }

    /** The record's non-null components, by name. */
    public static Map<String, String> toMap(Record record) {
        Shape shape = SHAPES.get(record.getClass());
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < shape.names().length; i++) {
            Method accessor = shape.accessors()[i];
            Object value = invoke(() -> accessor.invoke(record));
            if (value != null) {
                map.put(shape.names()[i], (String) value);
            }
        }
        return map;
    }

    /** The record whose components are {@code values} of their names (null where absent); other keys are ignored. */
    public static <R extends Record> R fromMap(Class<R> type, Function<String, String> values) {
        Shape shape = SHAPES.get(type);
        Object[] arguments = Arrays.stream(shape.names()).map(values).toArray();
        return type.cast(invoke(() -> shape.canonical().newInstance(arguments)));
    }

    private interface Reflective<T> {
        T call() throws ReflectiveOperationException;
    }

    private static <T> T invoke(Reflective<T> call) {
        try {
            return call.call();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("a record of strings: " + e.getMessage(), e);
        }
    }
}
