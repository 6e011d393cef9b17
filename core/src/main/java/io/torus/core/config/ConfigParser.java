package io.torus.core.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads NATS server configuration files, the format of the Go {@code nats-server}: {@code key: value},
 * {@code key = value} or {@code key value}; {@code { }} maps and {@code [ ]} arrays; {@code #} and
 * {@code //} comments; {@code include} of other files; {@code $VARIABLES} from earlier keys or the
 * environment. The result is a tree of {@link ConfigMap} and {@link ConfigList} whose every value
 * remembers its position.
 *
 * <pre>{@code
 * ConfigMap conf = new ConfigParser().parseFile(Path.of("conf/server.conf"));
 * int port = conf.getInt("port", 4222);
 * }</pre>
 *
 * A parser holds no state between calls: it can be reused, from several threads if the environment
 * function allows it.
 */
public final class ConfigParser {

    private final Function<String, String> environment;

    /** A parser that resolves {@code $NAME} not defined in the file from the process environment. */
    public ConfigParser() {
        this(System::getenv);
    }

    /**
     * A parser that resolves {@code $NAME} not defined in the file with {@code environment}, which
     * returns null for an unset variable. For tests, and for embedding with a controlled environment.
     */
    public ConfigParser(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * Parses a configuration file. Included files are found relative to the directory of the file
     * that includes them; positions name files by the path given here, e.g. {@code conf/x.conf:12:3}.
     *
     * @throws ConfigException for an unreadable file, a syntax error, an undefined variable, a
     *         missing or cyclic include
     */
    public ConfigMap parseFile(Path file) {
        return new ParseSession(environment).parseFile(file);
    }

    /** Parses configuration text; positions name it {@code <string>} and includes are relative to the working directory. */
    public ConfigMap parseString(String text) {
        return parseString(text, "<string>");
    }

    /** Parses configuration text named {@code sourceName} in positions; includes are relative to the working directory. */
    public ConfigMap parseString(String text, String sourceName) {
        return new ParseSession(environment).parseText(text, sourceName, Path.of(""));
    }
}
