package io.torus.io;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.torus.core.auth.jwt.CredsFiles;
import io.torus.core.auth.jwt.TestJwts;
import io.torus.core.options.ConfigFileOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.torus.core.auth.jwt.TestJwts.pub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Operator mode end to end: a server configured with an operator JWT, {@code resolver: MEMORY} and preloaded account
 * JWTs; clients connect with {@code .creds} files as nsc writes them (jnats signs the INFO nonce), or speak the raw
 * protocol where the exact answer matters.
 */
@Timeout(60)
final class OperatorModeTest
{
    private static final Map<String, Object> NO_LIMITS = Map.of("conn", -1, "subs", -1, "payload", -1,
        "imports", -1, "exports", -1, "wildcards", true, "data", -1, "leaf", -1);
    private static final Pattern NONCE = Pattern.compile("\"nonce\":\"([^\"]+)\"");

    @TempDir
    Path dir;
    private TorusServer server;
    private final List<Connection> connections = new ArrayList<>();

    private final NKey operator = TestJwts.operatorKey();
    private final NKey system = TestJwts.accountKey();
    private final NKey accountA = TestJwts.accountKey();
    private final NKey accountB = TestJwts.accountKey();

    @AfterEach
    void stop() throws InterruptedException
    {
        for (final Connection c : connections)
        {
            c.close();
        }
        if (server != null)
        {
            server.shutdown();
        }
    }

    private TestJwts.Claims account(final NKey key)
    {
        return TestJwts.account(pub(key)).nats("limits", NO_LIMITS);
    }

    /** A user as nsc makes one: no limits (-1) unless the test sets them. */
    private static TestJwts.Claims user(final NKey key)
    {
        return TestJwts.user(pub(key)).nats("subs", -1).nats("data", -1).nats("payload", -1);
    }

    private void start(final Map<NKey, String> accountJwts) throws Exception
    {
        final Path opFile = Files.writeString(dir.resolve("operator.jwt"), CredsFiles.decorate(
            TestJwts.operator(operator).nats("system_account", pub(system)).sign(operator), "operator"));
        final StringBuilder conf = new StringBuilder();
        conf.append("operator: \"").append(opFile).append("\"\n");
        conf.append("resolver: MEMORY\n");
        conf.append("resolver_preload: {\n");
        conf.append("  ").append(pub(system)).append(": \"").append(account(system).sign(operator)).append("\"\n");
        for (final Map.Entry<NKey, String> e : accountJwts.entrySet())
        {
            conf.append("  ").append(pub(e.getKey())).append(": \"").append(e.getValue()).append("\"\n");
        }
        conf.append("}\n");
        final Path file = Files.writeString(dir.resolve("server.conf"), conf.toString());
        server = TestServers.start(Transport.NIO, o -> ConfigFileOptions.apply(file, o));
    }

    private void startWithAccountsAB() throws Exception
    {
        final Map<NKey, String> accounts = new LinkedHashMap<>();
        accounts.put(accountA, account(accountA).sign(operator));
        accounts.put(accountB, account(accountB).sign(operator));
        start(accounts);
    }

    private Path creds(final String userJwt, final NKey user) throws IOException
    {
        return CredsFiles.write(Files.createTempFile(dir, "user", ".creds"), userJwt, user);
    }

    private Connection connect(final Path creds, final ErrorListener errors) throws Exception
    {
        final Options.Builder b = new Options.Builder().server("nats://127.0.0.1:" + server.port())
            .authHandler(Nats.credentials(creds.toString())).maxReconnects(0)
            .connectionTimeout(Duration.ofSeconds(5));
        if (errors != null)
        {
            b.errorListener(errors);
        }
        final Connection c = Nats.connect(b.build());
        connections.add(c);
        return c;
    }

    private Connection connectUser(final NKey account, final TestJwts.Claims claims, final NKey user)
        throws Exception
    {
        return connect(creds(claims.sign(account), user), null);
    }

    /**
     * CONNECT over a raw socket with a user JWT and the nonce signed by {@code signer} (null: no sig); returns the
     * answer ("PONG", or "-ERR ..." once the server has closed the connection).
     */
    private String rawConnect(final String userJwt, final NKey signer) throws IOException
    {
        try (RawClient raw = new RawClient(server.port()))
        {
            final String info = raw.readUntil("\r\n");
            assertTrue(info.contains("\"auth_required\":true"), info);
            final Matcher m = NONCE.matcher(info);
            assertTrue(m.find(), info);
            final String sig = signer == null ? "" : ",\"sig\":\"" + TestJwts.signNonce(signer, m.group(1)) + "\"";
            raw.send("CONNECT {\"verbose\":false,\"jwt\":\"" + userJwt + "\"" + sig + "}\r\nPING\r\n");
            // Accepted: PONG, and the connection stays open. Refused: -ERR, then the server closes it.
            final String answer = raw.readUntil("\r\n", 3000);
            return answer.startsWith("-ERR") ? answer + raw.readUntilClosed(3000) : answer;
        }
    }

