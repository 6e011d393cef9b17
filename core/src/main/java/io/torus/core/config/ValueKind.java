package io.torus.core.config;

import java.time.Instant;

/**
 * The kinds of value a parsed configuration holds, and the Java type of each: used to name what was
 * found when a field has the wrong type.
 */
public enum ValueKind {
    STRING("a string", String.class),
    INTEGER("an integer", Long.class),
    FLOAT("a float", Double.class),
    BOOLEAN("a boolean", Boolean.class),
    /** An unquoted ISO 8601 Zulu date-time such as {@code 2016-05-04T18:53:41Z}. */
    DATETIME("a datetime", Instant.class),
    MAP("a map", ConfigMap.class),
    ARRAY("an array", ConfigList.class);

    private final String description;
    private final Class<?> javaType;

    ValueKind(String description, Class<?> javaType) {
        this.description = description;
        this.javaType = javaType;
    }

    /** "an integer", "a map", ... for messages. */
    public String description() {
        return description;
    }

    public Class<?> javaType() {
        return javaType;
    }

    /** The kind of a value held by a {@link ConfigMap} or {@link ConfigList}. */
    public static ValueKind of(Object value) {
        for (ValueKind kind : values()) {
            if (kind.javaType.isInstance(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("not a configuration value: " + value);
    }

    /** The value as a message shows it: {@code string "abc"}, {@code integer 5}, {@code map}. */
    static String describe(Object value) {
        ValueKind kind = of(value);
        String name = kind.name().toLowerCase(java.util.Locale.ROOT);
        return switch (kind) {
            case STRING -> name + " \"" + value + "\"";
            case MAP, ARRAY -> name;
            default -> name + " " + value;
        };
    }
}
