package io.torus.io;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.torus.core.config.ConfigException;
import io.torus.core.options.ConfigFileOptions;
import io.torus.core.options.ServerOptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accounts as isolated subject spaces joined only by declared imports, with their limits. */
final class AccountsTest extends ConfiguredServerTest
{



    private Connection connect(final String user) throws Exception
    {
        final Connection c = Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + server.port())
            .userInfo(user, "pw").maxReconnects(0).build());
        return track(c);
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(final Message m)
    {
        return new String(m.getData(), StandardCharsets.UTF_8);
    }

    private static final String TWO_ACCOUNTS =
        "accounts {\n" +
        "  A: { users: [ { user: a, password: pw } ]\n" +
        "       exports: [ { stream: \"events.>\" }, { service: \"svc.time\" }, { stream: \"priv.>\", accounts: [B] }," +
        "                  { service: \"svc.stream\", response: stream } ] }\n" +
        "  B: { users: [ { user: b, password: pw } ]\n" +
        "       imports: [ { stream: { account: A, subject: \"events.>\" }, prefix: from_a }\n" +
        "                  { stream: { account: A, subject: \"priv.>\" }, to: \"a_priv.>\" }\n" +
        "                  { service: { account: A, subject: \"svc.time\" }, to: time }\n" +
        "                  { service: { account: A, subject: \"svc.stream\" } } ] }\n" +
        "  C: { users: [ { user: c, password: pw } ] }\n" +
        "}\n";

    @Test
    void accountsAreIsolatedSubjectSpaces() throws Exception
    {
        start(TWO_ACCOUNTS);
        final Connection a = connect("a");
        final Connection c = connect("c");
        final Subscription inA = a.subscribe("orders.new");
        final Subscription inC = c.subscribe("orders.new");
        c.flush(Duration.ofSeconds(2));
        a.publish("orders.new", bytes("from a"));
        assertEquals("from a", text(inA.nextMessage(Duration.ofSeconds(2))));
        assertNull(inC.nextMessage(Duration.ofMillis(300)));
        // A request across accounts without an import finds no responder.
        c.subscribe("svc.time");
        assertThrows(Exception.class, () -> a.request("svc.time", bytes("?")).get(500, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    @Test
    void streamImportsDeliverRenamedMessagesToTheImporterOnly() throws Exception
    {
        start(TWO_ACCOUNTS);
        final Connection a = connect("a");
        final Connection b = connect("b");
        final Connection c = connect("c");
        final Subscription prefixed = b.subscribe("from_a.events.>");
        final Subscription mapped = b.subscribe("a_priv.*");
        final Subscription plainInB = b.subscribe("events.>");
        final Subscription inC = c.subscribe(">");
        b.flush(Duration.ofSeconds(2));
        c.flush(Duration.ofSeconds(2));
        a.publish("events.created", bytes("e1"));
        a.publish("priv.x", bytes("p1"));
        a.publish("other", bytes("nobody"));
        final Message m = prefixed.nextMessage(Duration.ofSeconds(2));
        assertEquals("from_a.events.created", m.getSubject());
        assertEquals("e1", text(m));
        final Message p = mapped.nextMessage(Duration.ofSeconds(2));
        assertEquals("a_priv.x", p.getSubject());
        assertNull(plainInB.nextMessage(Duration.ofMillis(200)));
        assertNull(inC.nextMessage(Duration.ofMillis(200)));
        // Nothing flows the other way.
        final Subscription inA = a.subscribe(">");
        a.flush(Duration.ofSeconds(2));
        b.publish("events.created", bytes("from b"));
        assertNull(inA.nextMessage(Duration.ofMillis(300)));
    }

    @Test
    void serviceImportsCarryRequestsAndRouteAnswersBack() throws Exception
    {
        start(TWO_ACCOUNTS);
        final Connection a = connect("a");
        final Connection b = connect("b");
        final AtomicInteger seen = new AtomicInteger();
        final ConcurrentLinkedQueue<String> replies = new ConcurrentLinkedQueue<>();
        final Dispatcher service = a.createDispatcher(msg ->
        {
            seen.incrementAndGet();
            replies.add(msg.getReplyTo());
            a.publish(msg.getReplyTo(), bytes("noon for " + text(msg)));
            // Singleton responses: a second answer is not delivered.
            a.publish(msg.getReplyTo(), bytes("second"));
        });
        service.subscribe("svc.time");
        a.flush(Duration.ofSeconds(2));
        for (int i = 0; i < 3; i++)
        {
            final Message answer = b.request("time", bytes("b" + i), Duration.ofSeconds(2));
            assertNotNull(answer, "answer " + i);
            assertEquals("noon for b" + i, text(answer));
        }
        assertEquals(3, seen.get());
        // The responder saw reply subjects of its own account, never the requester's inbox.
        for (final String r : replies)
        {
            assertTrue(r.startsWith("_R_."), r);
        }
        final Subscription inbox = b.subscribe("my.inbox");
        b.publish("time", "my.inbox", bytes("x"));
        assertNotNull(inbox.nextMessage(Duration.ofSeconds(2)));
        assertNull(inbox.nextMessage(Duration.ofMillis(300)), "the second answer of a singleton service");
    }

    @Test
    void streamedServiceResponsesAreAllDelivered() throws Exception
    {
        start(TWO_ACCOUNTS);
        final Connection a = connect("a");
        final Connection b = connect("b");
        final Dispatcher service = a.createDispatcher(msg ->
        {
            for (int i = 0; i < 3; i++)
            {
                a.publish(msg.getReplyTo(), bytes("part" + i));
            }
        });
        service.subscribe("svc.stream");
        a.flush(Duration.ofSeconds(2));
        final Subscription inbox = b.subscribe("parts");
        b.publish("svc.stream", "parts", bytes("go"));
        for (int i = 0; i < 3; i++)
        {
            assertEquals("part" + i, text(inbox.nextMessage(Duration.ofSeconds(2))));
        }
    }

    @Test
    void importsOfPrivateExportsAndUnknownAccountsAreConfigErrors() throws Exception
    {
        final Path file = dir.resolve("bad.conf");
        Files.writeString(file, TWO_ACCOUNTS.replace("C: { users: [ { user: c, password: pw } ] }",
            "C: { users: [ { user: c, password: pw } ], imports: [ { stream: { account: A, subject: \"priv.>\" } } ] }"));
        final ConfigException e = assertThrows(ConfigException.class,
            () -> ConfigFileOptions.apply(file, new ServerOptions()));
        assertTrue(e.getMessage().contains("stream import not authorized"), e.getMessage());
        Files.writeString(file, "accounts { B: { imports: [ { service: { account: NOPE, subject: x } } ] } }\n");
        final ConfigException e2 = assertThrows(ConfigException.class,
            () -> ConfigFileOptions.apply(file, new ServerOptions()));
        assertTrue(e2.getMessage().contains("\"NOPE\" account not defined for service import"), e2.getMessage());
    }

    @Test
    void accountLimitsAreEnforced() throws Exception
    {
        start("accounts { L: { users: [ { user: l, password: pw }, { user: l2, password: pw } ],\n" +
            "  limits: { max_connections: 1, max_subscriptions: 1, max_payload: 16 } } }\n");
        try (RawClient first = new RawClient(server.port()))
        {
            first.readUntil("\r\n");
            first.send("CONNECT {\"verbose\":false,\"user\":\"l\",\"pass\":\"pw\"}\r\nSUB a 1\r\nSUB b 2\r\nPING\r\n");
            assertTrue(first.readUntil("PONG\r\n").contains("-ERR 'maximum subscriptions exceeded'"));
            try (RawClient second = new RawClient(server.port()))
            {
                second.readUntil("\r\n");
                second.send("CONNECT {\"verbose\":false,\"user\":\"l2\",\"pass\":\"pw\"}\r\nPING\r\n");
                final String got = second.readUntilClosed(5000);
                assertTrue(got.contains("-ERR 'maximum account active connections exceeded'"), got);
            }
            first.send("PUB a 32\r\n01234567890123456789012345678901\r\n");
            assertTrue(first.readUntilClosed(5000).contains("-ERR 'Maximum Payload Violation'"));
        }
        // The closed connection gave its place back.
        TestServers.await(2000, "account connection released", () ->
            server.accounts().get("L").connectionCount() == 0);
        assertNotNull(connect("l2"));
    }

    @Test
    void concurrentTrafficNeverCrossesAnAccountBoundaryExceptThroughAnImport() throws Exception
    {
        final int accounts = 4;
        final StringBuilder conf = new StringBuilder("accounts {\n");
        for (int i = 0; i < accounts; i++)
        {
            conf.append("  ACC").append(i).append(": { users: [ { user: u").append(i).append(", password: pw } ]");
            if (i == 0)
            {
                conf.append(", exports: [ { stream: \"shared.>\" } ]");
            }
            if (i == 1)
            {
                conf.append(", imports: [ { stream: { account: ACC0, subject: \"shared.>\" }, prefix: imported } ]");
            }
            conf.append(" }\n");
        }
        start(conf.append("}\n").toString());
        final int perPublisher = 2000;
        final List<ConcurrentLinkedQueue<String>> received = new ArrayList<>();
        final List<Connection> publishers = new ArrayList<>();
        for (int i = 0; i < accounts; i++)
        {
            final Connection sub = connect("u" + i);
            final ConcurrentLinkedQueue<String> got = new ConcurrentLinkedQueue<>();
            received.add(got);
            sub.createDispatcher(m -> got.add(m.getSubject() + "|" + text(m))).subscribe(">");
            sub.flush(Duration.ofSeconds(2));
            publishers.add(connect("u" + i));
        }
        final List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < accounts; i++)
        {
            final int acc = i;
            final Thread t = new Thread(() ->
            {
                final Connection p = publishers.get(acc);
                for (int n = 0; n < perPublisher; n++)
                {
                    // The same subjects in every account.
                    p.publish((n % 2 == 0 ? "shared." : "data.") + (n % 10), bytes("acc" + acc));
                }
            });
            threads.add(t);
            t.start();
        }
        for (final Thread t : threads)
        {
            t.join();
        }
        for (final Connection p : publishers)
        {
            p.flush(Duration.ofSeconds(5));
        }
        final int importedIntoAcc1 = perPublisher / 2;
        for (int i = 0; i < accounts; i++)
        {
            final int acc = i;
            final int expected = perPublisher + (acc == 1 ? importedIntoAcc1 : 0);
            TestServers.await(10_000, "account " + acc + " messages", () -> received.get(acc).size() >= expected);
            Thread.sleep(100);
            assertEquals(expected, received.get(acc).size(), "account " + acc);
            for (final String m : received.get(acc))
            {
                final boolean own = m.endsWith("|acc" + acc);
                final boolean imported = acc == 1 && m.startsWith("imported.shared.") && m.endsWith("|acc0");
                assertTrue(own || imported, "account " + acc + " received " + m);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void monitoringShowsEachConnectionsAccountAndEveryAccount() throws Exception
    {
        start(TWO_ACCOUNTS + "http: \"127.0.0.1:-1\"\n");
        final Connection a = connect("a");
        a.subscribe("x");
        a.flush(Duration.ofSeconds(2));
        connect("c");
        final MonitoringClient http = new MonitoringClient(server.monitoringPort());
        final java.util.Map<String, Object> connz = http.json("/connz?auth=1&acc=A");
        final List<Object> conns = (List<Object>)connz.get("connections");
        assertEquals(1, conns.size(), connz.toString());
        final java.util.Map<String, Object> ci = (java.util.Map<String, Object>)conns.get(0);
        assertEquals("A", ci.get("account"));
        assertEquals("a", ci.get("authorized_user"));
        final java.util.Map<String, Object> accountz = http.json("/accountz");
        assertEquals(List.of("$G", "A", "B", "C", "$SYS"), accountz.get("accounts"));
        final java.util.Map<String, Object> detail =
            (java.util.Map<String, Object>)http.json("/accountz?acc=A").get("account_detail");
        assertEquals(1L, ((Number)detail.get("client_connections")).longValue());
        assertEquals(1L, ((Number)detail.get("subscriptions")).longValue());
        // As Go's, the server's count includes the system account's internal subscriptions.
        final long internal = ((Number)((java.util.Map<String, Object>)http.json("/accountz?acc=$SYS")
            .get("account_detail")).get("subscriptions")).longValue();
        assertEquals(1L + internal, ((Number)http.json("/varz").get("subscriptions")).longValue());
    }
}