    @Test
    void usersWithCredsFilesTalkWithinTheirAccountOnly() throws Exception
    {
        startWithAccountsAB();
        final NKey alice = TestJwts.userKey();
        final NKey bob = TestJwts.userKey();
        final NKey mallory = TestJwts.userKey();
        final Connection a1 = connectUser(accountA, user(alice), alice);
        final Connection a2 = connectUser(accountA, user(bob), bob);
        final Connection b1 = connectUser(accountB, user(mallory), mallory);
        final Subscription inA = a2.subscribe("orders");
        final Subscription inB = b1.subscribe("orders");
        a2.flush(Duration.ofSeconds(2));
        b1.flush(Duration.ofSeconds(2));
        a1.publish("orders", "one".getBytes(StandardCharsets.UTF_8));
        a1.flush(Duration.ofSeconds(2));
        final Message got = inA.nextMessage(Duration.ofSeconds(2));
        assertNotNull(got);
        assertEquals("one", new String(got.getData(), StandardCharsets.UTF_8));
        assertNull(inB.nextMessage(Duration.ofMillis(300)), "a message crossed from account A to account B");
    }

    @Test
    void infoCarriesANonceAndClientsWithoutAValidJwtAreRefused() throws Exception
    {
        startWithAccountsAB();
        final NKey user = TestJwts.userKey();
        final String good = user(user).sign(accountA);
        assertTrue(rawConnect(good, user).contains("PONG"));

        final String noJwt;
        try (RawClient raw = new RawClient(server.port()))
        {
            raw.readUntil("\r\n");
            raw.send("CONNECT {\"verbose\":false,\"user\":\"a\",\"pass\":\"b\"}\r\nPING\r\n");
            noJwt = raw.readUntilClosed(3000);
        }
        assertTrue(noJwt.contains("-ERR 'Authorization Violation'"), noJwt);

        final String[] refused = {
            rawConnect(good, TestJwts.userKey()),                                   // nonce signed by another key
            rawConnect(good, null),                                                 // no signature
            rawConnect(user(user).set("exp", System.currentTimeMillis() / 1000 - 5).sign(accountA), user),
            rawConnect(user(user).sign(TestJwts.accountKey()), user),               // account not preloaded
            rawConnect(user(user).sign(operator), user),                            // issuer is not an account
            rawConnect(good.substring(0, good.length() - 3) + "AAA", user),         // tampered signature
        };
        for (final String r : refused)
        {
            assertTrue(r.contains("-ERR 'Authorization Violation'") && !r.contains("PONG"), r);
        }
        assertTrue(server.stats().authFailures.get() >= refused.length + 1);
    }

    @Test
    void revokedUsersAndAccountsOfUntrustedOperatorsAreRefused() throws Exception
    {
        final NKey revoked = TestJwts.userKey();
        final NKey fine = TestJwts.userKey();
        final NKey stranger = TestJwts.operatorKey();
        final long now = System.currentTimeMillis() / 1000;
        final Map<NKey, String> accounts = new LinkedHashMap<>();
        accounts.put(accountA, account(accountA).nats("revocations", Map.of(pub(revoked), now)).sign(operator));
        accounts.put(accountB, account(accountB).sign(stranger));
        start(accounts);
        final String revokedJwt = user(revoked).set("iat", now - 1).sign(accountA);
        assertTrue(rawConnect(revokedJwt, revoked).contains("-ERR 'Authorization Violation'"));
        // A JWT issued after the revocation is valid again.
        assertTrue(rawConnect(user(revoked).set("iat", now + 1).sign(accountA), revoked).contains("PONG"));
        assertTrue(rawConnect(user(fine).sign(accountB), fine).contains("-ERR 'Authorization Violation'"));
    }

    @Test
    void bearerTokensNeedNoSignature() throws Exception
    {
        startWithAccountsAB();
        final NKey user = TestJwts.userKey();
        assertTrue(rawConnect(user(user).nats("bearer_token", true).sign(accountA), null).contains("PONG"));
    }

