package io.torus.core.config;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A map of a parsed configuration: the top level of a file or a {@code { ... }} value. Keys keep their
 * case and the order in which they were first written; a key written twice keeps the last value, as in
 * Go. Values are {@link String}, {@link Long}, {@link Double}, {@link Boolean},
 * {@link java.time.Instant}, {@link ConfigMap} or {@link ConfigList} (see {@link ValueKind}).
 *
 * <p>Every key remembers where it was written, so that option mapping can report
 * {@code conf/x.conf:12:3: unknown field "foo"} with {@link #unknownField(String)}. The typed getters
 * ({@link #getString(String)}, {@link #getLong(String)}, ...) throw a {@link ConfigException} at the
 * key's position when the value has the wrong type, and at the map's position when a required key is
 * missing.
 *
 * <p>A read-only {@link Map}: equal to any map with the same content, whatever the positions. The
 * parser fills it through package-private methods.
 */
public final class ConfigMap extends AbstractMap<String, Object> {

    /** One key of the map with its value and where both were written. */
    private static final class Entry {
        final String key;
        final Object value;
        final ConfigPosition keyPosition;
        final ConfigPosition valuePosition;
        boolean usedAsVariable;

        Entry(String key, Object value, ConfigPosition keyPosition, ConfigPosition valuePosition) {
            this.key = key;
            this.value = value;
            this.keyPosition = keyPosition;
            this.valuePosition = valuePosition;
        }
    }

    private final ConfigPosition position;
    private final List<ConfigWarning> warnings;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    ConfigMap(ConfigPosition position, List<ConfigWarning> warnings) {
        this.position = position;
        this.warnings = warnings;
    }

    // ---------------------------------------------------------------- filled by the parser

    void put(String key, Object value, ConfigPosition keyPosition, ConfigPosition valuePosition) {
        entries.put(key, new Entry(key, value, keyPosition, valuePosition));
    }

    /** Copies the entries of an included file, keeping their positions in that file. */
    void mergeIncluded(ConfigMap other) {
        for (Entry e : other.entries.values()) {
            Entry copy = new Entry(e.key, e.value, e.keyPosition, e.valuePosition);
            copy.usedAsVariable = e.usedAsVariable;
            entries.put(e.key, copy);
        }
    }

    /** The value of {@code key} for a {@code $key} reference, marking the key as used that way. */
    Object resolveVariable(String key) {
        Entry e = entries.get(key);
        e.usedAsVariable = true;
        return e.value;
    }

    // ---------------------------------------------------------------- structure and positions

    /** Where the map starts: its '{', or line 1 of the file for the top level. */
    public ConfigPosition position() {
        return position;
    }

    /** The keys in the order they were first written. */
    @Override
    public Set<String> keySet() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** The entries in the order their keys were first written; read-only. */
    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                Iterator<Entry> it = entries.values().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        Entry e = it.next();
                        return new SimpleImmutableEntry<>(e.key, e.value);
                    }
                };
            }

            @Override
            public int size() {
                return entries.size();
            }
        };
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    /** The raw value of {@code key}, or null if it is absent. */
    @Override
    public Object get(Object key) {
        Entry e = entries.get(key);
        return e == null ? null : e.value;
    }

    /** Where {@code key} was written (in an included file if it came from one); the map's position if absent. */
    public ConfigPosition positionOf(String key) {
        Entry e = entries.get(key);
        return e == null ? position : e.keyPosition;
    }

    /** Where the value of {@code key} starts (a {@code $VAR} reference's position for a variable). */
    public ConfigPosition valuePositionOf(String key) {
        Entry e = entries.get(key);
        return e == null ? position : e.valuePosition;
    }

    /**
     * Whether {@code key} was referenced as {@code $key} later in the configuration. The Go server does
     * not report such keys as unknown fields: they are definitions, not options.
     */
    public boolean isUsedAsVariable(String key) {
        Entry e = entries.get(key);
        return e != null && e.usedAsVariable;
    }

    /**
     * Warnings collected while reading values of this configuration (shared by all maps of one parse),
     * e.g. a duration given as a number of seconds. The caller logs them.
     */
    public List<ConfigWarning> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    // ---------------------------------------------------------------- errors at a key

    /** An error at the position of {@code key}: {@code file:line:col: reason}. */
    public ConfigException errorAt(String key, String reason) {
        return new ConfigException(positionOf(key), reason);
    }

    /** Go's {@code unknown field "foo"} error at the key's position. */
    public ConfigException unknownField(String key) {
        return errorAt(key, "unknown field \"" + key + "\"");
    }

    /** Records a warning at the position of {@code key}, in Go's wording. */
    public void warn(String key, String reason) {
        warnings.add(new ConfigWarning(positionOf(key), key, reason));
    }

    // ---------------------------------------------------------------- typed access

    public String getString(String key) {
        return required(key, String.class, ValueKind.STRING);
    }

    public String getString(String key, String defaultValue) {
        return containsKey(key) ? getString(key) : defaultValue;
    }

    public long getLong(String key) {
        return required(key, Long.class, ValueKind.INTEGER);
    }

    public long getLong(String key, long defaultValue) {
        return containsKey(key) ? getLong(key) : defaultValue;
    }

    /** An integer that must fit in 32 bits (ports, counts). */
    public int getInt(String key) {
        long value = getLong(key);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw errorAt(key, "field \"" + key + "\" is out of range: " + value);
        }
        return (int) value;
    }

    public int getInt(String key, int defaultValue) {
        return containsKey(key) ? getInt(key) : defaultValue;
    }

    /** A float; an integer is accepted too (Go's options read {@code timeout: 2} and {@code 0.5} alike). */
    public double getDouble(String key) {
        Object value = requiredValue(key);
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d) {
            return d;
        }
        throw wrongType(key, value, "a number");
    }

    public double getDouble(String key, double defaultValue) {
        return containsKey(key) ? getDouble(key) : defaultValue;
    }

    /** A boolean: {@code true/false/yes/no/on/off} unquoted, in any case. */
    public boolean getBoolean(String key) {
        return required(key, Boolean.class, ValueKind.BOOLEAN);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return containsKey(key) ? getBoolean(key) : defaultValue;
    }

    /**
     * A duration the way the Go server's options read one: a string in {@link Durations#parse} syntax
     * ({@code "2s"}, {@code 300ms}), or an integer taken as seconds with a warning
     * ({@code <key> should be converted to a duration}) added to {@link #warnings()}.
     */
    public Duration getDuration(String key) {
        Object value = requiredValue(key);
        if (value instanceof String s) {
            try {
                return Durations.parse(s);
            } catch (IllegalArgumentException e) {
                throw errorAt(key, "error parsing " + key + ": " + e.getMessage());
            }
        }
        if (value instanceof Long seconds) {
            warn(key, key + " should be converted to a duration");
            return Duration.ofSeconds(seconds);
        }
        throw wrongType(key, value, "a duration");
    }

    public Duration getDuration(String key, Duration defaultValue) {
        return containsKey(key) ? getDuration(key) : defaultValue;
    }

    /**
     * A storage size in bytes: an integer (unquoted {@code 1GB} is already 1073741824) or a string in
     * {@link Sizes#parse} syntax ({@code "512M"}).
     */
    public long getSize(String key) {
        Object value = requiredValue(key);
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof String s) {
            try {
                return Sizes.parse(s);
            } catch (IllegalArgumentException e) {
                throw errorAt(key, "error parsing " + key + ": " + e.getMessage());
            }
        }
        throw wrongType(key, value, "a size");
    }

    public long getSize(String key, long defaultValue) {
        return containsKey(key) ? getSize(key) : defaultValue;
    }

    public ConfigMap getMap(String key) {
        return required(key, ConfigMap.class, ValueKind.MAP);
    }

    public ConfigList getList(String key) {
        return required(key, ConfigList.class, ValueKind.ARRAY);
    }

    /**
     * A string or an array of strings, as many NATS fields accept ({@code publish: "foo"} or
     * {@code publish: ["foo", "bar"]}).
     */
    public List<String> getStringList(String key) {
        Object value = requiredValue(key);
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof ConfigList list) {
            List<String> strings = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                strings.add(list.getString(i));
            }
            return Collections.unmodifiableList(strings);
        }
        throw wrongType(key, value, "a string or an array of strings");
    }

    /** A copy as plain {@link LinkedHashMap}s and {@link List}s, without positions. */
    public Map<String, Object> toPlainMap() {
        Map<String, Object> plain = new LinkedHashMap<>();
        for (Entry e : entries.values()) {
            plain.put(e.key, toPlain(e.value));
        }
        return plain;
    }

    static Object toPlain(Object value) {
        if (value instanceof ConfigMap m) {
            return m.toPlainMap();
        }
        if (value instanceof ConfigList l) {
            return l.toPlainList();
        }
        return value;
    }

    private Object requiredValue(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            throw new ConfigException(position, "missing required field \"" + key + "\"");
        }
        return e.value;
    }

    private <T> T required(String key, Class<T> type, ValueKind kind) {
        Object value = requiredValue(key);
        if (!type.isInstance(value)) {
            throw wrongType(key, value, kind.description());
        }
        return type.cast(value);
    }

    private ConfigException wrongType(String key, Object value, String expected) {
        return errorAt(key, "field \"" + key + "\" should be " + expected + ", got " + ValueKind.describe(value));
    }
}
