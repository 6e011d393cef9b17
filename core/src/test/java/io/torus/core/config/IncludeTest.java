package io.torus.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code include}: relative to the including file, merged into the current map, cycles and missing files rejected. */
class IncludeTest {

    private static final String ALICE = "$2a$10$UHR6GhotWhpLsKtVP0/i6.Nh9.fuY73cWjLoJjb2sKT8KISBcUW5q";
    private static final String BOB = "$2a$11$dZM98SpGeI7dCFFGSpt.JObQcix8YHml4TBUZoge9R1uxnMIln5ly";

    @TempDir
    Path dir;

    private final ConfigParser parser = new ConfigParser(name -> null);

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private void writePasswordsAndUsers() throws IOException {
        write("includes/passwords.conf", "# Just alice & bob\nALICE_PASS: " + ALICE + "\nBOB_PASS: " + BOB + "\n");
        write("includes/users.conf", "# Users configuration\n\ninclude ./passwords.conf;\n\nusers = [\n"
                + "  {user: alice, password: $ALICE_PASS}\n  {user: bob,   password: $BOB_PASS}\n]\n");
    }

    @Test
    void shouldIncludeFilesRelativeToTheIncludingFile() throws IOException {
        writePasswordsAndUsers();
        Path main = write("simple.conf", "listen: 127.0.0.1:4222\n\nauthorization {\n"
                + "  include 'includes/users.conf' # Pull in from file\n  timeout: 0.5\n}\n");
        assertEquals(Map.of("listen", "127.0.0.1:4222", "authorization", Map.of(
                "ALICE_PASS", ALICE, "BOB_PASS", BOB,
                "users", List.of(Map.of("user", "alice", "password", ALICE), Map.of("user", "bob", "password", BOB)),
                "timeout", 0.5)), parser.parseFile(main).toPlainMap());
    }

    @Test
    void shouldLetLaterKeysReferToIncludedKeysAndKeepTheirPositions() throws IOException {
        writePasswordsAndUsers();
        Path main = write("main.conf", "authorization {\n\n  include \"./includes/passwords.conf\"\n\n  CAROL_PASS: foo\n\n"
                + "  users = [\n   {user: alice, password: $ALICE_PASS}\n   {user: carol, password: $CAROL_PASS}\n  ]\n}\n");
        ConfigMap auth = parser.parseFile(main).getMap("authorization");
        assertEquals(ALICE, auth.getList("users").getMap(0).getString("password"));
        assertEquals("foo", auth.getList("users").getMap(1).getString("password"));
        assertEquals(dir.resolve("includes/passwords.conf") + ":2:1", auth.positionOf("ALICE_PASS").toString());
        assertEquals(dir.resolve("includes/passwords.conf") + ":3:1", auth.positionOf("BOB_PASS").toString());
        assertEquals(main + ":5:3", auth.positionOf("CAROL_PASS").toString());
        assertTrue(auth.isUsedAsVariable("ALICE_PASS"));
        assertTrue(auth.isUsedAsVariable("CAROL_PASS"));
    }

    @Test
    void shouldIncludeJsonFilesIntoMaps() throws IOException {
        write("foo.json", "{ \"users\": [ {\"user\": \"foo\"} ] }");
        write("bar.json", "{\n  \"users\": [ {\"user\": \"bar\"} ]\n}");
        write("quux.json", "{}");
        Path main = write("nats.conf", "\naccounts {\n  foo  { include 'foo.json'  }\n  bar  { include 'bar.json'  }\n"
                + "  quux { include 'quux.json' }\n}\n");
        assertEquals(Map.of("accounts", Map.of("foo", Map.of("users", List.of(Map.of("user", "foo"))),
                "bar", Map.of("users", List.of(Map.of("user", "bar"))), "quux", Map.of())),
                parser.parseFile(main).toPlainMap());
    }