    @Test
    void permissionsFromTheJwtAreEnforced() throws Exception
    {
        startWithAccountsAB();
        final NKey user = TestJwts.userKey();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final ErrorListener listener = new ErrorListener()
        {
            @Override
            public void errorOccurred(final Connection conn, final String error)
            {
                errors.add(error);
            }
        };
        final Connection c = connect(creds(user(user)
            .nats("pub", Map.of("allow", List.of("orders.>")))
            .nats("sub", Map.of("deny", List.of("secret.>"))).sign(accountA), user), listener);
        final Subscription s = c.subscribe("orders.new");
        c.publish("orders.new", new byte[] {1});
        assertNotNull(s.nextMessage(Duration.ofSeconds(2)));
        c.publish("payroll", new byte[] {2});
        c.subscribe("secret.plans");
        c.flush(Duration.ofSeconds(2));
        TestServers.await(3000, "two permission errors", () -> errors.size() >= 2);
        assertTrue(errors.contains("Permissions Violation for Publish to \"payroll\""), errors.toString());
        assertTrue(errors.contains("Permissions Violation for Subscription to \"secret.plans\""), errors.toString());
        assertEquals(Connection.Status.CONNECTED, c.getStatus());
    }

    @Test
    void theClientIsClosedWhenItsJwtExpires() throws Exception
    {
        startWithAccountsAB();
        final NKey user = TestJwts.userKey();
        final String jwt = user(user).set("exp", System.currentTimeMillis() / 1000 + 2).sign(accountA);
        try (RawClient raw = new RawClient(server.port()))
        {
            final Matcher m = NONCE.matcher(raw.readUntil("\r\n"));
            assertTrue(m.find());
            raw.send("CONNECT {\"verbose\":false,\"jwt\":\"" + jwt + "\",\"sig\":\"" +
                TestJwts.signNonce(user, m.group(1)) + "\"}\r\nPING\r\n");
            raw.readUntil("PONG\r\n");
            final String rest = raw.readUntilClosed(5000);
            assertTrue(rest.contains("-ERR 'User Authentication Expired'"), rest);
        }
    }

    @Test
    void aPrivateStreamExportReachesOnlyTheImporterWithAnActivationToken() throws Exception
    {
        final NKey accountC = TestJwts.accountKey();
        final String token = TestJwts.activation(pub(accountB)).nats("subject", "feed.>").nats("kind", "stream")
            .sign(accountA);
        final Map<NKey, String> accounts = new LinkedHashMap<>();
        accounts.put(accountA, account(accountA).nats("exports", List.of(Map.of("subject", "feed.>",
            "type", "stream", "token_req", true))).sign(operator));
        accounts.put(accountB, account(accountB).nats("imports", List.of(Map.of("subject", "feed.>",
            "account", pub(accountA), "type", "stream", "token", token))).sign(operator));
        // C claims the import without a token: the server leaves the import out.
        accounts.put(accountC, account(accountC).nats("imports", List.of(Map.of("subject", "feed.>",
            "account", pub(accountA), "type", "stream"))).sign(operator));
        start(accounts);
        final NKey pubUser = TestJwts.userKey();
        final NKey withToken = TestJwts.userKey();
        final NKey without = TestJwts.userKey();
        final Connection a = connectUser(accountA, user(pubUser), pubUser);
        final Connection b = connectUser(accountB, user(withToken), withToken);
        final Connection c = connectUser(accountC, user(without), without);
        final Subscription inB = b.subscribe("feed.prices");
        final Subscription inC = c.subscribe("feed.prices");
        b.flush(Duration.ofSeconds(2));
        c.flush(Duration.ofSeconds(2));
        a.publish("feed.prices", "42".getBytes(StandardCharsets.UTF_8));
        a.flush(Duration.ofSeconds(2));
        final Message got = inB.nextMessage(Duration.ofSeconds(2));
        assertNotNull(got, "the importer with a token gets the stream");
        assertEquals("42", new String(got.getData(), StandardCharsets.UTF_8));
        assertNull(inC.nextMessage(Duration.ofMillis(300)), "an import without a token must not receive");
    }

