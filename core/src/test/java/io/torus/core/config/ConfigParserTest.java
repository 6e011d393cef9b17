package io.torus.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The results of Go's {@code conf/parse_test.go}, and more about values, variables and positions. */
class ConfigParserTest {

    private final Map<String, String> environment = new HashMap<>();
    private final ConfigParser parser = new ConfigParser(environment::get);

    private Map<String, Object> parse(String text) {
        return parser.parseString(text).toPlainMap();
    }

    private ConfigException parseError(String text) {
        return assertThrows(ConfigException.class, () -> parser.parseString(text));
    }

    @Nested
    class Values {

        @Test
        void shouldParseScalarsAtTheTopLevel() {
            assertEquals(Map.of("foo", "1", "bar", 2.2, "baz", true, "boo", 22L),
                    parse("foo='1'; bar=2.2; baz=true; boo=22"));
        }

        @Test
        void shouldParseBooleanWordsInAnyCase() {
            for (String word : List.of("true", "TRUE", "yes", "on", "Yes", "ON")) {
                assertEquals(Map.of("foo", true), parse("foo=" + word));
            }
            for (String word : List.of("false", "FALSE", "no", "off", "Off")) {
                assertEquals(Map.of("foo", false), parse("foo=" + word));
            }
        }

        @Test
        void shouldApplySizeSuffixesAsGoDoes() {
            String sizes = "\nk = 8k\nkb = 4kb\nki = 3ki\nkib = 4ki\nm = 1m\nmb = 2MB\nmi = 2Mi\nmib = 64MiB\n"
                    + "g = 2g\ngb = 22GB\ngi = 22Gi\ngib = 22GiB\nt = 3t\ntb = 22TB\nti = 22Ti\ntib = 22TiB\n"
                    + "p = 2p\npb = 22PB\npi = 22Pi\npib = 22PiB\ne = 1e\neb = 2EB\n";
            Map<String, Object> expected = new HashMap<>();
            expected.put("k", 8_000L);
            expected.put("kb", 4L * 1024);
            expected.put("ki", 3L * 1024);
            expected.put("kib", 4L * 1024);
            expected.put("m", 1_000_000L);
            expected.put("mb", 2L * 1024 * 1024);
            expected.put("mi", 2L * 1024 * 1024);
            expected.put("mib", 64L * 1024 * 1024);
            expected.put("g", 2_000_000_000L);
            expected.put("gb", 22L << 30);
            expected.put("gi", 22L << 30);
            expected.put("gib", 22L << 30);
            expected.put("t", 3_000_000_000_000L);
            expected.put("tb", 22L << 40);
            expected.put("ti", 22L << 40);
            expected.put("tib", 22L << 40);
            expected.put("p", 2_000_000_000_000_000L);
            expected.put("pb", 22L << 50);
            expected.put("pi", 22L << 50);
            expected.put("pib", 22L << 50);
            expected.put("e", 1_000_000_000_000_000_000L);
            expected.put("eb", 2L << 60);
            assertEquals(expected, parse(sizes));
            assertEquals(Map.of("max_file_store", 1L << 30, "neg", -1_000_000L), parse("max_file_store: 1GB\nneg: -1m"));
        }

        @Test
        void shouldRejectIntegersOutOfRange() {
            assertEquals("<string>:1:5: integer '99999999999999999999' is out of the range",
                    parseError("a = 99999999999999999999").getMessage());
            assertEquals("<string>:1:5: integer '99999999999GB' is out of the range",
                    parseError("a = 99999999999GB").getMessage());
        }

        @Test
        void shouldRejectAnUnknownSizeSuffixThatGoWouldDropSilently() {
            assertEquals("<string>:1:5: invalid size suffix 'kbb' in '1kbb'", parseError("a = 1kbb").getMessage());
        }

