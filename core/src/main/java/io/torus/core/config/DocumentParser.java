package io.torus.core.config;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Builds the {@link ConfigMap} of one source text (a file, an included file or the value of an
 * environment variable) from the tokens of a {@link ConfigLexer}, with the semantics of the Go
 * server's {@code conf/parse.go}.
 *
 * <p>It keeps a stack of the maps and arrays being filled and a stack of keys waiting for their value.
 * A value goes to the innermost array, or to the innermost map under the most recent pending key.
 * {@code $NAME} is looked up among the keys already defined in the enclosing maps, innermost first,
 * then in the environment, whose value is parsed as if it had been written in the file. An
 * {@code include} merges the top level of another file into the current map.
 */
final class DocumentParser {

    /** The key under which an environment variable's value is parsed, as {@code pk=<value>}. */
    private static final String ENVIRONMENT_KEY = "pk";
    /** Unquoted bcrypt hashes ({@code $2a$11$...}) look like variables but are kept as they are. */
    private static final String BCRYPT_PREFIX = "2a$";
    private static final DateTimeFormatter ZULU = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withResolverStyle(ResolverStyle.STRICT);

    private final ConfigLexer lexer;
    private final String sourceName;
    private final Path directory;
    private final ParseSession session;
    /** Innermost first: {@link ConfigMap}s and {@link ConfigList}s being filled. */
    private final Deque<Object> containers = new ArrayDeque<>();
    private final Deque<Token> pendingKeys = new ArrayDeque<>();

    DocumentParser(ConfigLexer lexer, String sourceName, Path directory, ParseSession session) {
        this.lexer = lexer;
        this.sourceName = sourceName;
        this.directory = directory;
        this.session = session;
    }

    ConfigMap parse() {
        ConfigMap root = new ConfigMap(new ConfigPosition(sourceName, 1, 1), session.warnings());
        containers.push(root);
        Token previous = null;
        while (true) {
            Token token = lexer.next();
            if (token.type() == TokenType.EOF) {
                // A key without a value at the very end, like "port" alone. A lone "}" is the closing
                // brace of a JSON-style file that the lexer took for a key: Go accepts it, so do we.
                if (previous != null && previous.type() == TokenType.KEY && !previous.text().equals("}")) {
                    throw new ConfigException(previous.position(),
                            "config is invalid: key \"" + previous.text() + "\" has no value");
                }
                return root;
            }
            previous = token;
            process(token);
        }
    }

    private void process(Token token) {
        switch (token.type()) {
            case ERROR -> throw new ConfigException(token.position(), token.text());
            case COMMENT -> {
                // nothing to keep
            }
            case KEY -> pendingKeys.push(token);
            case MAP_START -> containers.push(new ConfigMap(token.position(), session.warnings()));
            case MAP_END -> {
                ConfigMap map = (ConfigMap) close(token);
                setValue(map, map.position());
            }
            case ARRAY_START -> containers.push(new ConfigList(token.position()));
            case ARRAY_END -> {
                ConfigList list = (ConfigList) close(token);
                setValue(list, list.position());
            }
            case STRING -> setValue(token.text(), token.position());
            case INTEGER -> setValue(integer(token), token.position());
            case FLOAT -> setValue(floatingPoint(token), token.position());
            case BOOLEAN -> setValue(bool(token), token.position());
            case DATETIME -> setValue(dateTime(token), token.position());
            case VARIABLE -> setValue(resolve(token), token.position());
            case INCLUDE -> include(token);
            case EOF -> throw new IllegalStateException("EOF is handled by parse()");
        }
    }

    private Object close(Token token) {
        if (containers.size() <= 1) {
            throw new ConfigException(token.position(), "unexpected end of a map or array");
        }
        return containers.pop();
    }

    private void setValue(Object value, ConfigPosition valuePosition) {
        Object container = containers.peek();
        if (container instanceof ConfigList list) {
            list.add(value, valuePosition);
            return;
        }
        if (pendingKeys.isEmpty()) {
            throw new ConfigException(valuePosition, "value without a key");
        }
        Token key = pendingKeys.pop();
        ((ConfigMap) container).put(key.text(), value, key.position(), valuePosition);
    }

    // ---------------------------------------------------------------- scalars