    @Test
    void shouldJoinAnAbsoluteIncludePathToTheDirectoryAsGoDoes() throws IOException {
        write("sub/abs.conf", "x = 1");
        Path main = write("main.conf", "include /sub/abs.conf\n");
        assertEquals(Map.of("x", 1L), parser.parseFile(main).toPlainMap());
    }

    @Test
    void shouldReportAMissingIncludeAtTheIncludeDirective() throws IOException {
        Path main = write("main.conf", "port: 4222\n\nauthorization { include missing.conf }\n");
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parseFile(main));
        assertEquals(main + ":3:25: error parsing include file 'missing.conf': error opening config file: open "
                + dir.resolve("missing.conf") + ": no such file or directory", e.getMessage());
        assertEquals(main + ":3:25", e.position().toString());
    }

    @Test
    void shouldReportAnIncludeCycle() throws IOException {
        Path a = write("a.conf", "a = 1\ninclude b.conf\n");
        write("b.conf", "b = 1\ninclude 'a.conf'\n");
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parseFile(a));
        assertTrue(e.getMessage().startsWith(a + ":2:9: error parsing include file 'b.conf': " + dir.resolve("b.conf")
                + ":2:9: error parsing include file 'a.conf': include cycle: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("a.conf -> " + dir.toRealPath().resolve("b.conf") + " -> "
                + dir.toRealPath().resolve("a.conf")), e.getMessage());
    }

    @Test
    void shouldReportAFileIncludingItself() throws IOException {
        Path self = write("self.conf", "include self.conf\n");
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parseFile(self));
        assertTrue(e.getMessage().contains("include cycle"), e.getMessage());
    }

    @Test
    void shouldAllowTheSameFileIncludedTwiceWithoutACycle() throws IOException {
        write("users.conf", "users = [{user: a}]");
        Path main = write("main.conf", "accounts {\n  A { include users.conf }\n  B { include users.conf }\n}\n");
        assertEquals(Map.of("A", Map.of("users", List.of(Map.of("user", "a"))),
                "B", Map.of("users", List.of(Map.of("user", "a")))),
                parser.parseFile(main).getMap("accounts").toPlainMap());
    }

    @Test
    void shouldReportErrorsInsideIncludedFilesWithTheirOwnPosition() throws IOException {
        write("foo.conf", "");
        write("quux.conf", "?????????????");
        Path main = write("nats.conf", "# includes\naccounts {\n  foo { include 'foo.conf'}\n"
                + "  bar { users = [{user = \"bar\"}] }\n  quux { include 'quux.conf'}\n}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parseFile(main));
        assertEquals(main + ":5:18: error parsing include file 'quux.conf': " + dir.resolve("quux.conf")
                + ":1:1: config is invalid: key \"?????????????\" has no value", e.getMessage());

        write("bar.conf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        write("quux.conf", "\n  # just some comments,\n  # and no key values also ok.\n");
        Path second = write("second.conf", "accounts {\n  foo { include 'foo.conf'}\n  bar { include 'bar.conf'}\n"
                + "  quux { include 'quux.conf'}\n}\n");
        e = assertThrows(ConfigException.class, () -> parser.parseFile(second));
        assertTrue(e.getMessage().contains("error parsing include file 'bar.conf': " + dir.resolve("bar.conf")
                + ":1:1: config is invalid"), e.getMessage());
    }

    @Test
    void shouldNotLetAnIncludedFileSeeTheKeysOfTheIncludingFile() throws IOException {
        write("users.conf", "users = [{user: a, password: $PASS}]");
        Path main = write("main.conf", "accounts {\n  PASS = secret\n  A { include users.conf }\n}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parseFile(main));
        assertTrue(e.getMessage().endsWith(dir.resolve("users.conf") + ":1:30: variable reference for 'PASS' can not be found"),
                e.getMessage());
    }

    @Test
    void shouldReportAMissingMainFile() {
        Path missing = dir.resolve("nope.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> parser.parseFile(missing));
        assertEquals(missing + ": error opening config file: open " + missing + ": no such file or directory",
                e.getMessage());
    }
}
