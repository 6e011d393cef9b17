package io.torus.core.config;

/**
 * A configuration that is accepted but should be changed, e.g. a duration written as a bare number of
 * seconds. Rendered like the Go server's warnings:
 * {@code file:line:col: invalid use of field "write_deadline": write_deadline should be converted to a duration}.
 */
public record ConfigWarning(ConfigPosition position, String field, String reason) {

    /** The text to log. */
    public String message() {
        return position + ": invalid use of field \"" + field + "\": " + reason;
    }

    @Override
    public String toString() {
        return message();
    }
}
