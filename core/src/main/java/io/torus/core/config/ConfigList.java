package io.torus.core.config;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * An array of a parsed configuration, {@code [ ... ]}: its values in order, each with the position where
 * it was written. Values are of the same types as in {@link ConfigMap}; the typed getters throw a
 * {@link ConfigException} at the element's position when the type is wrong.
 *
 * <p>A read-only {@link List}: equal to any list with the same content, whatever the positions.
 */
public final class ConfigList extends AbstractList<Object> {

    private final ConfigPosition position;
    private final List<Object> values = new ArrayList<>();
    private final List<ConfigPosition> positions = new ArrayList<>();

    ConfigList(ConfigPosition position) {
        this.position = position;
    }

    void add(Object value, ConfigPosition valuePosition) {
        values.add(value);
        positions.add(valuePosition);
    }

    /** Where the array starts: its '['. */
    public ConfigPosition position() {
        return position;
    }

    @Override
    public int size() {
        return values.size();
    }

    /** The raw value at {@code index}. */
    @Override
    public Object get(int index) {
        return values.get(index);
    }

    /** Where the value at {@code index} starts. */
    public ConfigPosition positionOf(int index) {
        return positions.get(index);
    }

    /** An error at the position of the element at {@code index}. */
    public ConfigException errorAt(int index, String reason) {
        return new ConfigException(positionOf(index), reason);
    }

    public String getString(int index) {
        return typed(index, String.class, ValueKind.STRING);
    }

    public long getLong(int index) {
        return typed(index, Long.class, ValueKind.INTEGER);
    }

    public boolean getBoolean(int index) {
        return typed(index, Boolean.class, ValueKind.BOOLEAN);
    }

    public ConfigMap getMap(int index) {
        return typed(index, ConfigMap.class, ValueKind.MAP);
    }

    public ConfigList getList(int index) {
        return typed(index, ConfigList.class, ValueKind.ARRAY);
    }

    /** A copy as plain {@link List}s and {@link java.util.LinkedHashMap}s, without positions. */
    public List<Object> toPlainList() {
        List<Object> plain = new ArrayList<>(values.size());
        for (Object value : values) {
            plain.add(ConfigMap.toPlain(value));
        }
        return plain;
    }

    private <T> T typed(int index, Class<T> type, ValueKind kind) {
        Object value = values.get(index);
        if (!type.isInstance(value)) {
            throw errorAt(index, "array element " + index + " should be " + kind.description() + ", got "
                    + ValueKind.describe(value));
        }
        return type.cast(value);
    }
}
