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

    private StringRecords() {
    }

    /** The record's non-null components, by name. */
    public static Map<String, String> toMap(Record record) {
        Map<String, String> map = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value = invoke(() -> {
                Method accessor = component.getAccessor();
                accessor.setAccessible(true);
                return accessor.invoke(record);
            });
            if (value != null) {
                map.put(component.getName(), (String) value);
            }
        }
        return map;
    }

    /** The record whose components are {@code values} of their names (null where absent); other keys are ignored. */
    public static <R extends Record> R fromMap(Class<R> type, Function<String, String> values) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Object[] arguments = Arrays.stream(components).map(component -> values.apply(component.getName())).toArray();
        return invoke(() -> {
            Constructor<R> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(arguments);
        });
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
