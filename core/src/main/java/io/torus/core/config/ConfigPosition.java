package io.torus.core.config;

/**
 * Where something was written in a configuration source: the file (or another source name such as
 * {@code <string>} or {@code environment variable FOO}), the 1-based line and the 1-based column,
 * counted in Unicode code points.
 *
 * <p>{@link #toString()} renders {@code file:line:col}, the prefix used by every configuration
 * error and warning, e.g. {@code conf/x.conf:12:3: unknown field "foo"}.
 */
public record ConfigPosition(String source, int line, int column) {

    /** A position that names only the source, for errors about the file as a whole. */
    public static ConfigPosition ofSource(String source) {
        return new ConfigPosition(source, 0, 0);
    }

    @Override
    public String toString() {
        return line <= 0 ? source : source + ":" + line + ":" + column;
    }
}
