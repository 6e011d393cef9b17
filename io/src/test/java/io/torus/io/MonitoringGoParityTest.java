package io.torus.io;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.torus.core.options.ServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The monitoring documents' keys, Torus against the Go server 2.9.10 ({@code /usr/sbin/nats-server}) with the same
 * traffic: every key Go writes must be in Torus's document, except the keys of features Torus lacks, listed here
 * exactly so the list cannot grow unnoticed.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MonitoringGoParityTest
{
    private static final String GO_SERVER = "/usr/sbin/nats-server";

    /** Keys Go has and Torus does not, per document, each with why. */
    private static final Map<String, Set<String>> KNOWN_MISSING = Map.of();

    private static final List<String> DOCUMENTS = List.of("/varz", "/connz", "/subsz", "/subsz?subs=1", "/routez",
        "/gatewayz", "/leafz", "/accountz", "/accountz?acc=$G", "/accstatz", "/jsz", "/healthz");

    private final Closer closeables = new Closer();

    @AfterEach
    void stopAll()
    {
        closeables.closeAll();
    }

    @Test
    void everyKeyTheGoServerWritesIsInTorusExceptThoseOfMissingFeatures() throws Exception
    {
        assertTrue(new File(GO_SERVER).canExecute(),
            GO_SERVER + " (the Go nats-server 2.9.10) must be installed for this test; CI installs it");
        final int goPort = freePort();
        final int goHttp = freePort();
        final Process go = new ProcessBuilder(GO_SERVER, "-a", "127.0.0.1", "-p", Integer.toString(goPort),
            "-m", Integer.toString(goHttp)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        closeables.add(() ->
        {
            go.destroy();
            go.waitFor(5, TimeUnit.SECONDS);
        });
        final TorusServer torus = TestServers.start(Transport.NIO, o -> o.httpPort = ServerOptions.RANDOM_PORT);
        closeables.add(torus::shutdown);

        final MonitoringClient goHttpClient = new MonitoringClient(goHttp);
        TestServers.await(10_000, "the Go server's monitor", () -> answers(goHttpClient));
        final MonitoringClient torusHttp = new MonitoringClient(torus.monitoringPort());
        traffic(goPort, goHttpClient);
        traffic(torus.port(), torusHttp);

        for (final String doc : DOCUMENTS)
        {
            final Map<String, Object> g = goHttpClient.json(doc);
            final Map<String, Object> t = torusHttp.json(doc);
            assertEquals(KNOWN_MISSING.getOrDefault(doc, Set.of()), missing(g, t), doc);
        }
        // Inside the connection objects, open and closed.
        for (final String state : List.of("open", "closed"))
        {
            final String doc = "/connz?subs=1&state=" + state;
            final Map<String, Object> g = connection(goHttpClient.json(doc));
            final Map<String, Object> t = connection(torusHttp.json(doc));
            assertEquals(Set.of(), missing(g, t), doc + " connection");
        }
        final Map<String, Object> gSub = firstSub(goHttpClient.json("/subsz?subs=1&test=parity.x"));
        final Map<String, Object> tSub = firstSub(torusHttp.json("/subsz?subs=1&test=parity.x"));
        assertEquals(Set.of(), missing(gSub, tSub), "/subsz subscription");
        // Documents without live figures must read the same, byte for byte, once identity and time are masked.
        for (final String doc : List.of("/routez", "/gatewayz", "/leafz", "/jsz", "/healthz",
            "/connz?state=closed&offset=9"))
        {
            assertEquals(masked(goHttpClient.get(doc).body()), masked(torusHttp.get(doc).body()), doc);
        }
        // Go's global account detail also lists the system imports Torus has no system account for.
        final Map<String, Object> gDetail = inner(goHttpClient.json("/accountz?acc=$G"), "account_detail");
        final Map<String, Object> tDetail = inner(torusHttp.json("/accountz?acc=$G"), "account_detail");
        assertEquals(Set.of("imports"), missing(gDetail, tDetail), "/accountz account_detail");
        assertEquals(Set.of(), missing(inner(gDetail, "sublist_stats"), inner(tDetail, "sublist_stats")),
            "/accountz sublist_stats");
        final Map<String, Object> gAcc = firstOf(goHttpClient.json("/accstatz"), "account_statz");
        final Map<String, Object> tAcc = firstOf(torusHttp.json("/accstatz"), "account_statz");
        assertEquals(Set.of(), missing(gAcc, tAcc), "/accstatz account");
    }

    /** One connection that stays, with a subscription, and one that closes, on either server. */
    private void traffic(final int port, final MonitoringClient http) throws Exception
    {
        final Connection stays = connect(port, "parity");
        stays.subscribe("parity.>");
        stays.publish("parity.x", new byte[] {1, 2, 3});
        stays.flush(Duration.ofSeconds(3));
        connect(port, "leaves").close();
        TestServers.await(5000, "a closed connection on port " + port,
            () -> !connections(get(http, "/connz?state=closed")).isEmpty());
    }

    private Connection connect(final int port, final String name) throws Exception
    {
        final Connection nc = Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + port)
            .connectionName(name).noReconnect().connectionTimeout(Duration.ofSeconds(3)).build());
        closeables.add(nc);
        return nc;
    }

    /** Keys Go has and Torus lacks; and for the keys both have, the JSON kinds must agree. */
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

    private static String masked(final String json)
    {
        return json.replaceAll("\"server_id\": \"[A-Z0-9]+\"", "\"server_id\": \"ID\"")
            .replaceAll("\"now\": \"[^\"]+\"", "\"now\": \"NOW\"");
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

    private static Map<String, Object> connection(final Map<String, Object> connz)
    {
        final List<Map<String, Object>> conns = connections(connz);
        assertEquals(1, conns.size(), connz.toString());
        return conns.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> connections(final Map<String, Object> connz)
    {
        return (List<Map<String, Object>>)connz.get("connections");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> inner(final Map<String, Object> doc, final String key)
    {
        return (Map<String, Object>)doc.get(key);
    }

    private static Map<String, Object> firstSub(final Map<String, Object> subsz)
    {
        return firstOf(subsz, "subscriptions_list");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstOf(final Map<String, Object> doc, final String list)
    {
        return ((List<Map<String, Object>>)doc.get(list)).get(0);
    }

    private static Map<String, Object> get(final MonitoringClient http, final String path)
    {
        try
        {
            return http.json(path);
        }
        catch (final Exception e)
        {
            throw new AssertionError(path, e);
        }
    }

    private static boolean answers(final MonitoringClient http)
    {
        try
        {
            return http.get("/healthz").statusCode() == 200;
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
