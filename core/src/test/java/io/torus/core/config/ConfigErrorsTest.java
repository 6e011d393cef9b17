package io.torus.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: every error names the file, line and column. */
class ConfigErrorsTest {

    @TempDir
    Path dir;

    private ConfigException errorIn(String text) throws IOException {
        Path file = dir.resolve("x.conf");
        Files.writeString(file, text);
        return assertThrows(ConfigException.class, () -> new ConfigParser(name -> null).parseFile(file));
    }

    private String at(String lineAndColumn) {
        return dir.resolve("x.conf") + ":" + lineAndColumn + ": ";
    }

    @Test
    void shouldReportAnUnclosedBlock() throws IOException {
        assertEquals(at("3:1") + "Unexpected EOF processing map. (the map opened at 1:9 is not closed)",
                errorIn("cluster {\n  port: 4244\n").getMessage());
    }

    @Test
    void shouldReportAnUnclosedNestedBlockNamingTheInnermost() throws IOException {
        assertEquals(at("4:1") + "Unexpected EOF processing map. (the map opened at 2:8 is not closed)",
                errorIn("cluster {\n  tls: { a: {} \n    cert_file: x\n").getMessage());
    }

    @Test
    void shouldReportAnUnclosedQuote() throws IOException {
        assertEquals(at("3:1") + "Unexpected EOF. (the string starting at 1:14 is not closed)",
                errorIn("server_name: \"nats\nport: 4222\n").getMessage());
    }

    @Test
    void shouldReportAnUnclosedArray() throws IOException {
        assertEquals(at("4:1") + "Expected an array value terminator \",\" or an array terminator \"]\", but got 'EOF' instead.",
                errorIn("routes = [\n  nats://a:6222\n  nats://b:6222\n").getMessage());
    }

    @Test
    void shouldReportBadValues() throws IOException {
        assertEquals(at("2:14") + "Floats must start with a digit", errorIn("port: 4222\nmax_payload: .5\n").getMessage());
        assertEquals(at("1:10") + "Expected a top-level value to end with a new line, comment or EOF, but got 's' instead.",
                errorIn("ping: 1.5s\n").getMessage());
        assertEquals(at("1:10") + "Invalid escape character 'q'. Only the following escape characters are allowed: "
                + "\\xXX, \\t, \\n, \\r, \\\", \\\\.", errorIn("name: \"a\\q\"").getMessage());
        assertEquals(at("1:12") + "Expected a map value terminator \",\" or a map terminator \"}\", but got 'b' instead.",
                errorIn("m = { a: 1 b: 2 }").getMessage());
    }

    @Test
    void shouldReportAMissingValue() throws IOException {
        assertEquals(at("2:1") + "config is invalid: key \"monitor\" has no value", errorIn("port 4222\nmonitor").getMessage());
        assertEquals(at("1:8") + "Expected value but found new line", errorIn("port = \n4222").getMessage());
    }

    @Test
    void shouldReportAnUndefinedVariable() throws IOException {
        assertEquals(at("3:10") + "variable reference for 'SECRET' can not be found",
                errorIn("port: 4222\nauthorization {\n  token: $SECRET\n}\n").getMessage());
    }

    @Test
    void shouldReportAMissingInclude() throws IOException {
        ConfigException e = errorIn("port: 4222\ninclude ./auth.conf\n");
        assertEquals(at("2:9") + "error parsing include file './auth.conf': error opening config file: open "
                + dir.resolve("auth.conf") + ": no such file or directory", e.getMessage());
    }

    @Test
    void shouldReportACyclicInclude() throws IOException {
        Files.writeString(dir.resolve("y.conf"), "a = 1\ninclude x.conf\n");
        ConfigException e = errorIn("include y.conf\n");
        String expectedStart = at("1:9") + "error parsing include file 'y.conf': " + dir.resolve("y.conf")
                + ":2:9: error parsing include file 'x.conf': include cycle: ";
        assertEquals(expectedStart, e.getMessage().substring(0, expectedStart.length()));
    }
}
