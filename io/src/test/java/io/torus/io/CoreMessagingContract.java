package io.torus.io;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.torus.core.options.ServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Core messaging, black-box: a real server on a free port, driven by the official Java client and by raw sockets.
 * Runs once per transport (see the subclasses).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
abstract class CoreMessagingContract
{
    private static final Duration WAIT = Duration.ofSeconds(3);
    private final Closer closeables = new Closer();
    private TorusServer server;

    abstract Transport transport();

    @BeforeEach
    void startServer() throws Exception
    {
        assumeTrue(transport().isAvailable(), transport() + " is not available on this machine");
        server = start(o -> { });
    }

    @AfterEach
    void stopAll() throws Exception
    {
        closeables.closeAll();
    }

    private TorusServer start(final Consumer<ServerOptions> configure) throws Exception
    {
        final TorusServer s = TestServers.start(transport(), configure);
        closeables.add(s::shutdown);
        assertEquals(transport(), s.transport());
        return s;
    }

    private Connection connect(final TorusServer s, final Consumer<Options.Builder> configure) throws Exception
    {
        final Options.Builder b = new Options.Builder().server("nats://127.0.0.1:" + s.port()).noReconnect()
            .connectionTimeout(Duration.ofSeconds(3));
        configure.accept(b);
        final Connection nc = Nats.connect(b.build());
        closeables.add(nc);
        return nc;
    }

    private Connection connect() throws Exception
    {
        return connect(server, b -> { });
    }