    /** An integer with an optional size suffix: {@code k, m, g, t, p, e} are powers of 1000, with b or i of 1024. */
    private Long integer(Token token) {
        String text = token.text();
        int digitsEnd = 0;
        while (digitsEnd < text.length()
                && (Character.isDigit(text.charAt(digitsEnd)) || text.charAt(digitsEnd) == '-')) {
            digitsEnd++;
        }
        String digits = text.substring(0, digitsEnd);
        if (!digits.matches("-?[0-9]+")) {
            throw new ConfigException(token.position(), "expected integer, but got '" + text + "'");
        }
        long number;
        try {
            number = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw outOfRange(token);
        }
        String suffix = text.substring(digitsEnd).trim().toLowerCase(Locale.ROOT);
        long multiplier = switch (suffix) {
            case "" -> 1L;
            case "k" -> 1000L;
            case "kb", "ki", "kib" -> 1L << 10;
            case "m" -> 1000L * 1000;
            case "mb", "mi", "mib" -> 1L << 20;
            case "g" -> 1000L * 1000 * 1000;
            case "gb", "gi", "gib" -> 1L << 30;
            case "t" -> 1000L * 1000 * 1000 * 1000;
            case "tb", "ti", "tib" -> 1L << 40;
            case "p" -> 1000L * 1000 * 1000 * 1000 * 1000;
            case "pb", "pi", "pib" -> 1L << 50;
            case "e" -> 1000L * 1000 * 1000 * 1000 * 1000 * 1000;
            case "eb", "ei", "eib" -> 1L << 60;
            // Go drops such a value silently (e.g. "1kbb"); an error is kinder.
            default -> throw new ConfigException(token.position(),
                    "invalid size suffix '" + text.substring(digitsEnd) + "' in '" + text + "'");
        };
        try {
            return Math.multiplyExact(number, multiplier);
        } catch (ArithmeticException e) {
            throw outOfRange(token); // Go would wrap around silently
        }
    }

    private static ConfigException outOfRange(Token token) {
        return new ConfigException(token.position(), "integer '" + token.text() + "' is out of the range");
    }

    private static Double floatingPoint(Token token) {
        double value;
        try {
            value = Double.parseDouble(token.text());
        } catch (NumberFormatException e) {
            throw new ConfigException(token.position(), "expected float, but got '" + token.text() + "'");
        }
        if (Double.isInfinite(value)) {
            throw new ConfigException(token.position(), "float '" + token.text() + "' is out of the range");
        }
        return value;
    }

    private static Boolean bool(Token token) {
        return switch (token.text().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Boolean.TRUE;
            case "false", "no", "off" -> Boolean.FALSE;
            default -> throw new ConfigException(token.position(),
                    "expected boolean value, but got '" + token.text() + "'");
        };
    }

    private static Instant dateTime(Token token) {
        try {
            return LocalDateTime.parse(token.text(), ZULU).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ConfigException(token.position(),
                    "expected Zulu formatted DateTime, but got '" + token.text() + "'");
        }
    }

    // ---------------------------------------------------------------- variables

    private Object resolve(Token token) {
        String name = token.text();
        if (name.startsWith(BCRYPT_PREFIX)) {
            return "$" + name;
        }
        for (Object container : containers) {
            if (container instanceof ConfigMap map && map.containsKey(name)) {
                return map.resolveVariable(name);
            }
        }
        String value = session.environmentVariable(name);
        if (value == null) {
            throw new ConfigException(token.position(), "variable reference for '" + name + "' can not be found");
        }
        if (!session.beginExpanding(name)) {
            throw new ConfigException(token.position(), "variable reference for '" + name
                    + "' could not be parsed: variable reference cycle for '" + name + "'");
        }
        ConfigMap parsed;
        try {
            // The value is parsed as if written "pk=<value>": "22" is an integer, "{a: 1}" a map.
            parsed = session.parseText(ENVIRONMENT_KEY + "=" + value, "environment variable " + name, Path.of(""));
        } catch (ConfigException e) {
            throw new ConfigException(token.position(),
                    "variable reference for '" + name + "' could not be parsed: " + e.getMessage(), e);
        } finally {
            session.endExpanding(name);
        }
        if (!parsed.containsKey(ENVIRONMENT_KEY)) {
            throw new ConfigException(token.position(), "variable reference for '" + name + "' can not be found");
        }
        return parsed.get(ENVIRONMENT_KEY);
    }

    // ---------------------------------------------------------------- include

    private void include(Token token) {
        // Go joins the path to the including file's directory with filepath.Join, which also applies
        // to an absolute path: "include /x.conf" in /etc/nats/a.conf reads /etc/nats/x.conf.
        String relative = token.text().replaceFirst("^/+", "");
        Path file = directory.resolve(relative).normalize();
        ConfigMap included;
        try {
            included = session.parseFile(file);
        } catch (ConfigException e) {
            String cause = e.position().line() <= 0 ? e.reason() : e.getMessage();
            throw new ConfigException(token.position(),
                    "error parsing include file '" + token.text() + "': " + cause, e);
        }
        Object container = containers.peek();
        if (!(container instanceof ConfigMap map)) {
            throw new ConfigException(token.position(), "include is only allowed where a key is expected");
        }
        map.mergeIncluded(included);
    }
}