        @Test
        void shouldParseDatesAsInstants() {
            assertEquals(Map.of("now", Instant.parse("2016-05-04T18:53:41Z"), "gmt", false),
                    parse("\n  now = 2016-05-04T18:53:41Z\n  gmt = false\n\n"));
            assertEquals("<string>:1:7: expected Zulu formatted DateTime, but got '2016-13-04T18:53:41Z'",
                    parseError("now = 2016-13-04T18:53:41Z").getMessage());
        }

        @Test
        void shouldParseNestedMapsAndArrays() {
            assertEquals(Map.of("foo", Map.of("host", Map.of("ip", "127.0.0.1", "port", 4242L),
                            "servers", List.of("a.com", "b.com", "c.com"))),
                    parse("\nfoo  {\n  host {\n    ip   = '127.0.0.1'\n    port = 4242\n  }\n"
                            + "  servers = [ \"a.com\", \"b.com\", \"c.com\"]\n}\n"));
            assertEquals(Map.of("array", List.of(Map.of("abc", 123L), Map.of("xyz", "word"))),
                    parse("\n  array [\n    { abc: 123 }\n    { xyz: \"word\" }\n  ]\n"));
        }

        @Test
        void shouldParseTheClusterSampleWithBothCommentStyles() {
            String cluster = "\ncluster {\n  port: 4244\n\n  authorization {\n    user: route_user\n"
                    + "    password: top_secret\n    timeout: 1\n  }\n\n  # Routes are actively solicited.\n\n"
                    + "  // Test both styles of comments\n\n  routes = [\n    nats-route://foo:bar@apcera.me:4245\n"
                    + "    nats-route://foo:bar@apcera.me:4246\n  ]\n}\n";
            assertEquals(Map.of("cluster", Map.of("port", 4244L,
                    "authorization", Map.of("user", "route_user", "password", "top_secret", "timeout", 1L),
                    "routes", List.of("nats-route://foo:bar@apcera.me:4245", "nats-route://foo:bar@apcera.me:4246"))),
                    parse(cluster));
        }

        @Test
        void shouldKeepQuotesAndNewLinesInsideStrings() {
            assertEquals(Map.of("foo", Map.of("expr", "(true == \"false\")", "text", "This is a multi-line\ntext block.")),
                    parse("\nfoo  {\n  expr = '(true == \"false\")'\n  text = 'This is a multi-line\ntext block.'\n}\n"));
        }

        @Test
        void shouldKeepKeysInOrderWithTheirCaseAndTheLastValueOfARepeatedKey() {
            ConfigMap map = parser.parseString("Zeta = 1\nalpha = 2\nZeta = 3\n");
            assertEquals(List.of("Zeta", "alpha"), List.copyOf(map.keySet()));
            assertEquals(3L, map.get("Zeta"));
            assertEquals(3, map.positionOf("Zeta").line());
        }

        @Test
        void shouldParseAnEmptyValueAtTheEndOfInputAsAnEmptyString() {
            assertEquals(Map.of("foo", ""), parse("foo ="));
        }

        @Test
        void shouldParseWindowsLineEndings() {
            ConfigMap map = parser.parseString("port: 4222\r\ncluster {\r\n  name: c1\r\n  routes: [\r\n    a\r\n    b\r\n  ]\r\n}\r\n");
            assertEquals(Map.of("port", 4222L, "cluster", Map.of("name", "c1", "routes", List.of("a", "b"))), map.toPlainMap());
            assertEquals(3, map.getMap("cluster").positionOf("name").line());
        }

        @Test
        void shouldParseUtf8AndEmoji() {
            assertEquals(Map.of("server_name", "nats-🚀-ünïcødé", "greeting", "こんにちは"),
                    parse("server_name: \"nats-🚀-ünïcødé\"\ngreeting: 'こんにちは'"));
        }
    }

    @Nested
    class Variables {

        @Test
        void shouldResolveAKeyDefinedEarlier() {
            assertEquals(Map.of("index", 22L, "foo", 22L), parse("\n  index = 22\n  foo = $index\n"));
        }