    private RawClient raw(final TorusServer s) throws Exception
    {
        final RawClient c = new RawClient(s.port());
        closeables.add(c);
        return c;
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(final Message m)
    {
        return new String(m.getData(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldSendInfoWithTheGoServerFields() throws Exception
    {
        final String info = raw(server).readUntil("\r\n");
        assertTrue(info.startsWith("INFO {\"server_id\":\"N"), info);
        assertTrue(info.contains("\"port\":" + server.port() + ","), info);
        assertTrue(info.contains("\"version\":\"2.9.10\""), info);
        assertTrue(info.contains("\"proto\":1"), info);
        assertTrue(info.contains("\"headers\":true"), info);
        assertTrue(info.contains("\"max_payload\":1048576"), info);
        assertTrue(info.contains("\"client_id\":"), info);
        assertTrue(info.contains("\"client_ip\":\"127.0.0.1\""), info);
        assertFalse(info.contains("auth_required"), info);
    }

    @Test
    void shouldDeliverToLiteralAndWildcardSubscribers() throws Exception
    {
        final Connection sub = connect();
        final Subscription literal = sub.subscribe("orders.eu.new");
        final Subscription star = sub.subscribe("orders.*.new");
        final Subscription full = sub.subscribe("orders.>");
        final Subscription other = sub.subscribe("orders.us.*");
        sub.flush(WAIT);
        final Connection pub = connect();
        pub.publish("orders.eu.new", bytes("one"));
        pub.flush(WAIT);
        assertEquals("one", text(literal.nextMessage(WAIT)));
        assertEquals("one", text(star.nextMessage(WAIT)));
        final Message m = full.nextMessage(WAIT);
        assertEquals("orders.eu.new", m.getSubject());
        assertNull(other.nextMessage(Duration.ofMillis(200)));
    }

    @Test
    void shouldDeliverEachMessageToOneMemberOfEachQueueGroup() throws Exception
    {
        final Connection sub = connect();
        final Subscription a1 = sub.subscribe("work", "a");
        final Subscription a2 = sub.subscribe("work", "a");
        final Subscription b1 = sub.subscribe("work", "b");
        final Subscription b2 = sub.subscribe("work.*", "b");
        sub.flush(WAIT);
        final Connection pub = connect();
        final int n = 200;
        for (int i = 0; i < n; i++)
        {
            pub.publish("work", bytes(Integer.toString(i)));
        }
        pub.flush(WAIT);
        final int ca1 = drain(a1);
        final int ca2 = drain(a2);
        final int cb1 = drain(b1);
        final int cb2 = drain(b2);
        assertEquals(n, ca1 + ca2, "group a gets each message once");
        assertEquals(n, cb1, "b2 subscribed to work.* does not match work");
        assertEquals(0, cb2);
        assertTrue(ca1 > 0 && ca2 > 0, "members are chosen at random: " + ca1 + "/" + ca2);
    }

    private static int drain(final Subscription s) throws InterruptedException
    {
        int count = 0;
        while (s.isActive() && s.nextMessage(Duration.ofMillis(300)) != null)
        {
            count++;
        }
        return count;
    }

    @Test
    void shouldRecordPipelineLatencyFromParseToMatchAndToSocketWrite() throws Exception
    {
        final long matchedBefore = server.latency().ingressToMatchTotal().getTotalCount();
        final RawClient raw = raw(server).connect("{\"verbose\":false}");
        raw.send("SUB l 1\r\nPUB l 1\r\nx\r\nPING\r\n").readUntil("PONG\r\n");
        // CONNECT, SUB, PUB and PING each cross the ring; the MSG and PONG were written in one or two flushes.
        assertTrue(server.latency().ingressToMatchTotal().getTotalCount() - matchedBefore >= 4);
        TestServers.await(2000, "a recorded socket write", () -> server.latency().ingressToWriteTotal().getTotalCount() >= 1);
        assertTrue(server.latency().ingressToMatchTotal().getMaxValue() < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void shouldAnswerRequests() throws Exception
    {
        final Connection service = connect();
        final Dispatcher d = service.createDispatcher(msg -> service.publish(msg.getReplyTo(),
            bytes("re:" + text(msg))));
        d.subscribe("echo");
        service.flush(WAIT);
        final Connection client = connect();
        for (int i = 0; i < 20; i++)
        {
            final Message reply = client.request("echo", bytes("q" + i), WAIT);
            assertNotNull(reply);
            assertEquals("re:q" + i, text(reply));
        }
    }

    @Test
    void shouldCarryHeadersAndStripThemForClientsWithoutHeaderSupport() throws Exception
    {
        final Connection sub = connect();
        final Subscription s = sub.subscribe("h");
        sub.flush(WAIT);
        final RawClient legacy = raw(server).connect("{\"verbose\":false,\"headers\":false}");
        legacy.send("SUB h 9\r\nPING\r\n").readUntil("PONG\r\n");
        final Connection pub = connect();
        final Headers headers = new Headers().add("X-Trace", "abc").add("Multi", "1", "2");
        pub.publish("h", headers, bytes("body"));
        pub.flush(WAIT);
        final Message m = s.nextMessage(WAIT);
        assertTrue(m.hasHeaders());
        assertEquals("abc", m.getHeaders().getFirst("X-Trace"));
        assertEquals(List.of("1", "2"), m.getHeaders().get("Multi"));
        assertEquals("body", text(m));
        assertEquals("MSG h 9 4\r\nbody\r\n", legacy.readUntil("body\r\n"));
    }

    @Test
    void shouldTellRequesterThereAreNoResponders() throws Exception
    {
        final Connection client = connect();
        final CompletableFuture<Message> f = client.request("nobody.home", bytes("?"));
        // jnats cancels the request when the server says 503; a server without no-responders would time out.
        assertThrows(CancellationException.class, () -> f.get(2, TimeUnit.SECONDS));

        final RawClient raw = raw(server).connect("{\"verbose\":false,\"headers\":true,\"no_responders\":true}");
        raw.send("SUB _INBOX.x 7\r\nPUB nobody _INBOX.x 2\r\nhi\r\nPING\r\n");
        assertEquals("HMSG _INBOX.x 7 16 16\r\nNATS/1.0 503\r\n\r\n\r\nPONG\r\n", raw.readUntil("PONG\r\n"));
    }

    @Test
    void shouldNotEchoToPublisherThatAskedNotTo() throws Exception
    {
        final Connection quiet = connect(server, Options.Builder::noEcho);
        final Subscription own = quiet.subscribe("chat");
        final Connection other = connect();
        final Subscription theirs = other.subscribe("chat");
        other.flush(WAIT);
        quiet.flush(WAIT);
        quiet.publish("chat", bytes("hi"));
        quiet.flush(WAIT);
        assertEquals("hi", text(theirs.nextMessage(WAIT)));
        assertNull(own.nextMessage(Duration.ofMillis(300)));
    }

    @Test
    void shouldAutoUnsubscribeAfterMax() throws Exception
    {
        final RawClient raw = raw(server).connect("{\"verbose\":false}");
        raw.send("SUB a 1\r\nUNSUB 1 2\r\nPUB a 1\r\nx\r\nPUB a 1\r\ny\r\nPUB a 1\r\nz\r\nPING\r\n");
        assertEquals("MSG a 1 1\r\nx\r\nMSG a 1 1\r\ny\r\nPONG\r\n", raw.readUntil("PONG\r\n"));

        final Connection nc = connect();
        final Subscription s = nc.subscribe("b");
        s.unsubscribe(3);
        nc.flush(WAIT);
        for (int i = 0; i < 5; i++)
        {
            nc.publish("b", bytes("m" + i));
        }
        nc.flush(WAIT);
        assertEquals(3, drain(s));
    }

    @Test
    void shouldAnswerVerboseClientsWithOk() throws Exception
    {
        final RawClient raw = raw(server).connect("{}"); // verbose and pedantic default to true, as in Go
        raw.send("SUB v 1\r\nPUB v 2\r\nok\r\nUNSUB 1\r\nPING\r\n");
        // Go's order: the publisher's +OK comes before the MSG it receives itself.
        assertEquals("+OK\r\n+OK\r\n+OK\r\nMSG v 1 2\r\nok\r\n+OK\r\nPONG\r\n", raw.readUntil("PONG\r\n"));
    }

    @Test
    void shouldAcceptOperationsInAnyLetterCaseAndSplitAcrossReads() throws Exception
    {
        final RawClient raw = raw(server).connect("{\"verbose\":false}");
        raw.send("sUb split 1\r\npub split 10\r\nhel");
        Thread.sleep(50);
        raw.send("lo");
        Thread.sleep(50);
        raw.send("world\r");
        Thread.sleep(50);
        raw.send("\npInG\r\n");
        assertEquals("MSG split 1 10\r\nhelloworld\r\nPONG\r\n", raw.readUntil("PONG\r\n"));
    }

    @Test
    void shouldCarryMaxPayloadMessages() throws Exception
    {
        final Connection nc = connect();
        final Subscription s = nc.subscribe("big");
        nc.flush(WAIT);
        final byte[] payload = new byte[ServerOptions.MAX_PAYLOAD_SIZE];
        for (int i = 0; i < payload.length; i++)
        {
            payload[i] = (byte)(i * 31);
        }
        nc.publish("big", payload);
        nc.flush(WAIT);
        assertArrayEquals(payload, s.nextMessage(WAIT).getData());
    }

    @Test
    void shouldRejectInvalidSubscriptionSubjectAndKeepTheConnection() throws Exception
    {
        final RawClient raw = raw(server).connect("{\"verbose\":false}");
        raw.send("SUB foo..bar 1\r\nPING\r\n");
        assertEquals("-ERR 'Invalid Subject'\r\nPONG\r\n", raw.readUntil("PONG\r\n"));
        raw.send("SUB ok 2\r\nPUB ok 1\r\nx\r\nPING\r\n");
        assertEquals("MSG ok 2 1\r\nx\r\nPONG\r\n", raw.readUntil("PONG\r\n"));
    }

    @Test
    void shouldWarnPedanticPublisherOfInvalidSubject() throws Exception
    {
        final RawClient raw = raw(server).connect("{\"verbose\":false,\"pedantic\":true}");
        raw.send("PUB foo.* 1\r\nx\r\nPING\r\n");
        assertEquals("-ERR 'Invalid Publish Subject'\r\nPONG\r\n", raw.readUntil("PONG\r\n"));
    }

    @Test
    void shouldAnswerBadInputAsTheGoServerAndKeepServingOthers() throws Exception
    {
        final Connection bystander = connect();
        final Subscription watch = bystander.subscribe("still.alive");
        bystander.flush(WAIT);
        final String[][] cases = {
            // input after CONNECT, what must arrive before the server closes the connection
            {"FOO bar\r\n", "-ERR 'Unknown Protocol Operation'\r\n"},
            {"SUB " + "x".repeat(5000) + " 1\r\n", "-ERR 'maximum control line exceeded'\r\n"},
            {"PUB foo 2000000\r\n", "-ERR 'Maximum Payload Violation'\r\n"},
            {"PUB foo 3\r\nhello\r\n", "-ERR 'Unknown Protocol Operation'\r\n"},
            {"PUB foo\r\n", ""},
            {"HPUB foo 12 12\r\nNATS/1.0\r\n\r\n\r\n", ""},
        };
        for (final String[] c : cases)
        {
            final RawClient bad = raw(server).connect("{\"verbose\":false}");
            bad.send(c[0]);
            assertEquals(c[1], bad.readUntilClosed(3000), "for input " + c[0].substring(0, Math.min(30, c[0].length())));
        }
        final RawClient badJson = raw(server);
        badJson.readUntil("\r\n");
        badJson.send("CONNECT {\"verbose\":fals\r\n");
        assertEquals("", badJson.readUntilClosed(3000));

        final Connection pub = connect();
        pub.publish("still.alive", bytes("yes"));
        pub.flush(WAIT);
        assertEquals("yes", text(watch.nextMessage(WAIT)));
    }

    @Test
    void shouldSendFirstPingAboutTwoSecondsAfterConnect() throws Exception
    {
        final RawClient raw = raw(server).connect("{\"verbose\":false}");
        final long start = System.nanoTime();
        raw.readUntil("PING\r\n", 4000);
        final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms >= 1500 && ms <= 3500, "first PING after " + ms + "ms");
    }

    @Test
    void shouldCloseStaleConnections() throws Exception
    {
        final TorusServer s = start(o ->
        {
            o.pingIntervalNanos = TimeUnit.MILLISECONDS.toNanos(200);
            o.pingMax = 2;
        });
        final RawClient raw = raw(s).connect("{\"verbose\":false}");
        final String got = raw.readUntilClosed(5000);
        assertEquals("PING\r\nPING\r\n-ERR 'Stale Connection'\r\n", got);
        assertEquals(1, s.stats().staleConnections.get());

        final RawClient alive = raw(s).connect("{\"verbose\":false}");
        for (int i = 0; i < 4; i++)
        {
            alive.readUntil("PING\r\n", 2000);
            alive.send("PONG\r\n");
        }
        alive.send("PING\r\n").readUntil("PONG\r\n");
    }

    @Test
    void shouldRefuseConnectionsOverMaxConnections() throws Exception
    {
        final TorusServer s = start(o -> o.maxConnections = 1);
        final RawClient first = raw(s).connect("{\"verbose\":false}");
        first.send("PING\r\n").readUntil("PONG\r\n");
        final RawClient second = raw(s);
        final String got = second.readUntilClosed(3000);
        assertTrue(got.startsWith("INFO "), got);
        assertTrue(got.endsWith("-ERR 'maximum connections exceeded'\r\n"), got);
        first.send("PING\r\n").readUntil("PONG\r\n");
    }

    @Test
    void shouldCloseSlowConsumerAndKeepServingOthers() throws Exception
    {
        final TorusServer s = start(o -> o.maxPending = 512 * 1024);
        final RawClient slow = new RawClient(s.port(), 4096);
        closeables.add(slow);
        slow.connect("{\"verbose\":false}");
        slow.send("SUB flood 1\r\nPING\r\n").readUntil("PONG\r\n");
        final Connection bystander = connect(s, b -> { });
        final Subscription other = bystander.subscribe("other");
        bystander.flush(WAIT);
        final Connection pub = connect(s, b -> { });
        final byte[] payload = new byte[16 * 1024];
        int sent = 0;
        while (s.stats().slowConsumers.get() == 0 && sent < 50_000)
        {
            pub.publish("flood", payload);
            if (++sent % 16 == 0)
            {
                pub.flush(WAIT);
            }
        }
        assertEquals(1, s.stats().slowConsumers.get(), "slow consumer detected after " + sent + " messages");
        TestServers.await(5000, "the slow consumer to be closed", () -> s.connectionCount().get() == 2);
        pub.publish("other", bytes("served"));
        pub.flush(WAIT);
        assertEquals("served", text(other.nextMessage(WAIT)));
    }

    @Test
    void shouldCloseConsumerWhoseSocketStaysBlockedPastWriteDeadline() throws Exception
    {
        final TorusServer s = start(o ->
        {
            o.writeDeadlineNanos = TimeUnit.MILLISECONDS.toNanos(300);
            o.maxPending = Long.MAX_VALUE / 2;
        });
        final RawClient stuck = new RawClient(s.port(), 4096);
        closeables.add(stuck);
        stuck.connect("{\"verbose\":false}");
        stuck.send("SUB flood 1\r\nPING\r\n").readUntil("PONG\r\n");
        final Connection pub = connect(s, b -> { });
        final byte[] payload = new byte[64 * 1024];
        for (int i = 0; i < 400 && s.stats().slowConsumers.get() == 0; i++)
        {
            pub.publish("flood", payload);
            pub.flush(WAIT);
        }
        TestServers.await(5000, "the write deadline to close the consumer", () -> s.connectionCount().get() == 1);
        assertEquals(1, s.stats().slowConsumers.get());
    }

    @Test
    void shouldRequireUserAndPassword() throws Exception
    {
        final TorusServer s = start(o ->
        {
            o.username = "alice";
            o.password = "s3cr\\t/";
        });
        final RawClient info = raw(s);
        assertTrue(info.readUntil("\r\n").contains("\"auth_required\":true"));

        final Connection ok = connect(s, b -> b.userInfo("alice", "s3cr\\t/"));
        ok.publish("x", bytes("y"));
        ok.flush(WAIT);

        final RawClient wrong = raw(s).connect("{\"verbose\":false,\"user\":\"alice\",\"pass\":\"nope\"}");
        assertEquals("-ERR 'Authorization Violation'\r\n", wrong.readUntilClosed(3000));
        final RawClient none = raw(s);
        none.readUntil("\r\n");
        none.send("PING\r\n");
        assertEquals("-ERR 'Authorization Violation'\r\n", none.readUntilClosed(3000));
    }

    @Test
    void shouldRequireToken() throws Exception
    {
        final TorusServer s = start(o -> o.authToken = "t0ken");
        final Connection ok = connect(s, b -> b.token("t0ken".toCharArray()));
        ok.flush(WAIT);
        final RawClient wrong = raw(s).connect("{\"verbose\":false,\"auth_token\":\"bad\"}");
        assertEquals("-ERR 'Authorization Violation'\r\n", wrong.readUntilClosed(3000));
    }

    @Test
    void shouldTimeOutClientsThatDoNotAuthenticate() throws Exception
    {
        final TorusServer s = start(o ->
        {
            o.authToken = "t";
            o.authTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(300);
        });
        final RawClient idle = raw(s);
        idle.readUntil("\r\n");
        assertEquals("-ERR 'Authentication Timeout'\r\n", idle.readUntilClosed(3000));
    }

    @Test
    void shouldRefuseBadClientProtocolAndNoRespondersWithoutHeaders() throws Exception
    {
        final RawClient proto = raw(server).connect("{\"verbose\":false,\"protocol\":7}");
        assertEquals("-ERR 'invalid client protocol'\r\n", proto.readUntilClosed(3000));
        final RawClient nr = raw(server).connect("{\"verbose\":false,\"no_responders\":true}");
        assertEquals("-ERR 'no responders requires headers support'\r\n", nr.readUntilClosed(3000));
    }

    @Test
    void shouldDeliverEverythingAcceptedBeforeShutdown() throws Exception
    {
        final TorusServer s = start(o -> { });
        final RawClient sub = raw(s).connect("{\"verbose\":false}");
        sub.send("SUB last 1\r\nPING\r\n").readUntil("PONG\r\n");
        final RawClient pub = raw(s).connect("{\"verbose\":false}");
        final StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 500; i++)
        {
            burst.append("PUB last 4\r\n").append(String.format("%04d", i)).append("\r\n");
        }
        pub.send(burst.append("PING\r\n").toString()).readUntil("PONG\r\n");
        s.shutdown();
        final String got = sub.readUntilClosed(5000);
        assertTrue(got.contains("MSG last 1 4\r\n0499\r\n"), "last message delivered before close");
        assertEquals(500, got.split("MSG last").length - 1);
    }
}