    @Test
    void aReloadMayNotChangeOperatorsOrPreloadedAccounts() throws Exception
    {
        final String op = "operator: \"" + TestJwts.operator(operator).sign(operator) + "\"\nresolver: MEMORY\n";
        final Path one = Files.writeString(dir.resolve("one.conf"), op + "resolver_preload: { " + pub(accountA) +
            ": \"" + account(accountA).sign(operator) + "\" }\n");
        final Path two = Files.writeString(dir.resolve("two.conf"), op + "resolver_preload: { " + pub(accountB) +
            ": \"" + account(accountB).sign(operator) + "\" }\n");
        final io.torus.core.options.ServerOptions a = new io.torus.core.options.ServerOptions();
        final io.torus.core.options.ServerOptions again = new io.torus.core.options.ServerOptions();
        final io.torus.core.options.ServerOptions b = new io.torus.core.options.ServerOptions();
        ConfigFileOptions.apply(one, a);
        ConfigFileOptions.apply(one, again);
        ConfigFileOptions.apply(two, b);
        assertNull(ConfigReload.notReloadable(a, again));
        assertEquals("operator, trusted_keys or resolver_preload", ConfigReload.notReloadable(a, b));
    }

    @Test
    void theClientIsClosedWhenItsAccountsJwtExpires() throws Exception
    {
        final Map<NKey, String> accounts = new LinkedHashMap<>();
        accounts.put(accountA, account(accountA).set("exp", System.currentTimeMillis() / 1000 + 5).sign(operator));
        start(accounts);
        final NKey user = TestJwts.userKey();
        try (RawClient raw = new RawClient(server.port()))
        {
            final Matcher m = NONCE.matcher(raw.readUntil("\r\n"));
            assertTrue(m.find());
            raw.send("CONNECT {\"verbose\":false,\"jwt\":\"" + user(user).sign(accountA) + "\",\"sig\":\"" +
                TestJwts.signNonce(user, m.group(1)) + "\"}\r\nPING\r\n");
            raw.readUntil("PONG\r\n");
            final String rest = raw.readUntilClosed(9000);
            assertTrue(rest.contains("-ERR 'Account Authentication Expired'"), rest);
        }
    }

    @Test
    void accountConnectionLimitsAndUserPayloadLimitsApply() throws Exception
    {
        final Map<NKey, String> accounts = new LinkedHashMap<>();
        final Map<String, Object> oneConnection = new LinkedHashMap<>(NO_LIMITS);
        oneConnection.put("conn", 1);
        accounts.put(accountA, TestJwts.account(pub(accountA)).nats("limits", oneConnection).sign(operator));
        accounts.put(accountB, account(accountB).sign(operator));
        start(accounts);
        final NKey first = TestJwts.userKey();
        final NKey second = TestJwts.userKey();
        connectUser(accountA, user(first), first);
        final String refused = rawConnect(user(second).sign(accountA), second);
        assertTrue(refused.contains("-ERR 'maximum account active connections exceeded'"), refused);

        final NKey small = TestJwts.userKey();
        try (RawClient raw = new RawClient(server.port()))
        {
            final Matcher m = NONCE.matcher(raw.readUntil("\r\n"));
            assertTrue(m.find());
            raw.send("CONNECT {\"verbose\":false,\"jwt\":\"" + user(small).nats("payload", 4).sign(accountB) +
                "\",\"sig\":\"" + TestJwts.signNonce(small, m.group(1)) + "\"}\r\nPING\r\n");
            raw.readUntil("PONG\r\n");
            raw.send("PUB x 4\r\nfour\r\nPUB x 5\r\nfive!\r\n");
            final String rest = raw.readUntilClosed(3000);
            assertTrue(rest.contains("-ERR 'Maximum Payload Violation'"), rest);
        }
    }

    @Test
    void aServiceExportedByOneAccountIsImportedByAnother() throws Exception
    {
        final Map<NKey, String> accounts = new LinkedHashMap<>();
        accounts.put(accountA, account(accountA)
            .nats("exports", List.of(Map.of("name", "help", "subject", "help.>", "type", "service"))).sign(operator));
        accounts.put(accountB, account(accountB)
            .nats("imports", List.of(Map.of("name", "help", "subject", "help.>", "account", pub(accountA),
                "type", "service", "local_subject", "ask.>"))).sign(operator));
        start(accounts);
        final NKey responder = TestJwts.userKey();
        final NKey requester = TestJwts.userKey();
        final Connection a = connectUser(accountA, user(responder), responder);
        final Connection b = connectUser(accountB, user(requester), requester);
        a.createDispatcher(m -> a.publish(m.getReplyTo(), ("re: " + m.getSubject()).getBytes(StandardCharsets.UTF_8)))
            .subscribe("help.>");
        a.flush(Duration.ofSeconds(2));
        final Message reply = b.request("ask.me", new byte[0], Duration.ofSeconds(3));
        assertNotNull(reply);
        assertEquals("re: help.me", new String(reply.getData(), StandardCharsets.UTF_8));
    }
}
