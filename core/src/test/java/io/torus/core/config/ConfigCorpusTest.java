package io.torus.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Realistic configuration files, of the kinds the Go server's documentation and the client test
 * suites write, in {@code src/test/resources/config}, and the user-facing examples in {@code conf/}:
 * all must parse; spot checks on what they contain.
 */
class ConfigCorpusTest {

    private static final Map<String, String> ENVIRONMENT =
            Map.of("NATS_TOKEN", "s3cr3t-token", "CLIENT_PASSWORD", "client-pass");

    private final ConfigParser parser = new ConfigParser(ENVIRONMENT::get);

    static Path corpus() {
        try {
            return Path.of(ConfigCorpusTest.class.getResource("/config").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Path> corpusFiles() throws IOException {
        return Files.list(corpus()).filter(p -> p.toString().endsWith(".conf")).sorted();
    }

    static Stream<Path> exampleFiles() throws IOException {
        Path examples = Path.of("..", "conf");
        return Files.list(examples).filter(p -> p.toString().endsWith(".conf")).sorted();
    }

    private ConfigMap parse(String name) {
        return parser.parseFile(corpus().resolve(name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void shouldParseEveryCorpusFile(Path file) {
        assertFalse(parser.parseFile(file).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleFiles")
    void shouldParseEveryExampleInTheConfDirectory(Path file) {
        assertFalse(new ConfigParser(name -> "from-env-" + name).parseFile(file).isEmpty());
    }

    @Test
    void shouldHaveExamplesInTheConfDirectory() throws IOException {
        assertTrue(exampleFiles().count() >= 5);
    }

    @Test
    void shouldReadTheSingleServerFile() {
        ConfigMap conf = parse("single-server.conf");
        assertEquals("0.0.0.0:4222", conf.getString("listen"));
        assertEquals(8222, conf.getInt("http"));
        assertEquals(1L << 20, conf.getSize("max_payload"));
        assertEquals(4096L, conf.getLong("max_control_line"));
        assertEquals(Duration.ofMinutes(2), conf.getDuration("ping_interval"));
        assertEquals(Duration.ofSeconds(10), conf.getDuration("write_deadline"));
        assertFalse(conf.getBoolean("debug"));
    }

    @Test
    void shouldReadClientTestStyleOptions() {
        ConfigMap conf = parse("port-net.conf");
        assertEquals(4222, conf.getInt("port"));
        assertEquals("127.0.0.1", conf.getString("net"));
        assertEquals(65536L, conf.getLong("max_payload"));
        assertTrue(conf.getBoolean("allow_non_tls"));
        assertEquals("alice", conf.getString("no_auth_user"));
    }

    @Test
    void shouldResolvePermissionVariablesAndEnvironmentInAuthorization() {
        ConfigMap auth = parse("auth.conf").getMap("authorization");
        ConfigList users = auth.getList("users");
        assertEquals(Map.of("publish", ">", "subscribe", ">"), users.getMap(0).getMap("permissions").toPlainMap());
        assertEquals("client-pass", users.getMap(1).getString("password"));
        assertEquals(List.of("req.>", "$JS.API.>"), users.getMap(1).getMap("permissions").getStringList("publish"));
        assertEquals("s€rv1ce 🔐", users.getMap(2).getString("password"));
        assertEquals("UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4", users.getMap(3).getString("nkey"));
        assertEquals("admin.>", auth.getMap("default_permissions").getMap("publish").getString("deny"));
        assertTrue(auth.isUsedAsVariable("ADMIN"));
        assertEquals("s3cr3t-token", parse("token.conf").getMap("authorization").getString("token"));
    }

    @Test
    void shouldReadClusterRoutes() {
        ConfigMap cluster = parse("cluster.conf").getMap("cluster");
        assertEquals("east", cluster.getString("name"));
        assertEquals(3, cluster.getList("routes").size());
        assertEquals("nats-route://route_user:t0p-s3cr3t@n2.example.com:6222", cluster.getList("routes").getString(1));
    }

    @Test
    void shouldReadJetStreamInItsThreeForms() {
        ConfigMap js = parse("jetstream.conf").getMap("jetstream");
        assertEquals(1L << 30, js.getSize("max_memory_store"));
        assertEquals(100L << 30, js.getSize("max_file_store"));
        assertEquals("hub", js.getString("domain"));
        assertEquals("enabled", parse("jetstream-enabled.conf").getString("jetstream"));
        assertTrue(parse("jetstream-true.conf").getBoolean("jetstream"));
        ConfigMap limits = parse("jetstream-limits.conf").getMap("jetstream");
        assertEquals(64L << 20, limits.getSize("max_mem_store"));
        assertEquals("/tmp/js", limits.getString("store_dir"));
    }

    @Test
    void shouldReadTls() {
        ConfigMap tls = parse("tls.conf").getMap("tls");
        assertEquals("./certs/ca.pem", tls.getString("ca_file"));
        assertTrue(tls.getBoolean("verify"));
        assertEquals(2.0, tls.getDouble("timeout"));
        assertEquals(Duration.ofMillis(300), tls.getDuration("handshake_first"));
    }

    @Test
    void shouldReadAccountsWithImportsAndExports() {
        ConfigMap conf = parse("accounts.conf");
        ConfigMap accounts = conf.getMap("accounts");
        assertEquals(List.of("ORDERS", "BILLING", "$SYS", "EMPTY"), List.copyOf(accounts.keySet()));
        assertEquals("enabled", accounts.getMap("ORDERS").getString("jetstream"));
        ConfigMap firstImport = accounts.getMap("BILLING").getList("imports").getMap(0);
        assertEquals("billing.orders.>", firstImport.getString("to"));
        assertEquals("ORDERS", firstImport.getMap("stream").getString("account"));
        assertEquals(List.of("BILLING"), accounts.getMap("ORDERS").getList("exports").getMap(2).getStringList("accounts"));
        assertTrue(accounts.getMap("EMPTY").isEmpty());
        assertEquals("$SYS", conf.getString("system_account"));
    }

    @Test
    void shouldReadOperatorAndMemoryResolver() {
        ConfigMap conf = parse("operator.conf");
        assertEquals("MEMORY", conf.getString("resolver"));
        assertEquals(2, conf.getMap("resolver_preload").size());
        assertTrue(conf.getString("operator").startsWith("eyJ0eXAiOiJKV1Qi"));
    }

    @Test
    void shouldReadLeafNodeRemotes() {
        ConfigMap leaf = parse("leafnodes.conf").getMap("leafnodes");
        assertEquals("leaf://hub.example.com:7422", leaf.getList("remotes").getMap(0).getString("url"));
        assertEquals("$SYS", leaf.getList("remotes").getMap(1).getString("account"));
        assertEquals(Duration.ofSeconds(5), leaf.getDuration("reconnect"));
    }

    @Test
    void shouldReadWebsocket() {
        ConfigMap ws = parse("websocket.conf").getMap("websocket");
        assertEquals(8080, ws.getInt("port"));
        assertTrue(ws.getBoolean("no_tls"));
    }

    @Test
    void shouldReadJsonStyleFiles() {
        ConfigMap conf = parse("json-style.conf");
        assertEquals(List.of("server_name", "port", "http_port", "write_deadline", "jetstream", "cluster"),
                List.copyOf(conf.keySet()));
        assertEquals(2, conf.getMap("cluster").getList("routes").size());
    }

    @Test
    void shouldFollowIncludesRelativeToEachFile() {
        ConfigMap conf = parse("with-includes.conf");
        assertEquals("/etc/nats/certs/server.pem", conf.getMap("tls").getString("cert_file"));
        ConfigMap accounts = conf.getMap("accounts");
        assertEquals("app-secret", accounts.getMap("APP").getList("users").getMap(0).getString("password"));
        assertTrue(accounts.getMap("SYS").getList("users").getMap(0).getString("password").startsWith("$2a$11$"));
        assertTrue(accounts.positionOf("APP").source().endsWith("accounts.conf"));
        assertEquals(4, accounts.positionOf("APP").line());
    }
}