        @Test
        void shouldResolveTheInnermostDefinitionFirst() {
            assertEquals(Map.of("index", 22L, "nest", Map.of("index", 11L, "foo", 11L), "bar", 22L),
                    parse("\n  index = 22\n  nest {\n    index = 11\n    foo = $index\n  }\n  bar = $index\n"));
        }

        @Test
        void shouldResolveMapsAndArraysAndMarkTheirKeysAsUsed() {
            ConfigMap map = parser.parseString("\nBAR_USERS = { users = [ {user = \"bar\"} ]}\nhello = 'world'\n"
                    + "accounts {\n  QUUX_USERS = [ { user: quux }]\n  bar = $BAR_USERS\n  quux = { users = $QUUX_USERS }\n}\n"
                    + "very { nested { env { VAR = 'NESTED', quux = $VAR }}}\n");
            assertEquals(Map.of("users", List.of(Map.of("user", "bar"))), map.getMap("accounts").getMap("bar").toPlainMap());
            assertEquals(List.of(Map.of("user", "quux")),
                    map.getMap("accounts").getMap("quux").getList("users").toPlainList());
            assertEquals("NESTED", map.getMap("very").getMap("nested").getMap("env").getString("quux"));
            assertTrue(map.isUsedAsVariable("BAR_USERS"));
            assertTrue(map.getMap("accounts").isUsedAsVariable("QUUX_USERS"));
            assertFalse(map.isUsedAsVariable("hello"));
            // A variable's value is positioned at the reference.
            assertEquals(6, map.getMap("accounts").valuePositionOf("bar").line());
            assertEquals(9, map.getMap("accounts").valuePositionOf("bar").column());
        }

        @Test
        void shouldNotSeeKeysDefinedLaterOrInSiblingBlocks() {
            assertEquals("<string>:1:7: variable reference for 'later' can not be found",
                    parseError("foo = $later\nlater = 1").getMessage());
            assertEquals("<string>:2:9: variable reference for 'x' can not be found",
                    parseError("a { x = 1 }\nb { y = $x }").getMessage());
        }

        @Test
        void shouldReportAnUndefinedVariable() {
            ConfigException e = parseError("foo=$index");
            assertTrue(e.getMessage().startsWith("<string>:1:5: variable reference"), e.getMessage());
        }

        @Test
        void shouldReadTheEnvironmentParsingTheValueLikeConfiguration() {
            environment.put("__UNIQ22__", "22");
            assertEquals(Map.of("foo", 22L), parse("foo = $__UNIQ22__"));
            environment.put("__UNIQ22__", "xyz");
            assertEquals(Map.of("foo", "xyz"), parse("foo = $__UNIQ22__"));
            environment.put("__UNIQ22__", "3Gyz");
            assertEquals(Map.of("foo", "3Gyz"), parse("foo = $__UNIQ22__"));
            environment.put("__UNIQ22__", "'3xyz'");
            assertEquals(Map.of("foo", "3xyz"), parse("foo = $__UNIQ22__"));
            environment.put("__UNIQ22__", "1GB");
            assertEquals(Map.of("foo", 1L << 30), parse("foo = $__UNIQ22__"));
            environment.put("__UNIQ22__", "{ max_mem_store: 1GB, domain: hub }");
            assertEquals(Map.of("foo", Map.of("max_mem_store", 1L << 30, "domain", "hub")), parse("foo = $__UNIQ22__"));
        }

        @Test
        void shouldPreferKeysOverTheEnvironment() {
            environment.put("PORT", "1");
            assertEquals(Map.of("PORT", 2L, "port", 2L), parse("PORT = 2\nport = $PORT"));
        }

        @Test
        void shouldFollowEnvironmentVariablesReferringToOthers() {
            environment.put("OUTER", "$INNER");
            environment.put("INNER", "4222");
            assertEquals(Map.of("port", 4222L), parse("port: $OUTER"));
        }

