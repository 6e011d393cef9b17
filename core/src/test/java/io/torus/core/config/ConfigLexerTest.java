package io.torus.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The token streams of Go's {@code conf/lex_test.go}, case by case. Tokens are written
 * {@code TYPE text}; Go's comment start and text items are one {@code COMMENT} token here. Positions
 * are 1-based lines and columns (Go's are byte offsets), checked in {@link Positions}.
 */
class ConfigLexerTest {

    static List<String> lex(String input) {
        ConfigLexer lexer = new ConfigLexer(input, "<test>");
        List<String> tokens = new ArrayList<>();
        while (true) {
            Token token = lexer.next();
            tokens.add(token.text().isEmpty() ? token.type().toString() : token.type() + " " + token.text());
            if (token.type() == TokenType.EOF || token.type() == TokenType.ERROR) {
                return tokens;
            }
        }
    }

    static List<String> positions(String input) {
        ConfigLexer lexer = new ConfigLexer(input, "<test>");
        List<String> out = new ArrayList<>();
        while (true) {
            Token token = lexer.next();
            if (token.type() == TokenType.EOF) {
                return out;
            }
            out.add(token.type() + "@" + token.position().line() + ":" + token.position().column());
            if (token.type() == TokenType.ERROR) {
                return out;
            }
        }
    }

    private static void expect(String input, String... tokens) {
        assertEquals(List.of(tokens), lex(input), () -> "lexing: " + input);
    }

    @Nested
    class KeysAndSeparators {

        @Test
        void shouldLexAKeyWithoutValue() {
            expect("foo", "KEY foo", "EOF");
        }

        @Test
        void shouldAcceptEqualsColonAndBlankAsSeparators() {
            expect("foo = 123", "KEY foo", "INTEGER 123", "EOF");
            expect("foo=123", "KEY foo", "INTEGER 123", "EOF");
            expect("foo : 123", "KEY foo", "INTEGER 123", "EOF");
            expect("foo:123", "KEY foo", "INTEGER 123", "EOF");
            expect("foo:  123\r\n", "KEY foo", "INTEGER 123", "EOF");
            expect("foo 123", "KEY foo", "INTEGER 123", "EOF");
            expect("foo\t123", "KEY foo", "INTEGER 123", "EOF");
            expect("foo\t\t123\r\n", "KEY foo", "INTEGER 123", "EOF");
        }

        @Test
        void shouldLexQuotedKeysKeepingInnerSpaces() {
            expect("'foo' : 123", "KEY foo", "INTEGER 123", "EOF");
            expect("\"foo\" : 123", "KEY foo", "INTEGER 123", "EOF");
            expect("' foo' : 123", "KEY  foo", "INTEGER 123", "EOF");
            expect("\" foo\" : 123", "KEY  foo", "INTEGER 123", "EOF");
        }

        @Test
        void shouldReportAKeyStartingWithASeparator() {
            expect(" :foo = 22", "ERROR Unexpected key separator ':'");
        }

        @Test
        void shouldKeepDashesDotsAndOtherCharactersInUnquotedKeys() {
            expect("foo-bar.baz_1/x@y = 1", "KEY foo-bar.baz_1/x@y", "INTEGER 1", "EOF");
            expect("$SYS: {}", "KEY $SYS", "MAP_START", "MAP_END", "EOF");
            expect("foo = {'bar-1.2.3' = { port:4242 }}", "KEY foo", "MAP_START", "KEY bar-1.2.3", "MAP_START",
                    "KEY port", "INTEGER 4242", "MAP_END", "MAP_END", "EOF");
            expect("foo = {\"bar-1.2.3\" = { port:4242 }}", "KEY foo", "MAP_START", "KEY bar-1.2.3", "MAP_START",
                    "KEY port", "INTEGER 4242", "MAP_END", "MAP_END", "EOF");
        }

        @Test
        void shouldTakeTheNextLineAsTheValueOfAKeyWithoutSeparator() {
            expect("foo\nbar", "KEY foo", "STRING bar", "EOF");
        }
    }

    @Nested
    class Strings {

        @Test
        void shouldLexQuotedStrings() {
            expect("foo = \"bar\"", "KEY foo", "STRING bar", "EOF");
            expect("foo = 'bar'", "KEY foo", "STRING bar", "EOF");
            expect("foo='bar'", "KEY foo", "STRING bar", "EOF");
            expect("foo='bar'\r\n", "KEY foo", "STRING bar", "EOF");
            expect("foo=\t'bar'\t", "KEY foo", "STRING bar", "EOF");
        }

        @Test
        void shouldNotInterpretEscapesInSingleQuotes() {
            expect("foo = 'bar\\r\\n  \\t'", "KEY foo", "STRING bar\\r\\n  \\t", "EOF");
        }

        @Test
        void shouldLexEmptyStrings() {
            expect("foo = \"\"", "KEY foo", "STRING", "EOF");
            expect("foo = ''", "KEY foo", "STRING", "EOF");
        }

        @Test
        void shouldLexUnquotedStrings() {
            expect("foo = bar", "KEY foo", "STRING bar", "EOF");
            expect("foo = bar' ", "KEY foo", "STRING bar", "EOF");
            String noQuotes = "\nfoo = 123\nbar = baz\nbaz=boo\nmap {\n id:one\n id2 : onetwo\n}\nt true\nf false\n"
                    + "tstr \"true\"\ntkey = two\nfkey = five # This should be a string\n";
            expect(noQuotes, "KEY foo", "INTEGER 123", "KEY bar", "STRING baz", "KEY baz", "STRING boo",
                    "KEY map", "MAP_START", "KEY id", "STRING one", "KEY id2", "STRING onetwo", "MAP_END",
                    "KEY t", "BOOLEAN true", "KEY f", "BOOLEAN false", "KEY tstr", "STRING true",
                    "KEY tkey", "STRING two", "KEY fkey", "STRING five", "COMMENT  This should be a string", "EOF");
        }

        @Test
        void shouldLexStringsStartingWithADigit() {
            expect("foo = 3xyz", "KEY foo", "STRING 3xyz", "EOF");
            expect("foo = 3xyz,", "KEY foo", "STRING 3xyz", "EOF");
            expect("foo = 3xyz;", "KEY foo", "STRING 3xyz", "EOF");
            expect("\n        foo = 3xyz\n        ", "KEY foo", "STRING 3xyz", "EOF");
            expect("\n        map {\n          foo = 3xyz}\n        ", "KEY map", "MAP_START", "KEY foo",
                    "STRING 3xyz", "MAP_END", "EOF");
            expect("\n        map {\n          foo = 3xyz;\n        }\n        ", "KEY map", "MAP_START",
                    "KEY foo", "STRING 3xyz", "MAP_END", "EOF");
            expect("\n        map {\n          foo = 3xyz,\n          bar = 4wqs\n        }\n        ",
                    "KEY map", "MAP_START", "KEY foo", "STRING 3xyz", "KEY bar", "STRING 4wqs", "MAP_END", "EOF");
        }

        @Test
        void shouldUnescapeUnquotedAndDoubleQuotedStrings() {
            expect("\nfoo  = \\t\nbar  = \\r\nbaz  = \\n\nq    = \\\"\nbs   = \\\\\n",
                    "KEY foo", "STRING \t", "KEY bar", "STRING \r", "KEY baz", "STRING \n",
                    "KEY q", "STRING \"", "KEY bs", "STRING \\", "EOF");
            expect("foo = \"\\\\end\"", "KEY foo", "STRING \\end", "EOF");
            expect("foo = \"start\\\\\"", "KEY foo", "STRING start\\", "EOF");
            expect("foo = \"say \\\"hi\\\"\\n\"", "KEY foo", "STRING say \"hi\"\n", "EOF");
        }

        @Test
        void shouldDecodeHexEscapesAsBytes() {
            expect("foo = \\x65", "KEY foo", "STRING e", "EOF");
            expect("foo = \\x45\\x71", "KEY foo", "STRING Eq", "EOF");
            expect("foo = start\\x45\\x71", "KEY foo", "STRING startEq", "EOF");
            expect("foo = start\\x7Cend", "KEY foo", "STRING start|end", "EOF");
            expect("foo = \\x3c\\x3eend", "KEY foo", "STRING <>end", "EOF");
            expect("foo = \\x3cmiddle\\x3E", "KEY foo", "STRING <middle>", "EOF");
            // Two bytes of UTF-8 make one character; a lone Latin-1 byte stays that character.
            expect("foo = \"\\xc3\\xa9t\\xc3\\xa9\"", "KEY foo", "STRING été", "EOF");
            expect("foo = \\xe9", "KEY foo", "STRING \u00e9", "EOF");
        }

        @Test
        void shouldReportBadHexEscapes() {
            expect("foo = xyz\\x\n", "KEY foo",
                    "ERROR Expected two hexadecimal digits after '\\x', but hit end of line");
            expect("foo = xyz\\xF\n", "KEY foo",
                    "ERROR Expected two hexadecimal digits after '\\x', but hit end of line");
            expect("foo = \"[\\x]\"", "KEY foo", "ERROR Expected two hexadecimal digits after '\\x', but got ']\"'");
            expect("foo = \"[\\xe]\"", "KEY foo", "ERROR Expected two hexadecimal digits after '\\x', but got 'e]'");
        }

        @Test
        void shouldReportAnUnknownEscape() {
            expect("foo = \\y", "KEY foo", "ERROR Invalid escape character 'y'. Only the following escape "
                    + "characters are allowed: \\xXX, \\t, \\n, \\r, \\\", \\\\.");
        }

        @Test
        void shouldKeepEscapedWordsAsStrings() {
            expect("foo = \\\\true", "KEY foo", "STRING \\true", "EOF");
            expect("foo = \\\\$var", "KEY foo", "STRING \\$var", "EOF");
        }

        @Test
        void shouldKeepUtf8AndEmojiInStrings() {
            expect("name = \"héllo wörld 🚀 ✓\"", "KEY name", "STRING héllo wörld 🚀 ✓", "EOF");
            expect("name = '日本語'", "KEY name", "STRING 日本語", "EOF");
            expect("foo = 4Gb, bar = 5Gø", "KEY foo", "INTEGER 4Gb", "KEY bar", "STRING 5Gø", "EOF");
        }

        @Test
        void shouldLexMultiLineQuotedStrings() {
            expect("text = 'This is a multi-line\ntext block.'", "KEY text",
                    "STRING This is a multi-line\ntext block.", "EOF");
        }

        @Test
        void shouldLexParenthesizedBlocksUpToACloseParenAloneOnItsLine() {
            expect("\nnumbers (\n1234567890\n)\n", "KEY numbers", "STRING \n1234567890\n", "EOF");
            expect("\nnumbers (\n  12(34)56\n  (\n    7890\n  )\n)\n", "KEY numbers",
                    "STRING \n  12(34)56\n  (\n    7890\n  )\n", "EOF");
            // Go reads a NUL like the end of input.
            expect("\nnumbers (\n1234567890\n)\0", "KEY numbers", "STRING \n1234567890\n", "EOF");
            // Go quirk: at the very end of the input the ')' is part of the value.
            expect("\nnumbers (\n1234567890\n)", "KEY numbers", "STRING \n1234567890\n)", "EOF");
        }

        @Test
        void shouldReportUnclosedQuotedStringsAtTheEndOfInput() {
            expect("\nlisten: \"localhost:4242\n\nhttp: localhost:8222\n", "KEY listen",
                    "ERROR Unexpected EOF. (the string starting at 2:9 is not closed)");
            expect("\nlisten: 'localhost:4242\n\nhttp: localhost:8222\n", "KEY listen",
                    "ERROR Unexpected EOF. (the string starting at 2:9 is not closed)");
            expect("\nfoo = \"\nlisten: \"\n\nhttp: localhost:8222\n\n\"\n", "KEY foo", "STRING \nlisten: ",
                    "KEY http", "STRING localhost:8222", "ERROR Unexpected EOF.");
            expect("\nfoo = '\nlisten: '\n\nhttp: localhost:8222\n\n'\n", "KEY foo", "STRING \nlisten: ",
                    "KEY http", "STRING localhost:8222", "ERROR Unexpected EOF.");
        }

        @Test
        void shouldReportUnclosedParenthesizedBlocks() {
            expect("\nlisten = 4222\n\nquote = (\n\n  foo = bar\n\n", "KEY listen", "INTEGER 4222", "KEY quote",
                    "ERROR Unexpected EOF processing block. (the block opened at 4:9 is not closed)");
        }
    }

    @Nested
    class Numbers {

        @Test
        void shouldLexIntegers() {
            expect("foo = 123", "KEY foo", "INTEGER 123", "EOF");
            expect("foo=123\r\n", "KEY foo", "INTEGER 123", "EOF");
            expect("foo = -123", "KEY foo", "INTEGER -123", "EOF");
            expect("foo=-123\r\n", "KEY foo", "INTEGER -123", "EOF");
        }

        @Test
        void shouldLexIntegersWithSizeSuffixes() {
            for (String size : List.of("1k", "1K", "1m", "1M", "1g", "1G", "1MB", "1Gb", "1t", "1TiB", "1p", "1e",
                    "1kb", "1KiB", "-1m", "-1GB")) {
                expect("foo = " + size + " ", "KEY foo", "INTEGER " + size, "EOF");
            }
        }

        @Test
        void shouldLexWordsStartingLikeSizesAsStrings() {
            expect("foo = 1Ghz", "KEY foo", "STRING 1Ghz", "EOF");
            expect("foo = 2Pie", "KEY foo", "STRING 2Pie", "EOF");
            expect("foo = 3Mbs,", "KEY foo", "STRING 3Mbs", "EOF");
        }

        @Test
        void shouldLexDurationsAsStringsButSizeLettersAsIntegers() {
            expect("d = 300ms", "KEY d", "STRING 300ms", "EOF");
            expect("d = 2s", "KEY d", "STRING 2s", "EOF");
            expect("d = 1h", "KEY d", "STRING 1h", "EOF");
            expect("d = \"1m\"", "KEY d", "STRING 1m", "EOF");
            expect("d = 1m", "KEY d", "INTEGER 1m", "EOF");
            expect("d = 1.5s", "KEY d", "FLOAT 1.5",
                    "ERROR Expected a top-level value to end with a new line, comment or EOF, but got 's' instead.");
        }

        @Test
        void shouldLexFloats() {
            expect("foo = 22.2", "KEY foo", "FLOAT 22.2", "EOF");
            expect("foo=22.2\r\n", "KEY foo", "FLOAT 22.2", "EOF");
            expect("foo = -0.5", "KEY foo", "FLOAT -0.5", "EOF");
        }

        @Test
        void shouldReportFloatsStartingWithADot() {
            expect("foo = .2", "KEY foo", "ERROR Floats must start with a digit");
            expect("foo = -.2", "KEY foo", "ERROR Floats must start with a digit, not '.'.");
            expect("foo = 1.", "KEY foo", "ERROR Floats must have a digit after the '.', but got 'EOF' instead.");
        }

        @Test
        void shouldLexDates() {
            expect("foo = 2016-05-04T18:53:41Z", "KEY foo", "DATETIME 2016-05-04T18:53:41Z", "EOF");
            expect("foo = 2016-05-04", "KEY foo", "ERROR Expected 'T' in ISO8601 datetime, but found 'EOF' instead.");
            expect("foo = 16-05-04", "KEY foo", "ERROR All ISO8601 dates must be in full Zulu form.");
        }

        @Test
        void shouldLexIpAddressesAndHostPortsAsStrings() {
            expect("listen: 127.0.0.1:4222", "KEY listen", "STRING 127.0.0.1:4222", "EOF");
            expect("listen: 127.0.0.1", "KEY listen", "STRING 127.0.0.1", "EOF");
            expect("listen: apcera.me:80", "KEY listen", "STRING apcera.me:80", "EOF");
            expect("listen: nats.io:-1", "KEY listen", "STRING nats.io:-1", "EOF");
            expect("listen: -1", "KEY listen", "INTEGER -1", "EOF");
            expect("listen: :-1", "KEY listen", "STRING :-1", "EOF");
            expect("listen = :80", "KEY listen", "STRING :80", "EOF");
            expect("listen = [localhost:4222, localhost:4333]", "KEY listen", "ARRAY_START",
                    "STRING localhost:4222", "STRING localhost:4333", "ARRAY_END", "EOF");
            expect("listen: 0.0.0.0:4222", "KEY listen", "STRING 0.0.0.0:4222", "EOF");
            expect("listen: \"[::]:4222\"", "KEY listen", "STRING [::]:4222", "EOF");
            // Unquoted, an IPv6 address starts an array, in Go too.
            expect("listen: [::]:4222", "KEY listen", "ARRAY_START", "STRING ::", "ARRAY_END",
                    "ERROR Expected a top-level value to end with a new line, comment or EOF, but got ':' instead.");
        }

        @Test
        void shouldKeepGoQuirkOfAnIntegerDirectlyBeforeACloseBracket() {
            // Go does not end an integer at ']': "[1]" lexes "1]" and the array is never closed.
            expect("a = [1]", "KEY a", "ARRAY_START", "STRING 1]",
                    "ERROR Expected an array value terminator \",\" or an array terminator \"]\", but got 'EOF' instead.");
            expect("a = [1 ]", "KEY a", "ARRAY_START", "INTEGER 1", "ARRAY_END", "EOF");
            expect("a = [1,]", "KEY a", "ARRAY_START", "INTEGER 1", "ARRAY_END", "EOF");
        }
    }

    @Nested
    class BooleansAndVariables {

        @Test
        void shouldLexBooleanWordsInAnyCase() {
            for (String word : List.of("true", "TRUE", "False", "yes", "NO", "on", "Off")) {
                expect("foo = " + word, "KEY foo", "BOOLEAN " + word, "EOF");
            }
            expect("foo=true\r\n", "KEY foo", "BOOLEAN true", "EOF");
            expect("foo = \"true\"", "KEY foo", "STRING true", "EOF");
        }

        @Test
        void shouldLexVariables() {
            expect("foo = $bar", "KEY foo", "VARIABLE bar", "EOF");
            expect("foo =$bar", "KEY foo", "VARIABLE bar", "EOF");
            expect("foo $bar", "KEY foo", "VARIABLE bar", "EOF");
            expect("foo = \"$bar\"", "KEY foo", "STRING $bar", "EOF");
        }
    }

    @Nested
    class Comments {

        @Test
        void shouldLexHashAndSlashComments() {
            expect("# This is a comment", "COMMENT  This is a comment", "EOF");
            expect("# This is a comment\r\n", "COMMENT  This is a comment", "EOF");
            expect("// This is a comment\r\n", "COMMENT  This is a comment", "EOF");
        }

        @Test
        void shouldLexCommentsAfterValues() {
            expect("foo = 123 // This is a comment", "KEY foo", "INTEGER 123", "COMMENT  This is a comment", "EOF");
            expect("foo=123    # This is a comment", "KEY foo", "INTEGER 123", "COMMENT  This is a comment", "EOF");
        }
    }

    @Nested
    class ArraysAndMaps {

        @Test
        void shouldLexArrays() {
            expect("foo = [1, 2, 3, 'bar']", "KEY foo", "ARRAY_START", "INTEGER 1", "INTEGER 2", "INTEGER 3",
                    "STRING bar", "ARRAY_END", "EOF");
            expect("foo = [1,2,3,'bar']", "KEY foo", "ARRAY_START", "INTEGER 1", "INTEGER 2", "INTEGER 3",
                    "STRING bar", "ARRAY_END", "EOF");
            expect("foo = [1, 2,3,'bar']", "KEY foo", "ARRAY_START", "INTEGER 1", "INTEGER 2", "INTEGER 3",
                    "STRING bar", "ARRAY_END", "EOF");
        }

        @Test
        void shouldLexMultiLineArraysWithAndWithoutCommas() {
            String withCommas = "\n# top level comment\nfoo = [\n 1, # One\n 2, // Two\n 3 # Three\n 'bar'     ,\n \"bar\"\n]\n";
            expect(withCommas, "COMMENT  top level comment", "KEY foo", "ARRAY_START", "INTEGER 1", "COMMENT  One",
                    "INTEGER 2", "COMMENT  Two", "INTEGER 3", "COMMENT  Three", "STRING bar", "STRING bar",
                    "ARRAY_END", "EOF");
            String noCommas = "\n# top level comment\nfoo = [\n 1 // foo\n 2\n 3\n 'bar'\n \"bar\"\n]\n";
            expect(noCommas, "COMMENT  top level comment", "KEY foo", "ARRAY_START", "INTEGER 1", "COMMENT  foo",
                    "INTEGER 2", "INTEGER 3", "STRING bar", "STRING bar", "ARRAY_END", "EOF");
        }

        @Test
        void shouldAcceptTrailingCommasButNotEmptyElements() {
            expect("a = [x, y, ]", "KEY a", "ARRAY_START", "STRING x", "STRING y", "ARRAY_END", "EOF");
            expect("a = [x,, y]", "KEY a", "ARRAY_START", "STRING x", "ERROR Unexpected array value terminator ','.");
            expect("m = {a: 1, b: 2, }", "KEY m", "MAP_START", "KEY a", "INTEGER 1", "KEY b", "INTEGER 2",
                    "MAP_END", "EOF");
            expect("m = {a: ,}", "KEY m", "MAP_START", "KEY a", "ERROR Unexpected map value terminator \",\".");
        }

        @Test
        void shouldLexMaps() {
            expect("foo = {ip='127.0.0.1', port = 4242}", "KEY foo", "MAP_START", "KEY ip", "STRING 127.0.0.1",
                    "KEY port", "INTEGER 4242", "MAP_END", "EOF");
            expect("\nfoo = {\n  ip = '127.0.0.1' # the IP\n  port= 4242 // the port\n}\n", "KEY foo", "MAP_START",
                    "KEY ip", "STRING 127.0.0.1", "COMMENT  the IP", "KEY port", "INTEGER 4242",
                    "COMMENT  the port", "MAP_END", "EOF");
            expect("foo = {'bar' = 4242}", "KEY foo", "MAP_START", "KEY bar", "INTEGER 4242", "MAP_END", "EOF");
            expect("foo = {\"bar\" = 4242}", "KEY foo", "MAP_START", "KEY bar", "INTEGER 4242", "MAP_END", "EOF");
        }

        @Test
        void shouldLexNestedMapsWithAndWithoutSeparators() {
            String[] tokens = {"KEY foo", "MAP_START", "KEY host", "MAP_START", "KEY ip", "STRING 127.0.0.1",
                "KEY port", "INTEGER 4242", "MAP_END", "MAP_END", "EOF"};
            expect("\nfoo = {\n  host = {\n    ip = '127.0.0.1'\n    port= 4242\n  }\n}\n", tokens);
            expect("\nfoo  {\n  host  {\n    ip = '127.0.0.1'\n    port= 4242\n  }\n}\n", tokens);
            expect("\nsystems {\n  allinone {\n    description: \"This is a description.\"\n  }\n}\n",
                    "KEY systems", "MAP_START", "KEY allinone", "MAP_START", "KEY description",
                    "STRING This is a description.", "MAP_END", "MAP_END", "EOF");
        }

        @Test
        void shouldLexArraysOfMaps() {
            String input = "\nauthorization {\n    users = [\n      {user: alice, password: foo}\n"
                    + "      {user: bob,   password: bar}\n    ]\n    timeout: 0.5\n}\n";
            expect(input, "KEY authorization", "MAP_START", "KEY users", "ARRAY_START",
                    "MAP_START", "KEY user", "STRING alice", "KEY password", "STRING foo", "MAP_END",
                    "MAP_START", "KEY user", "STRING bob", "KEY password", "STRING bar", "MAP_END",
                    "ARRAY_END", "KEY timeout", "FLOAT 0.5", "MAP_END", "EOF");
        }

        @Test
        void shouldAcceptOptionalSemicolons() {
            expect("\nfoo = 123;\nbar = 'baz';\nbaz = 'boo'\nmap {\n id = 1;\n}\n", "KEY foo", "INTEGER 123",
                    "KEY bar", "STRING baz", "KEY baz", "STRING boo", "KEY map", "MAP_START", "KEY id", "INTEGER 1",
                    "MAP_END", "EOF");
            expect("foo='1'; bar=2.2; baz=true;", "KEY foo", "STRING 1", "KEY bar", "FLOAT 2.2", "KEY baz",
                    "BOOLEAN true", "EOF");
        }

        @Test
        void shouldReportAnUnclosedMap() {
            expect("\nlisten = 4222\n\ncluster = {\n\n  foo = bar\n\n", "KEY listen", "INTEGER 4222", "KEY cluster",
                    "MAP_START", "KEY foo", "STRING bar",
                    "ERROR Unexpected EOF processing map. (the map opened at 4:11 is not closed)");
        }
    }

    @Nested
    class Includes {

        @Test
        void shouldLexIncludesQuotedOrNot() {
            expect("include \"users.conf\"", "INCLUDE users.conf", "EOF");
            expect("include 'users.conf'", "INCLUDE users.conf", "EOF");
            expect("include users.conf", "INCLUDE users.conf", "EOF");
            expect("INCLUDE ./users.conf;", "INCLUDE ./users.conf", "EOF");
        }

        @Test
        void shouldLexIncludesInsideMaps() {
            for (String input : List.of("foo { include users.conf }", "foo {include users.conf}",
                    "foo { include 'users.conf' }", "foo { include \"users.conf\"}")) {
                expect(input, "KEY foo", "MAP_START", "INCLUDE users.conf", "MAP_END", "EOF");
            }
        }

        @Test
        void shouldTreatIncludeFollowedBySeparatorAsAKey() {
            expect("include: 1", "KEY include", "INTEGER 1", "EOF");
        }

        @Test
        void shouldReportIncludesWithoutAPath() {
            expect("include [a]", "ERROR Expected include value but found start of an array");
            expect("include 5", "ERROR Expected include value but found start of a number");
            expect("include \"x", "ERROR Unexpected EOF in double quoted include");
        }
    }

    @Nested
    class JsonCompatibility {

        @Test
        void shouldLexAFileWrappedInBraces() {
            expect("\n  {\n    \"http_port\": 8223\n  }\n  ", "KEY http_port", "INTEGER 8223", "EOF");
            expect("\n  {\n    \"http_port\": 8223,\n    \"port\": 4223\n  }\n  ", "KEY http_port", "INTEGER 8223",
                    "KEY port", "INTEGER 4223", "EOF");
            expect("{\"http_port\": 8224,\"port\": 4224}\n  ", "KEY http_port", "INTEGER 8224", "KEY port",
                    "INTEGER 4224", "EOF");
            expect("{\"http_port\": 8225,\"port\": 4225\n  }\n  ", "KEY http_port", "INTEGER 8225", "KEY port",
                    "INTEGER 4225", "EOF");
        }

        @Test
        void shouldLexUglifiedJsonWithInnerBlocks() {
            expect("{\"http_port\": 8227,\"port\": 4227,\"write_deadline\": \"1h\",\"cluster\": {\"port\": 6222,"
                            + "\"routes\": [\"nats://127.0.0.1:4222\",\"nats://127.0.0.1:4223\"]}}\n",
                    "KEY http_port", "INTEGER 8227", "KEY port", "INTEGER 4227", "KEY write_deadline", "STRING 1h",
                    "KEY cluster", "MAP_START", "KEY port", "INTEGER 6222", "KEY routes", "ARRAY_START",
                    "STRING nats://127.0.0.1:4222", "STRING nats://127.0.0.1:4223", "ARRAY_END", "MAP_END", "EOF");
        }

        @Test
        void shouldLexATrailingBraceAfterTheLastValueAsAKey() {
            expect("\naccounts { users = [{}]}\n}\n", "KEY accounts", "MAP_START", "KEY users", "ARRAY_START",
                    "MAP_START", "MAP_END", "ARRAY_END", "MAP_END", "KEY }", "EOF");
        }
    }

    @Nested
    class Positions {

        @Test
        void shouldReportOneBasedLinesAndColumns() {
            assertEquals(List.of("KEY@1:1", "ARRAY_START@1:7", "INTEGER@1:8", "INTEGER@1:11", "INTEGER@1:14",
                    "STRING@1:17", "ARRAY_END@1:22"), positions("foo = [1, 2, 3, 'bar']"));
            assertEquals(List.of("KEY@2:1", "MAP_START@2:7", "KEY@3:3", "STRING@3:8", "COMMENT@3:20", "KEY@4:3",
                    "INTEGER@4:9", "COMMENT@4:14", "MAP_END@5:1"),
                    positions("\nfoo = {\n  ip = '127.0.0.1' # the IP\n  port= 4242 // the port\n}\n"));
        }

        @Test
        void shouldPointVariablesAtTheDollarSign() {
            assertEquals(List.of("KEY@1:1", "VARIABLE@1:7"), positions("foo = $bar"));
        }

        @Test
        void shouldCountColumnsInCodePoints() {
            assertEquals(List.of("KEY@1:1", "STRING@1:5", "KEY@1:10", "INTEGER@1:14"), positions("a = \"😀\"; b = 1"));
        }

        @Test
        void shouldReportErrorsWhereTheLexerStopped() {
            assertEquals(List.of("KEY@2:1", "ERROR@5:1"), positions("\nlisten: \"localhost:4242\n\nhttp: localhost:8222\n"));
            assertEquals(List.of("KEY@1:1", "ERROR@1:7"), positions("foo = .2"));
            assertEquals(List.of("KEY@1:1", "INTEGER@1:6", "ERROR@1:8"), positions("foo: -1x"));
        }
    }
}
