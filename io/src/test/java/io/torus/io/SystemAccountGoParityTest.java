package io.torus.io;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.torus.core.options.ConfigFileOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The system account's messages, Torus against the Go server 2.9.10 ({@code /usr/sbin/nats-server}) with the same
 * config file and the same traffic: every key Go writes in the CONNECT, DISCONNECT and AUTH.ERR advisories, the
 * STATSZ and SHUTDOWN messages and the {@code $SYS.REQ.SERVER.PING.*} and {@code $SYS.REQ.ACCOUNT.A.*} responses
 * (envelope and documents, errors included) must be in Torus's, with the same JSON kinds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SystemAccountGoParityTest
{
    private static final String GO_SERVER = "/usr/sbin/nats-server";

    /** Requests asked of both servers, by name: subject and body. */
    private static final Map<String, String[]> REQUESTS = new LinkedHashMap<>();

    static
    {
        REQUESTS.put("STATSZ", new String[] {"$SYS.REQ.SERVER.PING", ""});
        REQUESTS.put("PING.STATSZ", new String[] {"$SYS.REQ.SERVER.PING.STATSZ", ""});
        REQUESTS.put("VARZ", new String[] {"$SYS.REQ.SERVER.PING.VARZ", ""});
        REQUESTS.put("CONNZ", new String[] {"$SYS.REQ.SERVER.PING.CONNZ", "{\"auth\":true}"});
        REQUESTS.put("SUBSZ", new String[] {"$SYS.REQ.SERVER.PING.SUBSZ", ""});
        REQUESTS.put("ACCOUNTZ", new String[] {"$SYS.REQ.SERVER.PING.ACCOUNTZ", ""});
        REQUESTS.put("HEALTHZ", new String[] {"$SYS.REQ.SERVER.PING.HEALTHZ", ""});
        REQUESTS.put("JSZ", new String[] {"$SYS.REQ.SERVER.PING.JSZ", ""});
        REQUESTS.put("ROUTEZ", new String[] {"$SYS.REQ.SERVER.PING.ROUTEZ", ""});
        REQUESTS.put("GATEWAYZ", new String[] {"$SYS.REQ.SERVER.PING.GATEWAYZ", ""});
        REQUESTS.put("LEAFZ", new String[] {"$SYS.REQ.SERVER.PING.LEAFZ", ""});
        REQUESTS.put("ACCOUNT CONNZ", new String[] {"$SYS.REQ.ACCOUNT.A.CONNZ", "{\"auth\":true}"});
        REQUESTS.put("ACCOUNT LEAFZ", new String[] {"$SYS.REQ.ACCOUNT.A.LEAFZ", ""});
        REQUESTS.put("CONNZ bad JSON", new String[] {"$SYS.REQ.SERVER.PING.CONNZ", "{bad"});
        REQUESTS.put("CONNZ bad sort", new String[] {"$SYS.REQ.SERVER.PING.CONNZ", "{\"sort\":\"bogus\"}"});
        REQUESTS.put("STATSZ bad JSON", new String[] {"$SYS.REQ.SERVER.PING", "{bad"});
    }

    /** Inner objects compared too: document name, then the path of keys to the object. */
    private static final List<String[]> INNER = List.of(
        new String[] {"CONNECT", "server"}, new String[] {"CONNECT", "client"},
        new String[] {"DISCONNECT", "server"}, new String[] {"DISCONNECT", "client"},
        new String[] {"DISCONNECT", "sent"}, new String[] {"DISCONNECT", "received"},
        new String[] {"STATSZ", "server"}, new String[] {"STATSZ", "statsz"},
        new String[] {"STATSZ", "statsz", "sent"},
        new String[] {"VARZ", "server"}, new String[] {"VARZ", "data"},
        new String[] {"CONNZ", "data"}, new String[] {"SUBSZ", "data"}, new String[] {"ACCOUNTZ", "data"},
        new String[] {"HEALTHZ", "data"}, new String[] {"JSZ", "data"}, new String[] {"ROUTEZ", "data"},
        new String[] {"GATEWAYZ", "data"}, new String[] {"LEAFZ", "data"},
        new String[] {"ACCOUNT CONNZ", "data"}, new String[] {"ACCOUNT LEAFZ", "data"},
        new String[] {"CONNZ bad JSON", "error"}, new String[] {"CONNZ bad sort", "error"},
        new String[] {"STATSZ bad JSON", "error"});

    /** Messages whose keys must be exactly Go's. */
    private static final List<String[]> EXACT = List.of(
        new String[] {"CONNECT"}, new String[] {"CONNECT", "server"}, new String[] {"CONNECT", "client"},
        new String[] {"DISCONNECT"}, new String[] {"DISCONNECT", "server"}, new String[] {"DISCONNECT", "client"},
        new String[] {"AUTH.ERR"}, new String[] {"AUTH.ERR", "client"},
        new String[] {"STATSZ"}, new String[] {"STATSZ", "statsz"}, new String[] {"VARZ"},
        new String[] {"CONNZ bad JSON"}, new String[] {"CONNZ bad sort"}, new String[] {"STATSZ bad JSON"},
        new String[] {"SUBSZ", "data"}, new String[] {"ACCOUNTZ", "data"});

    @TempDir
    Path dir;
    private final Closer closeables = new Closer();

    @AfterEach
    void stopAll()
    {
        closeables.closeAll();
    }

    @Test
    void everyKeyTheGoServerPublishesInTheSystemAccountIsInTorus() throws Exception
    {
        assertTrue(new File(GO_SERVER).canExecute(),
            GO_SERVER + " (the Go nats-server 2.9.10) must be installed for this test; CI installs it");
        final Path conf = dir.resolve("server.conf");
        Files.writeString(conf, SystemAccountTest.CONFIG);
        final int goPort = freePort();
        final Process go = new ProcessBuilder(GO_SERVER, "-c", conf.toString(), "-a", "127.0.0.1", "-p",
            Integer.toString(goPort)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        closeables.add(() ->
        {
            go.destroy();
            go.waitFor(5, TimeUnit.SECONDS);
        });
        final TorusServer torus = TestServers.start(Transport.NIO, o -> ConfigFileOptions.apply(conf, o));
        closeables.add(torus::shutdown);
        TestServers.await(10_000, "the Go server", () -> accepts(goPort));

        final Map<String, Map<String, Object>> g = scenario(goPort);
        final Map<String, Map<String, Object>> t = scenario(torus.port());
        for (final String doc : g.keySet())
        {
            assertEquals(Set.of(), missing(g.get(doc), t.get(doc)), doc);
        }
        for (final String encoding : List.of("gzip", "snappy", "br"))
        {
            final String doc = "HEALTHZ " + encoding;
            assertEquals(g.get(doc).get("Content-Encoding"), t.get(doc).get("Content-Encoding"), doc);
            assertEquals(g.get(doc).get("data"), t.get(doc).get("data"), doc);
        }
        for (final String[] path : INNER)
        {
            final String name = String.join(" ", path);
            assertEquals(Set.of(), missing(inner(g, path), inner(t, path)), name);
        }
        // The shutdown event: the server's ServerInfo, before the clients are closed.
        final String goId = (String)inner(g, new String[] {"VARZ", "data"}).get("server_id");
        try (RawClient goDown = SystemAccountTest.shutdownWatcher(goPort);
            RawClient torusDown = SystemAccountTest.shutdownWatcher(torus.port()))
        {
            go.destroy();
            torus.shutdown();
            final Map<String, Object> gShutdown = SystemAccountTest.shutdownEvent(goDown, goId);
            final Map<String, Object> tShutdown = SystemAccountTest.shutdownEvent(torusDown, torus.serverId());
            assertEquals(gShutdown.keySet(), tShutdown.keySet(), "SHUTDOWN");
        }
        // The system's own messages have no more keys than Go's either (documents may: /varz has "torus").
        for (final String[] path : EXACT)
        {
            final String name = String.join(" ", path);
            assertEquals(Set.of(), missing(inner(t, path), inner(g, path)), "Torus-only keys in " + name);
        }
    }

    /** The same traffic on either server; returns each message received, by name. */
    private Map<String, Map<String, Object>> scenario(final int port) throws Exception
    {
        final Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        final Connection sys = connect(port, "sys", "ops");
        final Subscription connects = sys.subscribe("$SYS.ACCOUNT.A.CONNECT");
        final Subscription disconnects = sys.subscribe("$SYS.ACCOUNT.A.DISCONNECT");
        sys.flush(Duration.ofSeconds(2));
        final Connection a = connect(port, "a", "app");
        a.subscribe("orders.>");
        a.publish("orders.new", new byte[] {1, 2, 3});
        a.flush(Duration.ofSeconds(2));
        docs.put("CONNECT", json(connects.nextMessage(Duration.ofSeconds(3)), "CONNECT on " + port));
        for (final Map.Entry<String, String[]> r : REQUESTS.entrySet())
        {
            docs.put(r.getKey(), request(sys, r.getValue()[0], r.getValue()[1], r.getKey() + " on " + port));
        }
        // Compressed answers: the same encodings, decoded the same way, for either server.
        for (final String encoding : List.of("gzip", "snappy", "br"))
        {
            final Message m = SystemAccountTest.encoded(sys, "$SYS.REQ.SERVER.PING.HEALTHZ", encoding);
            final Map<String, Object> decoded = MonitoringClient.object(SystemAccountTest.decode(m));
            decoded.put("Content-Encoding", m.getHeaders().getFirst("Content-Encoding"));
            docs.put("HEALTHZ " + encoding, decoded);
        }
        a.close();
        docs.put("DISCONNECT", json(disconnects.nextMessage(Duration.ofSeconds(3)), "DISCONNECT on " + port));
        final Subscription authErrors = sys.subscribe("$SYS.SERVER.*.CLIENT.AUTH.ERR");
        sys.flush(Duration.ofSeconds(2));
        SystemAccountTest.badLogin(port, "a", "intruder");
        docs.put("AUTH.ERR", json(authErrors.nextMessage(Duration.ofSeconds(3)), "AUTH.ERR on " + port));
        return docs;
    }

    private static Map<String, Object> request(final Connection c, final String subject, final String body,
        final String what) throws Exception
    {
        final String inbox = c.createInbox();
        final Subscription replies = c.subscribe(inbox);
        c.flush(Duration.ofSeconds(2));
        c.publish(subject, inbox, body.getBytes(StandardCharsets.UTF_8));
        final Message m = replies.nextMessage(Duration.ofSeconds(3));
        replies.unsubscribe();
        return json(m, what);
    }

    private static Map<String, Object> json(final Message m, final String what) throws Exception
    {
        assertNotNull(m, what);
        return MonitoringClient.object(new String(m.getData(), StandardCharsets.UTF_8));
    }

    private Connection connect(final int port, final String user, final String name) throws Exception
    {
        final Connection c = Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + port)
            .userInfo(user, "pw").connectionName(name).noReconnect().connectionTimeout(Duration.ofSeconds(3))
            .build());
        closeables.add(c);
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> inner(final Map<String, Map<String, Object>> docs, final String[] path)
    {
        Map<String, Object> m = docs.get(path[0]);
        for (int i = 1; i < path.length; i++)
        {
            final Object v = m.get(path[i]);
            assertTrue(v instanceof Map, String.join(" ", path) + ": " + m);
            m = (Map<String, Object>)v;
        }
        return m;
    }

    /** Keys Go has and Torus lacks; for keys both have, the JSON kinds must agree. */
    private static Set<String> missing(final Map<String, Object> go, final Map<String, Object> torus)
    {
        final Set<String> missing = new TreeSet<>(go.keySet());
        missing.removeAll(torus.keySet());
        for (final Map.Entry<String, Object> e : go.entrySet())
        {
            if (torus.containsKey(e.getKey()))
            {
                assertEquals(kind(e.getValue()), kind(torus.get(e.getKey())), "JSON kind of \"" + e.getKey() + "\"");
            }
        }
        return missing;
    }

    private static String kind(final Object v)
    {
        if (v == null)
        {
            return "null";
        }
        if (v instanceof Number)
        {
            return "number";
        }
        return v instanceof String ? "string"
            : v instanceof Boolean ? "boolean"
            : v instanceof Map ? "object"
            : "array";
    }

    private static boolean accepts(final int port)
    {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port))
        {
            return true;
        }
        catch (final Exception e)
        {
            return false;
        }
    }

    private static int freePort() throws Exception
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }
}