        @Test
        void shouldRejectAnEnvironmentVariableCycle() {
            environment.put("A", "$B");
            environment.put("B", "$A");
            ConfigException e = parseError("port: $A");
            assertTrue(e.getMessage().startsWith("<string>:1:7: variable reference for 'A' could not be parsed"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("variable reference cycle for 'A'"), e.getMessage());
        }

        @Test
        void shouldReportAnEnvironmentValueThatDoesNotParse() {
            environment.put("BAD", "\"unclosed");
            ConfigException e = parseError("x = $BAD");
            assertTrue(e.getMessage().startsWith("<string>:1:5: variable reference for 'BAD' could not be parsed: "
                    + "environment variable BAD:1:"), e.getMessage());
        }

        @Test
        void shouldKeepUnquotedBcryptHashes() {
            assertEquals(Map.of("password", "$2a$11$ooo"), parse("password: $2a$11$ooo"));
        }

        @Test
        void shouldNotInterpolateVariablesInsideStrings() {
            assertEquals(Map.of("a", "x", "b", "$a", "c", "pre-$a"), parse("a = x\nb = \"$a\"\nc = pre-$a"));
        }
    }

    @Nested
    class Positions {

        @Test
        void shouldRememberWhereEachKeyAndValueWasWritten() {
            ConfigMap root = parser.parseString("\n  index = 22\n  nest {\n    foo = [1,\n      two]\n  }\n", "x.conf");
            assertEquals("x.conf:2:3", root.positionOf("index").toString());
            assertEquals("x.conf:2:11", root.valuePositionOf("index").toString());
            assertEquals("x.conf:3:8", root.getMap("nest").position().toString());
            assertEquals("x.conf:4:5", root.getMap("nest").positionOf("foo").toString());
            ConfigList list = root.getMap("nest").getList("foo");
            assertEquals("x.conf:4:11", list.position().toString());
            assertEquals("x.conf:5:7", list.positionOf(1).toString());
            assertEquals("x.conf:1:1", root.position().toString());
        }
    }

    @Nested
    class Validity {

        @Test
        void shouldRejectAKeyWithoutValue() {
            assertEquals("<string>:1:1: config is invalid: key \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" has no value",
                    parseError("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").getMessage());
            assertEquals("<string>:1:15", parseError("              aaaaaaaaaaaaaaaaaaaaaaaaaaa").position().toString());
            assertEquals("<string>:1:6", parseError("     aaaaaaaaaaaaaaaaaaaaaaaaaaa         ").position().toString());
            assertEquals("<string>:4:12", parseError("\n          \t\t# with comments and no spaces to create key values\n"
                    + "         \t\t# is also an invalid config.\n         \t\taaaaaaaaaaaaaaaaaaaaa\n                        ")
                    .position().toString());
            assertTrue(parseError("\n                        a,a,a,a,a,a,a,a,a,a,a\n                        ")
                    .getMessage().contains("config is invalid"));
        }

        @Test
        void shouldAcceptEmptyConfigurations() {
            assertEquals(Map.of(), parse(""));
            assertEquals(Map.of(), parse("\n\n\n                        "));
            assertEquals(Map.of(), parse("\n  # just comments with no values\n  # is still valid.\n  "));
        }

        @Test
        void shouldAcceptBracesAroundTheFileAndATrailingBrace() {
            assertEquals(Map.of(), parse("{}"));
            assertEquals(Map.of(), parse("\n  {\n  # comments in the body\n  }\n  "));
            assertEquals(Map.of("accounts", Map.of("users", List.of(Map.of()))),
                    parse("\n  accounts { users = [{}]}\n  }\n  "));
            assertEquals(Map.of("accounts", Map.of("users", List.of(Map.of()))),
                    parse("{\n  accounts { users = [{}]}\n  }\n  "));
        }

