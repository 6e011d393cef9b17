package io.torus.io;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.nats.client.AuthHandler;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.torus.core.options.ConfigFileOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Users, nkeys, permissions: a real server configured from a config file, driven by jnats as applications drive it
 * and by a raw socket where the exact protocol text matters.
 */
final class AuthorizationTest extends ConfiguredServerTest
{



    private String url()
    {
        return "nats://127.0.0.1:" + server.port();
    }

    private Connection connect(final String user, final String pass) throws Exception
    {
        return connect(new Options.Builder().userInfo(user, pass));
    }

    private Connection connect(final Options.Builder b) throws Exception
    {
        final Connection c = Nats.connect(b.server(url()).maxReconnects(0).connectionTimeout(Duration.ofSeconds(5))
            .build());
        return track(c);
    }

    private static String bcrypt(final String password, final int cost)
    {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    @Test
    void usersListWithPlainAndBcryptPasswords() throws Exception
    {
        start("authorization { users = [\n" +
            "  { user: alice, password: plain-secret }\n" +
            "  { user: bob, password: \"" + bcrypt("bob-secret", 6) + "\" }\n" +
            "] }\n");
        assertTrue(connect("alice", "plain-secret").getStatus() == Connection.Status.CONNECTED);
        assertTrue(connect("bob", "bob-secret").getStatus() == Connection.Status.CONNECTED);
        assertAuthFails("bob", "wrong");
        assertAuthFails("alice", "bob-secret");
        assertAuthFails("mallory", "plain-secret");
        assertAuthFails(null, null);
        assertTrue(server.stats().authFailures.get() >= 4);
    }

    private void assertAuthFails(final String user, final String pass) throws IOException
    {
        try (RawClient raw = new RawClient(server.port()))
        {
            final String info = raw.readUntil("\r\n");
            assertTrue(info.contains("\"auth_required\":true"), info);
            raw.send("CONNECT {\"verbose\":false" + (user == null ? "" : ",\"user\":\"" + user + "\",\"pass\":\"" +
                pass + "\"") + "}\r\nPING\r\n");
            final String got = raw.readUntilClosed(5000);
            assertTrue(got.contains("-ERR 'Authorization Violation'"), got);
            assertTrue(!got.contains("PONG"), got);
        }
    }

    @Test
    void bcryptChecksDoNotStallOtherClientsAndUnknownUsersCostTheSame() throws Exception
    {
        // Cost 11 (nats server passwd's default): tens of milliseconds per check.
        start("authorization { users = [ { user: bob, password: \"" + bcrypt("bob-secret", 11) + "\" } ] }\n");
        final Connection bob = connect("bob", "bob-secret");
        final long wrong = timeFailure("bob", "nope");
        final long unknown = timeFailure("nobody", "nope");
        // Same work whatever was wrong: an unknown user also pays a bcrypt check (generous bounds: noisy machine).
        assertTrue(unknown > wrong / 4 && unknown < wrong * 4, "wrong password " + wrong + "ms, unknown user " +
            unknown + "ms");
        // Several bcrypt checks at once, while bob's round trips stay fast: the event loops are not blocked.
        final List<Thread> attackers = new ArrayList<>();
        for (int i = 0; i < 4; i++)
        {
            final Thread t = new Thread(() ->
            {
                try
                {
                    timeFailure("bob", "guess");
                }
                catch (final IOException e)
                {
                    throw new RuntimeException(e);
                }
            });
            t.start();
            attackers.add(t);
        }
        long worst = 0;
        for (int i = 0; i < 20; i++)
        {
            final long t0 = System.nanoTime();
            bob.flush(Duration.ofSeconds(2));
            worst = Math.max(worst, System.nanoTime() - t0);
        }
        for (final Thread t : attackers)
        {
            t.join();
        }
        assertTrue(worst < wrong * 1_000_000L, "a round trip took " + worst / 1000 + "us during bcrypt checks of " +
            wrong + "ms");
    }

    private long timeFailure(final String user, final String pass) throws IOException
    {
        try (RawClient raw = new RawClient(server.port()))
        {
            raw.readUntil("\r\n");
            final long t0 = System.nanoTime();
            raw.send("CONNECT {\"verbose\":false,\"user\":\"" + user + "\",\"pass\":\"" + pass + "\"}\r\n");
            final String got = raw.readUntilClosed(10_000);
            assertTrue(got.contains("Authorization Violation"), got);
            return (System.nanoTime() - t0) / 1_000_000;
        }
    }

    @Test
    void pipelinedOperationsAfterASlowConnectAreKeptAndRunInOrder() throws Exception
    {
        start("authorization { users = [ { user: bob, password: \"" + bcrypt("pw", 8) + "\" } ] }\n");
        try (RawClient raw = new RawClient(server.port()))
        {
            raw.readUntil("\r\n");
            // Everything in one write: the CONNECT is checked off the event loop, the rest must wait for it.
            raw.send("CONNECT {\"verbose\":false,\"user\":\"bob\",\"pass\":\"pw\"}\r\nSUB a 1\r\nPUB a 2\r\nhi\r\n" +
                "PING\r\n");
            final String got = raw.readUntil("PONG\r\n");
            assertTrue(got.contains("MSG a 1 2\r\nhi\r\n"), got);
        }
    }

    @Test
    void noAuthUserTakesClientsWithoutCredentials() throws Exception
    {
        start("authorization { users = [ { user: guest, password: g, permissions: { publish: \"public.>\" } }," +
            " { user: admin, password: a } ] }\nno_auth_user: guest\n");
        try (RawClient raw = new RawClient(server.port()))
        {
            raw.readUntil("\r\n");
            raw.send("CONNECT {\"verbose\":false}\r\nPUB public.x 1\r\na\r\nPUB private.x 1\r\na\r\nPING\r\n");
            final String got = raw.readUntil("PONG\r\n");
            assertTrue(got.contains("-ERR 'Permissions Violation for Publish to \"private.x\"'"), got);
        }
        assertAuthFails("admin", "wrong");
    }

    @Test
    void nkeyUsersSignTheNonce() throws Exception
    {
        final NKey user = NKey.createUser(null);
        final NKey stranger = NKey.createUser(null);
        start("authorization { users = [ { nkey: " + new String(user.getPublicKey()) + " } ] }\n");
        final Connection c = connect(new Options.Builder().authHandler(nkeyAuth(user)));
        final Subscription sub = c.subscribe("n");
        c.publish("n", "signed".getBytes(StandardCharsets.UTF_8));
        assertEquals("signed", new String(sub.nextMessage(Duration.ofSeconds(2)).getData(), StandardCharsets.UTF_8));
        assertThrows(Exception.class, () -> connect(new Options.Builder().authHandler(nkeyAuth(stranger))));
        try (RawClient raw = new RawClient(server.port()))
        {
            final String info = raw.readUntil("\r\n");
            assertTrue(info.contains("\"nonce\":\""), info);
            // The right key, but a signature over something else.
            final String sig = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(user.sign("not the nonce".getBytes(StandardCharsets.UTF_8)));
            raw.send("CONNECT {\"verbose\":false,\"nkey\":\"" + new String(user.getPublicKey()) + "\",\"sig\":\"" +
                sig + "\"}\r\n");
            assertTrue(raw.readUntilClosed(5000).contains("Authorization Violation"));
        }
    }

    static AuthHandler nkeyAuth(final NKey key)
    {
        return new AuthHandler()
        {
            @Override
            public byte[] sign(final byte[] nonce)
            {
                try
                {
                    return key.sign(nonce);
                }
                catch (final Exception e)
                {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public char[] getID()
            {
                try
                {
                    return key.getPublicKey();
                }
                catch (final Exception e)
                {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public char[] getJWT()
            {
                return null;
            }
        };
    }

    @Test
    void publishAndSubscribePermissionsAnswerAsGoAndKeepTheConnection() throws Exception
    {
        start("authorization { users = [\n" +
            "  { user: u, password: p, permissions: {\n" +
            "      publish: { allow: [\"orders.>\", \"_INBOX.>\"], deny: \"orders.secret\" }\n" +
            "      subscribe: { allow: [\"orders.*\", \"jobs workers\", \"_INBOX.>\"], deny: \"orders.audit\" } } }\n" +
            "  { user: admin, password: a }\n" +
            "] }\n");
        try (RawClient raw = new RawClient(server.port()))
        {
            raw.readUntil("\r\n");
            raw.send("CONNECT {\"verbose\":true,\"user\":\"u\",\"pass\":\"p\"}\r\n");
            raw.readUntil("+OK\r\n");
            raw.send("PUB orders.new 1\r\na\r\n");
            raw.readUntil("+OK\r\n");
            raw.send("PUB billing.x 1\r\na\r\n");
            assertEquals("-ERR 'Permissions Violation for Publish to \"billing.x\"'\r\n",
                raw.readUntil("\r\n"));
            raw.send("PUB orders.secret 1\r\na\r\n");
            assertEquals("-ERR 'Permissions Violation for Publish to \"orders.secret\"'\r\n",
                raw.readUntil("\r\n"));
            raw.send("SUB billing.* 1\r\n");
            assertEquals("-ERR 'Permissions Violation for Subscription to \"billing.*\"'\r\n",
                raw.readUntil("\r\n"));
            raw.send("SUB orders.audit 2\r\n");
            assertEquals("-ERR 'Permissions Violation for Subscription to \"orders.audit\"'\r\n",
                raw.readUntil("\r\n"));
            raw.send("SUB jobs others 3\r\n");
            assertEquals("-ERR 'Permissions Violation for Subscription to \"jobs\" using queue \"others\"'\r\n",
                raw.readUntil("\r\n"));
            raw.send("SUB jobs workers 4\r\n");
            raw.readUntil("+OK\r\n");
            // Allowed with a wildcard, but the deny entry still filters what is delivered (Go's msg deny filter).
            raw.send("SUB orders.* 5\r\n");
            raw.readUntil("+OK\r\n");
            raw.send("PUB orders.x _R_.abc 1\r\na\r\n");
            assertEquals("-ERR 'Permissions Violation for Publish with Reply of \"_R_.abc\"'\r\n",
                raw.readUntil("\r\n"));
            final Connection admin = connect("admin", "a");
            admin.publish("orders.audit", "hidden".getBytes(StandardCharsets.UTF_8));
            admin.publish("orders.shipped", "shown".getBytes(StandardCharsets.UTF_8));
            admin.publish("jobs", "job".getBytes(StandardCharsets.UTF_8));
            admin.flush(Duration.ofSeconds(2));
            raw.send("PING\r\n");
            final String got = raw.readUntil("PONG\r\n");
            assertTrue(got.contains("MSG orders.shipped 5 5\r\nshown"), got);
            assertTrue(got.contains("MSG jobs 4 3\r\njob"), got);
            assertTrue(!got.contains("hidden"), got);
        }
    }

    @Test
    void jnatsSeesPermissionViolationsAsErrorsAndKeepsWorking() throws Exception
    {
        start("authorization { users = [ { user: u, password: p, permissions: { publish: \"ok.>\", " +
            "subscribe: \"ok.>\" } } ] }\n");
        final List<String> errors = new CopyOnWriteArrayList<>();
        final Connection c = connect(new Options.Builder().userInfo("u", "p").errorListener(new ErrorListener()
        {
            @Override
            public void errorOccurred(final Connection conn, final String error)
            {
                errors.add(error);
            }
        }));
        c.subscribe("nope.x");
        c.publish("nope.y", new byte[1]);
        final Subscription ok = c.subscribe("ok.1");
        c.publish("ok.1", "fine".getBytes(StandardCharsets.UTF_8));
        final Message m = ok.nextMessage(Duration.ofSeconds(2));
        assertNotNull(m);
        TestServers.await(2000, "two errors", () -> errors.size() >= 2);
        assertTrue(errors.stream().anyMatch(e -> e.contains("Permissions Violation for Subscription to \"nope.x\"")),
            errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("Permissions Violation for Publish to \"nope.y\"")),
            errors.toString());
        assertEquals(Connection.Status.CONNECTED, c.getStatus());
    }

    @Test
    void allowResponsesLetsAServiceAnswerOnlyWhatItWasAsked() throws Exception
    {
        start("authorization { users = [\n" +
            "  { user: svc, password: s, permissions: { subscribe: \"help\", allow_responses: true } }\n" +
            "  { user: client, password: c }\n" +
            "] }\n");
        try (RawClient svc = new RawClient(server.port()))
        {
            svc.readUntil("\r\n");
            svc.send("CONNECT {\"verbose\":false,\"user\":\"svc\",\"pass\":\"s\"}\r\nSUB help 1\r\nPING\r\n");
            svc.readUntil("PONG\r\n");
            final Connection client = connect("client", "c");
            final Subscription inbox = client.subscribe("my.inbox");
            client.publish("help", "my.inbox", "q".getBytes(StandardCharsets.UTF_8));
            client.flush(Duration.ofSeconds(2));
            svc.readUntil("MSG help 1 my.inbox 1\r\nq\r\n");
            // Not a reply it received: denied. Its one allowed answer: delivered. A second answer: denied (max 1).
            svc.send("PUB other 1\r\na\r\nPUB my.inbox 6\r\nanswer\r\nPUB my.inbox 5\r\nagain\r\nPING\r\n");
            final String got = svc.readUntil("PONG\r\n");
            assertTrue(got.contains("-ERR 'Permissions Violation for Publish to \"other\"'"), got);
            assertTrue(got.contains("-ERR 'Permissions Violation for Publish to \"my.inbox\"'"), got);
            assertEquals("answer", new String(inbox.nextMessage(Duration.ofSeconds(2)).getData(),
                StandardCharsets.UTF_8));
            assertNull(inbox.nextMessage(Duration.ofMillis(200)));
        }
    }

    @Test
    void maxSubscriptionsIsEnforcedPerConnection() throws Exception
    {
        start("max_subscriptions: 2\n");
        try (RawClient raw = new RawClient(server.port()))
        {
            raw.readUntil("\r\n");
            raw.send("CONNECT {\"verbose\":false}\r\nSUB a 1\r\nSUB b 2\r\nSUB c 3\r\nPING\r\n");
            final String got = raw.readUntil("PONG\r\n");
            assertTrue(got.contains("-ERR 'maximum subscriptions exceeded'"), got);
        }
    }

    @Test
    void reloadClosesClientsWhoseUserIsGoneAndKeepsTheOthers() throws Exception
    {
        start("authorization { users = [ { user: alice, password: a }, { user: bob, password: b } ] }\n");
        final Connection alice = connect("alice", "a");
        final Connection bob = connect("bob", "b");
        final Path file = dir.resolve("reloaded.conf");
        Files.writeString(file, "authorization { users = [ { user: alice, password: a, " +
            "permissions: { publish: \"only.this\" } } ] }\n");
        final io.torus.core.options.ServerOptions fresh = new io.torus.core.options.ServerOptions();
        fresh.host = "127.0.0.1";
        ConfigFileOptions.apply(file, fresh);
        server.applyReload(fresh);
        TestServers.await(3000, "bob closed", () -> bob.getStatus() == Connection.Status.CLOSED);
        assertEquals(Connection.Status.CONNECTED, alice.getStatus());
        try (RawClient raw = new RawClient(server.port()))
        {
            raw.readUntil("\r\n");
            raw.send("CONNECT {\"verbose\":false,\"user\":\"alice\",\"pass\":\"a\"}\r\nPUB other 1\r\nx\r\nPING\r\n");
            assertTrue(raw.readUntil("PONG\r\n").contains("Permissions Violation for Publish to \"other\""));
        }
    }

    @Test
    void hugeOrMalformedConnectBeforeAuthIsCutOffAndOthersKeepWorking() throws Exception
    {
        start("authorization { users = [ { user: u, password: p } ] }\n");
        final Connection good = connect("u", "p");
        final Subscription sub = good.subscribe("still.here");
        try (RawClient huge = new RawClient(server.port()); RawClient bad = new RawClient(server.port());
             RawClient early = new RawClient(server.port()))
        {
            huge.readUntil("\r\n");
            huge.send("CONNECT {\"user\":\"" + "x".repeat(64 * 1024) + "\"}\r\n");
            assertTrue(huge.readUntilClosed(5000).contains("-ERR 'maximum control line exceeded'"));
            bad.readUntil("\r\n");
            bad.send("CONNECT {not json}\r\n");
            bad.readUntilClosed(5000);
            early.readUntil("\r\n");
            early.send("PUB still.here 1\r\nx\r\n");
            assertTrue(early.readUntilClosed(5000).contains("-ERR 'Authorization Violation'"));
        }
        good.publish("still.here", "ok".getBytes(StandardCharsets.UTF_8));
        assertEquals("ok", new String(sub.nextMessage(Duration.ofSeconds(2)).getData(), StandardCharsets.UTF_8));
    }
}
