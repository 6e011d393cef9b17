package io.torus.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The state shared by everything one {@link ConfigParser} call parses: the main file, the files it
 * includes, and the environment variable values that {@code $VARS} expand to. It knows which files
 * are open, to reject an include cycle, and which environment variables are being expanded, to reject
 * a variable whose value refers back to itself.
 */
final class ParseSession {

    private final Function<String, String> environment;
    private final List<ConfigWarning> warnings = new ArrayList<>();
    /** Real paths of the files being parsed, outermost first. */
    private final Deque<Path> openFiles = new ArrayDeque<>();
    private final Set<String> expandingVariables = new HashSet<>();

    ParseSession(Function<String, String> environment) {
        this.environment = environment;
    }

    List<ConfigWarning> warnings() {
        return warnings;
    }

    /** Parses a file; errors opening it or an include cycle are reported at the file as a whole. */
    ConfigMap parseFile(Path file) {
        String text;
        Path realPath;
        try {
            byte[] bytes = Files.readAllBytes(file);
            realPath = file.toRealPath();
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(ConfigPosition.ofSource(file.toString()),
                    "error opening config file: open " + file + ": no such file or directory", e);
        } catch (IOException e) {
            throw new ConfigException(ConfigPosition.ofSource(file.toString()),
                    "error opening config file: " + e, e);
        }
        if (openFiles.contains(realPath)) {
            String chain = openFiles.stream().map(Path::toString).collect(Collectors.joining(" -> "));
            throw new ConfigException(ConfigPosition.ofSource(file.toString()),
                    "include cycle: " + chain + " -> " + realPath);
        }
        openFiles.addLast(realPath);
        try {
            Path parent = file.getParent();
            Path directory = parent == null ? Path.of("") : parent;
            return parseText(text, file.toString(), directory);
        } finally {
            openFiles.removeLast();
        }
    }

    /** Parses text whose includes are relative to {@code directory}. */
    ConfigMap parseText(String text, String sourceName, Path directory) {
        return new DocumentParser(new ConfigLexer(text, sourceName), sourceName, directory, this).parse();
    }

    /** The environment variable {@code name}, or null if it is not set. */
    String environmentVariable(String name) {
        return environment.apply(name);
    }

    /**
     * Starts expanding the environment variable {@code name}; false if it is already being expanded,
     * i.e. its value refers to itself, directly or through other variables.
     */
    boolean beginExpanding(String name) {
        return expandingVariables.add(name);
    }

    void endExpanding(String name) {
        expandingVariables.remove(name);
    }
}