        @Test
        void shouldStopWithAnErrorOnGarbage() {
            for (String garbage : List.of("A@@Føøøø?˛ø:{øøøø˙˙", "include \"9/\uFFFD")) {
                assertTrue(parseError(garbage).getMessage().contains("Unexpected EOF"));
            }
        }
    }

    @Nested
    class JsonCompatibility {

        @Test
        void shouldParseJsonWithNestedBlocks() {
            String json = "\n{\n  \"http_port\": 8227,\n  \"port\": 4227,\n  \"write_deadline\": \"1h\",\n"
                    + "  \"cluster\": {\n    \"port\": 6222,\n    \"routes\": [\n      \"nats://127.0.0.1:4222\",\n"
                    + "      \"nats://127.0.0.1:4223\",\n      \"nats://127.0.0.1:4224\"\n    ]\n  }\n}\n";
            assertEquals(Map.of("http_port", 8227L, "port", 4227L, "write_deadline", "1h",
                    "cluster", Map.of("port", 6222L, "routes",
                            List.of("nats://127.0.0.1:4222", "nats://127.0.0.1:4223", "nats://127.0.0.1:4224"))),
                    parse(json));
        }

        @Test
        void shouldParseJsonWithTrailingCommasAndMissingCommas() {
            String json = "{\n  \"jetstream\": {\n    \"store_dir\": \"/tmp/nats\"\n    \"max_mem\": 1000000,\n  },\n"
                    + "  \"port\": 4222,\n  \"server_name\": \"nats1\"\n}\n";
            assertEquals(Map.of("jetstream", Map.of("store_dir", "/tmp/nats", "max_mem", 1_000_000L),
                    "port", 4222L, "server_name", "nats1"), parse(json));
            assertEquals(Map.of(), parse("\n{\n}\n"));
        }

        @Test
        void shouldParseTopLevelBlocks() {
            assertEquals(Map.of("listen", "0.0.0.0:4222"), parse("{ listen: 0.0.0.0:4222 }"));
            assertEquals(Map.of("listen", "0.0.0.0:4222"), parse("{\n\t\t\t\tlisten: 0.0.0.0:4222\n\t\t\t }"));
            assertEquals(Map.of("listen", "0.0.0.0:4222"), parse("\n\t{\n\t\tlisten: 0.0.0.0:4222\n\t}\n\t# wibble\n"));
            assertEquals(Map.of("listen", "0.0.0.0:4222"),
                    parse("\n{\n\t{\n\t\tlisten: 0.0.0.0:4222 // random comment\n\t}\n\t# wibble1\n}\n# wibble2\n"));
            assertEquals(Map.of("debug", false, "prof_port", 8221L, "server_name", "aws-useast2-natscj1-1"),
                    parse("\n{\n  \"debug\":              False\n  \"prof_port\":          8221\n"
                            + "  \"server_name\":        \"aws-useast2-natscj1-1\"\n}\n"));
            assertEquals(Map.of("debug", false, "prof_port", 8221L, "server_name", "gcp-asianortheast3-natscj1-1"),
                    parse("\n{\n  \"debug\":              False\n  \"server_name\":        \"gcp-asianortheast3-natscj1-1\"\n\n"
                            + "  # Profile port specification.\n  \"prof_port\":          8221\n}\n"));
        }
    }

    @Nested
    class Substitutions {

        @Test
        void shouldGiveTheSameResultWithOrWithoutVariables() {
            Map<String, Object> withVariables = parse("BAR_USERS = { users = [ {user = \"foo\"} ]}\nbar = $BAR_USERS\n"
                    + "accounts {\n  users = $BAR_USERS\n}\n");
            Map<String, Object> expanded = parse("BAR_USERS = { users = [ {user = \"foo\"} ]}\n"
                    + "bar = { users = [ {user = \"foo\"} ]}\naccounts {\n  users = { users = [ {user = \"foo\"} ]}\n}\n");
            assertEquals(expanded, withVariables);
            assertInstanceOf(Map.class, withVariables.get("bar"));
        }
    }
}
