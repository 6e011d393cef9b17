package io.torus.io;

import org.junit.jupiter.api.Timeout;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.torus.core.options.ServerOptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The system account, black-box through jnats: its request/reply services answer Go's ServerAPIResponse with the
 * monitoring documents, clients of other accounts produce CONNECT and DISCONNECT advisories, and nobody outside
 * the system account sees any of it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class SystemAccountTest extends ConfiguredServerTest
{
    static final String CONFIG =
        "accounts {\n" +
        "  SYS: { users: [ { user: sys, password: pw } ] }\n" +
        "  A: { users: [ { user: a, password: pw } ] }\n" +
        "  B: { users: [ { user: b, password: pw } ] }\n" +
        "}\n" +
        "authorization { users: [ { user: g, password: pw } ] }\n" +
        "system_account: SYS\n";



    @Override
    TorusServer start(final String config) throws Exception
    {
        return start(config, o -> o.httpPort = ServerOptions.RANDOM_PORT);
    }

    private Connection connect(final String user, final String name) throws Exception
    {
        final Connection c = Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + server.port())
            .userInfo(user, "pw").connectionName(name).maxReconnects(0).build());
        return track(c);
    }

    /** Publishes a request and waits for the one answer (null if none comes within the wait). */
    private static Map<String, Object> ask(final Connection c, final String subject, final String body,
        final long waitMs) throws Exception
    {
        final String inbox = c.createInbox();
        final Subscription replies = c.subscribe(inbox);
        c.flush(Duration.ofSeconds(2));
        c.publish(subject, inbox, body.getBytes(StandardCharsets.UTF_8));
        final Message m = replies.nextMessage(Duration.ofMillis(waitMs));
        replies.unsubscribe();
        return m == null ? null : MonitoringClient.object(new String(m.getData(), StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(final Map<String, Object> doc, final String key)
    {
        final Object v = doc.get(key);
        assertTrue(v instanceof Map, key + " in " + doc);
        return (Map<String, Object>)v;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(final Map<String, Object> doc, final String key)
    {
        return (List<Object>)doc.get(key);
    }

    private void assertServer(final Map<String, Object> response)
    {
        final Map<String, Object> s = obj(response, "server");
        assertEquals(server.serverId(), s.get("id"));
        assertEquals(server.serverName(), s.get("name"));
        assertEquals("2.9.10", s.get("ver"));
        assertEquals(false, s.get("jetstream"));
        assertTrue(((Number)s.get("seq")).longValue() > 0);
        assertNotNull(s.get("time"));
    }

    @Test
    void systemClientsGetTheMonitoringDocumentsByRequest() throws Exception
    {
        start(CONFIG);
        final Connection sys = connect("sys", "ops");
        final Connection a = connect("a", "app");
        a.subscribe("orders.>");
        a.flush(Duration.ofSeconds(2));

        final Map<String, Object> varz = ask(sys, "$SYS.REQ.SERVER.PING.VARZ", "", 2000);
        assertServer(varz);
        final Map<String, Object> v = obj(varz, "data");
        assertEquals(server.serverId(), v.get("server_id"));
        assertEquals("SYS", v.get("system_account"));
        assertEquals(2L, ((Number)v.get("connections")).longValue());
        assertFalse(varz.containsKey("error"));

        // Addressed to this server by id, with Go's option fields.
        final Map<String, Object> connz = ask(sys, "$SYS.REQ.SERVER." + server.serverId() + ".CONNZ",
            "{\"auth\":true,\"subscriptions\":true,\"acc\":\"A\"}", 2000);
        assertServer(connz);
        final List<Object> conns = list(obj(connz, "data"), "connections");
        assertEquals(1, conns.size(), conns.toString());
        @SuppressWarnings("unchecked")
        final Map<String, Object> app = (Map<String, Object>)conns.get(0);
        assertEquals("app", app.get("name"));
        assertEquals("a", app.get("authorized_user"));
        assertEquals(List.of("orders.>"), app.get("subscriptions_list"));

        final Map<String, Object> subsz = ask(sys, "$SYS.REQ.SERVER.PING.SUBSZ",
            "{\"subscriptions\":true,\"test\":\"orders.new\"}", 2000);
        final List<Object> subs = list(obj(subsz, "data"), "subscriptions_list");
        assertEquals(1, subs.size(), subs.toString());

        final Map<String, Object> accountz = ask(sys, "$SYS.REQ.SERVER.PING.ACCOUNTZ", "", 2000);
        assertEquals("SYS", obj(accountz, "data").get("system_account"));
        assertTrue(list(obj(accountz, "data"), "accounts").containsAll(List.of("$G", "SYS", "A", "B")));
        final Map<String, Object> detail = ask(sys, "$SYS.REQ.SERVER.PING.ACCOUNTZ", "{\"account\":\"SYS\"}", 2000);
        assertEquals(true, obj(obj(detail, "data"), "account_detail").get("is_system"));

        assertEquals(Map.of("status", "ok"), ask(sys, "$SYS.REQ.SERVER.PING.HEALTHZ", "", 2000).get("data"));
        for (final String doc : List.of("ROUTEZ", "GATEWAYZ", "LEAFZ", "JSZ"))
        {
            final Map<String, Object> r = ask(sys, "$SYS.REQ.SERVER.PING." + doc, "", 2000);
            assertNotNull(r, doc);
            assertEquals(server.serverId(), obj(r, "data").get("server_id"), doc);
        }
        // One account's connections: the account in the subject wins over one in the body, as in Go.
        final Map<String, Object> ofA = ask(sys, "$SYS.REQ.ACCOUNT.A.CONNZ", "{\"acc\":\"SYS\",\"auth\":true}", 2000);
        final List<Object> inA = list(obj(ofA, "data"), "connections");
        assertEquals(1, inA.size(), inA.toString());
        assertEquals("a", ((Map<?, ?>)inA.get(0)).get("authorized_user"));
        assertEquals(0L, ((Number)obj(ask(sys, "$SYS.REQ.ACCOUNT.B.CONNZ", "", 2000), "data")
            .get("num_connections")).longValue());
        assertEquals(0L, ((Number)obj(ask(sys, "$SYS.REQ.ACCOUNT.A.LEAFZ", "", 2000), "data").get("leafnodes"))
            .longValue());
        final Map<String, Object> idz = ask(sys, "$SYS.REQ.SERVER.PING.IDZ", "", 2000);
        assertEquals(server.serverId(), idz.get("id"));

        // STATSZ, by the old PING subject and the new one: Go's ServerStatsMsg.
        for (final String subject : List.of("$SYS.REQ.SERVER.PING", "$SYS.REQ.SERVER.PING.STATSZ",
            "$SYS.REQ.SERVER." + server.serverId() + ".STATSZ"))
        {
            final Map<String, Object> statsz = ask(sys, subject, "", 2000);
            assertServer(statsz);
            final Map<String, Object> s = obj(statsz, "statsz");
            assertEquals(2L, ((Number)s.get("connections")).longValue(), subject);
            assertEquals(2L, ((Number)s.get("active_accounts")).longValue(), subject);
            assertEquals(1L, ((Number)s.get("active_servers")).longValue(), subject);
            assertTrue(((Number)s.get("subscriptions")).longValue() > 20, subject);
            assertNotNull(obj(s, "sent").get("msgs"));
        }
    }

    @Test
    void badOptionsAreAnsweredWithGoErrorsAndRequestsForOtherServersAreIgnored() throws Exception
    {
        start(CONFIG);
        final Connection sys = connect("sys", "ops");

        final Map<String, Object> notJson = ask(sys, "$SYS.REQ.SERVER.PING.CONNZ", "{bad", 2000);
        assertServer(notJson);
        assertEquals(400L, ((Number)obj(notJson, "error").get("code")).longValue());
        assertFalse(notJson.containsKey("data"));

        final Map<String, Object> wrongType = ask(sys, "$SYS.REQ.SERVER.PING.CONNZ", "{\"limit\":\"x\"}", 2000);
        assertEquals("json: cannot unmarshal string into Go struct field ConnzEventOptions.limit of type int",
            obj(wrongType, "error").get("description"));

        final Map<String, Object> refused = ask(sys, "$SYS.REQ.SERVER.PING.CONNZ", "{\"sort\":\"bogus\"}", 2000);
        assertEquals(500L, ((Number)obj(refused, "error").get("code")).longValue());
        assertEquals("invalid sorting option: bogus", obj(refused, "error").get("description"));
        assertTrue(refused.containsKey("data"));
        assertNull(refused.get("data"));

        final Map<String, Object> badStatsz = ask(sys, "$SYS.REQ.SERVER.PING", "[1]", 2000);
        assertEquals(400L, ((Number)obj(badStatsz, "error").get("code")).longValue());

        assertNull(ask(sys, "$SYS.REQ.SERVER.PING.VARZ", "{\"server_name\":\"another\"}", 300));
        assertNull(ask(sys, "$SYS.REQ.SERVER.PING", "{\"cluster\":\"c1\"}", 300));
        // The filter is Go's "contains".
        assertNotNull(ask(sys, "$SYS.REQ.SERVER.PING.VARZ",
            "{\"server_name\":\"" + server.serverName().substring(3, 9) + "\"}", 2000));
    }

    @Test
    void clientsOfOtherAccountsProduceConnectAndDisconnectAdvisories() throws Exception
    {
        start(CONFIG);
        final Connection sys = connect("sys", "ops");
        final Subscription connects = sys.subscribe("$SYS.ACCOUNT.*.CONNECT");
        final Subscription disconnects = sys.subscribe("$SYS.ACCOUNT.*.DISCONNECT");
        sys.flush(Duration.ofSeconds(2));

        // Go sends none for the global account.
        connect("g", "global").close();
        final Connection a = connect("a", "app");
        final long cid = firstCid(sys);
        a.publish("x", new byte[] {1, 2, 3, 4});
        a.flush(Duration.ofSeconds(2));
        a.close();

        final Message c = connects.nextMessage(Duration.ofSeconds(2));
        assertEquals("$SYS.ACCOUNT.A.CONNECT", c.getSubject());
        final Map<String, Object> ce = MonitoringClient.object(new String(c.getData(), StandardCharsets.UTF_8));
        assertEquals("io.nats.server.advisory.v1.client_connect", ce.get("type"));
        assertEquals(22, ((String)ce.get("id")).length());
        assertNotNull(ce.get("timestamp"));
        assertServer(ce);
        final Map<String, Object> client = obj(ce, "client");
        assertEquals("A", client.get("acc"));
        assertEquals("a", client.get("user"));
        assertEquals("app", client.get("name"));
        assertEquals("java", client.get("lang"));
        assertEquals("127.0.0.1", client.get("host"));
        assertEquals(cid, ((Number)client.get("id")).longValue());
        assertEquals("Client", client.get("kind"));
        assertEquals("nats", client.get("client_type"));
        assertFalse(client.containsKey("stop"));

        final Message d = disconnects.nextMessage(Duration.ofSeconds(2));
        assertEquals("$SYS.ACCOUNT.A.DISCONNECT", d.getSubject());
        final Map<String, Object> de = MonitoringClient.object(new String(d.getData(), StandardCharsets.UTF_8));
        assertEquals("io.nats.server.advisory.v1.client_disconnect", de.get("type"));
        assertEquals("Client Closed", de.get("reason"));
        final Map<String, Object> dc = obj(de, "client");
        assertEquals(cid, ((Number)dc.get("id")).longValue());
        assertEquals(de.get("timestamp"), dc.get("stop"));
        assertTrue(((Number)dc.get("rtt")).longValue() > 0);
        assertEquals(1L, ((Number)obj(de, "sent").get("msgs")).longValue());
        assertEquals(4L, ((Number)obj(de, "sent").get("bytes")).longValue());
        assertNotEquals(ce.get("id"), de.get("id"));

        // Nothing was sent for the global account's client.
        assertNull(connects.nextMessage(Duration.ofMillis(200)));
    }

    @Test
    void aFailedAuthenticationProducesTheAuthErrorAdvisory() throws Exception
    {
        start(CONFIG);
        final Connection sys = connect("sys", "ops");
        final Subscription errors = sys.subscribe("$SYS.SERVER.*.CLIENT.AUTH.ERR");
        sys.flush(Duration.ofSeconds(2));
        badLogin(server.port(), "a", "intruder");
        final Message m = errors.nextMessage(Duration.ofSeconds(2));
        assertEquals("$SYS.SERVER." + server.serverId() + ".CLIENT.AUTH.ERR", m.getSubject());
        final Map<String, Object> e = MonitoringClient.object(new String(m.getData(), StandardCharsets.UTF_8));
        assertEquals("io.nats.server.advisory.v1.client_disconnect", e.get("type"));
        assertEquals("Authentication Failure", e.get("reason"));
        final Map<String, Object> client = obj(e, "client");
        assertEquals("$G", client.get("acc"));
        assertEquals("a", client.get("user"));
        assertEquals("intruder", client.get("name"));
        assertEquals("java", client.get("lang"));
        assertTrue(((Number)client.get("rtt")).longValue() > 0);
        assertNotNull(client.get("stop"));
    }

    /** A connection attempt with a wrong password (refused). */
    static void badLogin(final int port, final String user, final String name)
    {
        try
        {
            Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + port).userInfo(user, "wrong")
                .connectionName(name).noReconnect().connectionTimeout(Duration.ofSeconds(3)).build()).close();
            throw new AssertionError("a wrong password was accepted");
        }
        catch (final java.io.IOException | InterruptedException expected)
        {
            // refused, as it should be
        }
    }

    private static long firstCid(final Connection sys) throws Exception
    {
        final Map<String, Object> connz = ask(sys, "$SYS.REQ.SERVER.PING.CONNZ", "{\"acc\":\"A\"}", 2000);
        @SuppressWarnings("unchecked")
        final Map<String, Object> first = (Map<String, Object>)list(obj(connz, "data"), "connections").get(0);
        return ((Number)first.get("cid")).longValue();
    }

    private static void assertNotEquals(final Object a, final Object b)
    {
        assertFalse(a.equals(b), a + " equals " + b);
    }

    @Test
    void nothingOfTheSystemAccountReachesOtherAccounts() throws Exception
    {
        start(CONFIG);
        final Connection a = connect("a", "watcher");
        final Subscription everything = a.subscribe(">");
        final Subscription sysSubjects = a.subscribe("$SYS.>");
        a.flush(Duration.ofSeconds(2));
        final Connection sys = connect("sys", "ops");
        sys.subscribe("$SYS.ACCOUNT.>");
        sys.flush(Duration.ofSeconds(2));
        connect("b", "other").close();
        assertNotNull(ask(sys, "$SYS.REQ.SERVER.PING.VARZ", "", 2000));
        // A client of another account asking finds no responder in its own account.
        final Map<String, Object> answer = askRaw(connect("b", "asker"), "$SYS.REQ.SERVER.PING.VARZ");
        assertNull(answer);
        assertNull(everything.nextMessage(Duration.ofMillis(300)));
        assertNull(sysSubjects.nextMessage(Duration.ofMillis(100)));
    }

    /** A request whose answer, if any, is JSON; a no-responders status or silence is null. */
    private static Map<String, Object> askRaw(final Connection c, final String subject) throws Exception
    {
        final String inbox = c.createInbox();
        final Subscription replies = c.subscribe(inbox);
        c.flush(Duration.ofSeconds(2));
        c.publish(subject, inbox, new byte[0]);
        final Message m = replies.nextMessage(Duration.ofMillis(500));
        replies.unsubscribe();
        if (m == null || m.isStatusMessage())
        {
            return null;
        }
        return MonitoringClient.object(new String(m.getData(), StandardCharsets.UTF_8));
    }

    @Test
    void advisoriesCostNothingWhileNobodyListens() throws Exception
    {
        start(CONFIG);
        for (int i = 0; i < 5; i++)
        {
            connect("a", "quiet-" + i).close();
        }
        connect("b", "stays");
        final Connection sys = connect("sys", "ops");
        // The server numbers every system message it renders: none was rendered for the 11 connects and closes
        // above (a STATSZ heartbeat may have been, while the request's inbox listened).
        final Map<String, Object> statsz = ask(sys, "$SYS.REQ.SERVER.PING", "", 2000);
        assertTrue(((Number)obj(statsz, "server").get("seq")).longValue() <= 2, statsz.toString());
        assertEquals(6L, ((Number)obj(statsz, "statsz").get("total_connections")).longValue() - 1);
    }

    @Test
    void answersAreCompressedAsTheRequestsAcceptEncodingAsks() throws Exception
    {
        start(CONFIG);
        final Connection sys = connect("sys", "ops");
        for (final String[] c : new String[][] {{"gzip", "gzip"}, {"deflate, gzip", "gzip"}, {"snappy", "snappy"},
            {"S2", "snappy"}, {"br", "identity"}})
        {
            final Message m = encoded(sys, "$SYS.REQ.SERVER.PING.VARZ", c[0]);
            assertEquals(c[1], m.getHeaders().getFirst("Content-Encoding"), c[0]);
            final Map<String, Object> answer = MonitoringClient.object(decode(m));
            assertEquals(server.serverId(), obj(answer, "data").get("server_id"), c[0]);
        }
        // Errors are never compressed, as in Go.
        final Message error = encodedWithBody(sys, "$SYS.REQ.SERVER.PING.CONNZ", "gzip", "{bad");
        assertFalse(error.hasHeaders());
        assertTrue(new String(error.getData(), StandardCharsets.UTF_8).contains("\"error\""));
    }

    static Message encoded(final Connection c, final String subject, final String acceptEncoding) throws Exception
    {
        return encodedWithBody(c, subject, acceptEncoding, "");
    }

    static Message encodedWithBody(final Connection c, final String subject, final String acceptEncoding,
        final String body) throws Exception
    {
        final String inbox = c.createInbox();
        final Subscription replies = c.subscribe(inbox);
        c.flush(Duration.ofSeconds(2));
        c.publish(subject, inbox, new io.nats.client.impl.Headers().add("Accept-Encoding", acceptEncoding),
            body.getBytes(StandardCharsets.UTF_8));
        final Message m = replies.nextMessage(Duration.ofSeconds(2));
        replies.unsubscribe();
        assertNotNull(m, subject + " with Accept-Encoding " + acceptEncoding);
        return m;
    }

    /** The body of an answer, decoded as its Content-Encoding says. */
    static String decode(final Message m) throws Exception
    {
        final String encoding = m.getHeaders() == null ? null : m.getHeaders().getFirst("Content-Encoding");
        if ("gzip".equals(encoding))
        {
            try (java.util.zip.GZIPInputStream in =
                new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(m.getData())))
            {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        if ("snappy".equals(encoding))
        {
            final io.netty.channel.embedded.EmbeddedChannel decoder = new io.netty.channel.embedded.EmbeddedChannel(
                new io.netty.handler.codec.compression.SnappyFrameDecoder(true));
            decoder.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(m.getData()));
            final StringBuilder sb = new StringBuilder();
            io.netty.buffer.ByteBuf b;
            while ((b = decoder.readInbound()) != null)
            {
                sb.append(b.toString(StandardCharsets.UTF_8));
                b.release();
            }
            decoder.finishAndReleaseAll();
            return sb.toString();
        }
        return new String(m.getData(), StandardCharsets.UTF_8);
    }

    @Test
    void statszIsPublishedPeriodicallyWhileSomeoneListens() throws Exception
    {
        start(CONFIG);
        final Connection sys = connect("sys", "ops");
        final Subscription beats = sys.subscribe("$SYS.SERVER.*.STATSZ");
        sys.flush(Duration.ofSeconds(2));
        // Go's heartbeat: 250 ms after start, then at doubling intervals up to 30 s.
        final Message first = beats.nextMessage(Duration.ofSeconds(5));
        assertNotNull(first);
        assertEquals("$SYS.SERVER." + server.serverId() + ".STATSZ", first.getSubject());
        final Map<String, Object> m = MonitoringClient.object(new String(first.getData(), StandardCharsets.UTF_8));
        assertServer(m);
        assertEquals(1L, ((Number)obj(m, "statsz").get("connections")).longValue());
        final Message second = beats.nextMessage(Duration.ofSeconds(9));
        assertNotNull(second);
        assertTrue(((Number)obj(MonitoringClient.object(new String(second.getData(), StandardCharsets.UTF_8)),
            "server").get("seq")).longValue() > ((Number)obj(m, "server").get("seq")).longValue());
    }

    @Test
    void shutdownIsAnnouncedToTheSystemAccountBeforeClientsAreClosed() throws Exception
    {
        start(CONFIG);
        try (RawClient sys = shutdownWatcher(server.port()))
        {
            server.shutdown();
            final Map<String, Object> info = shutdownEvent(sys, server.serverId());
            assertEquals(server.serverId(), info.get("id"));
            assertEquals("2.9.10", info.get("ver"));
            assertTrue(((Number)info.get("seq")).longValue() > 0);
        }
    }

    /**
     * A raw system account client subscribed to the shutdown events. Raw, because a client library may drop what
     * arrived just before the server closed the connection.
     */
    static RawClient shutdownWatcher(final int port) throws Exception
    {
        final RawClient sys = new RawClient(port)
            .connect("{\"user\":\"sys\",\"pass\":\"pw\",\"verbose\":false,\"pedantic\":false}");
        sys.send("SUB $SYS.SERVER.*.SHUTDOWN 1\r\nPING\r\n").readUntil("PONG\r\n");
        return sys;
    }

    /** Reads to the close of the connection and returns the shutdown event it carried. */
    static Map<String, Object> shutdownEvent(final RawClient sys, final String serverId) throws Exception
    {
        final String all = sys.readUntilClosed(5000);
        final String head = "MSG $SYS.SERVER." + serverId + ".SHUTDOWN 1 ";
        final int at = all.indexOf(head);
        assertTrue(at >= 0, "no shutdown event in: " + all);
        final int eol = all.indexOf("\r\n", at);
        final int size = Integer.parseInt(all.substring(at + head.length(), eol).trim());
        return MonitoringClient.object(all.substring(eol + 2, eol + 2 + size));
    }

    @Test
    void theSystemAccountIsSysByDefaultAndNoneWithNoSystemAccount() throws Exception
    {
        start("");
        MonitoringClient http = new MonitoringClient(server.monitoringPort());
        assertEquals("$SYS", http.json("/varz").get("system_account"));
        assertEquals("$SYS", http.json("/accountz").get("system_account"));
        assertEquals(List.of("$G", "$SYS"), http.json("/accountz").get("accounts"));
        assertEquals(true, obj(http.json("/accountz?acc=$SYS"), "account_detail").get("is_system"));
        server.shutdown();

        start("no_system_account: true\n");
        http = new MonitoringClient(server.monitoringPort());
        assertFalse(http.json("/varz").containsKey("system_account"));
        assertEquals(List.of("$G"), http.json("/accountz").get("accounts"));
        assertNull(server.accounts().system());

        // A configured system account is one even with no_system_account, as in Go.
        server.shutdown();
        start(CONFIG + "no_system_account: true\n");
        assertEquals("SYS", new MonitoringClient(server.monitoringPort()).json("/varz").get("system_account"));
    }
}
