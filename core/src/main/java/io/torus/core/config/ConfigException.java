package io.torus.core.config;

import java.util.Objects;

/**
 * A configuration that cannot be read or mapped: a syntax error, an unresolvable variable or include,
 * or a value of the wrong type. The message is {@code file:line:col: reason}, in the spirit of the Go
 * server's configuration errors, so it can be shown to the user as it is.
 *
 * <p>Unchecked, because the option-mapping code reads many fields in a row and a failure of any of them
 * ends the mapping of that field; the position says which.
 */
public class ConfigException extends RuntimeException {

    private final ConfigPosition position;
    private final String reason;

    public ConfigException(ConfigPosition position, String reason) {
        this(position, reason, null);
    }

    public ConfigException(ConfigPosition position, String reason, Throwable cause) {
        super(position + ": " + reason, cause);
        this.position = Objects.requireNonNull(position, "position");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Where the problem is. */
    public ConfigPosition position() {
        return position;
    }

    /** The message without the position prefix. */
    public String reason() {
        return reason;
    }
}
