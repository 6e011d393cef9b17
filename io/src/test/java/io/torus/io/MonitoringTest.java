package io.torus.io;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.torus.core.options.ServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP monitoring, black-box: a real server with {@code -m}, known traffic from the official Java client, every
 * endpoint fetched over HTTP and its fields checked against that traffic.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MonitoringTest
{
    /** Messages the publisher sends to "mon.a"; the subscriber's "mon.a" and "mon.*" both get each. */
    private static final int K = 10;
    private static final byte[] PAYLOAD = "hello".getBytes(StandardCharsets.UTF_8);
    private static final List<String> SUBJECTS = List.of("mon.a", "mon.b", "mon.*", "other");

    private final Closer closeables = new Closer();
    private TorusServer server;
    private MonitoringClient http;
    private Connection subscriber;
    private Connection publisher;
    private Connection idle;

    @BeforeEach
    void startServerAndTraffic() throws Exception
    {
        server = start(o -> o.maxClosedClients = 2);
        http = new MonitoringClient(server.monitoringPort());
        subscriber = connect("subscriber");
        for (final String subject : SUBJECTS)
        {
            subscriber.subscribe(subject);
        }
        subscriber.flush(Duration.ofSeconds(3));
        publisher = connect("publisher");
        idle = connect("idle");
        for (int i = 0; i < K; i++)
        {
            publisher.publish("mon.a", PAYLOAD);
        }
        publisher.flush(Duration.ofSeconds(3));
        TestServers.await(3000, "deliveries counted", () -> server.stats().outMsgs == 2L * K);
    }

    @AfterEach
    void stopAll()
    {
        closeables.closeAll();
    }

    private TorusServer start(final Consumer<ServerOptions> configure) throws Exception
    {
        final TorusServer s = TestServers.start(Transport.NIO, o ->
        {
            o.httpPort = ServerOptions.RANDOM_PORT;
            // The counts checked here are the clients' own: the system account's internal subscriptions would add
            // to them (SystemAccountTest covers the system account).
            o.noSystemAccount = true;
            configure.accept(o);
        });
        closeables.add(s::shutdown);
        return s;
    }

    private Connection connect(final String name) throws Exception
    {
        final Connection nc = Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + server.port())
            .connectionName(name).noReconnect().connectionTimeout(Duration.ofSeconds(3)).build());
        closeables.add(nc);
        return nc;
    }

    @Test
    void varzCountsConnectionsMessagesAndSubscriptions() throws Exception
    {
        final Map<String, Object> v = http.json("/varz");
        assertEquals(server.serverId(), v.get("server_id"));
        assertEquals("2.9.10", v.get("version"));
        assertEquals("java" + Runtime.version().feature(), v.get("go"));
        assertEquals((long)server.port(), v.get("port"));
        assertEquals((long)server.monitoringPort(), v.get("http_port"));
        assertEquals(120_000_000_000L, v.get("ping_interval"));
        assertEquals(10_000_000_000L, v.get("write_deadline"));
        assertEquals(2L, v.get("auth_timeout"));
        assertEquals(3L, v.get("connections"));
        assertEquals(3L, v.get("total_connections"));
        assertEquals((long)K, v.get("in_msgs"));
        assertEquals((long)K * PAYLOAD.length, v.get("in_bytes"));
        assertEquals(2L * K, v.get("out_msgs"));
        assertEquals(2L * K * PAYLOAD.length, v.get("out_bytes"));
        assertEquals((long)SUBJECTS.size(), v.get("subscriptions"));
        assertEquals(0L, v.get("slow_consumers"));
        assertTrue((Long)v.get("mem") > 0, "mem");
        assertTrue(((String)v.get("uptime")).matches("\\d+s"), (String)v.get("uptime"));
        assertTrue(((String)v.get("start")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"));
        assertEquals(Map.of(), v.get("cluster"));
        assertEquals(Map.of(), v.get("jetstream"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> reqs = (Map<String, Object>)v.get("http_req_stats");
        assertEquals(1L, reqs.get("/varz"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> torus = (Map<String, Object>)v.get("torus");
        assertEquals("nio", torus.get("transport"));
        @SuppressWarnings("unchecked")
        final Map<String, Map<String, Object>> latency = (Map<String, Map<String, Object>>)torus.get("latency");
        assertEquals(Set.of("count", "p50", "p99", "p999", "max"), latency.get("ingress_to_match").keySet());
        assertTrue((Long)latency.get("ingress_to_match").get("count") >= K);
        assertTrue((Long)latency.get("ingress_to_write").get("count") > 0);
    }

    @Test
    void connzReportsEachConnectionsCountersAndSortsPagesAndFilters() throws Exception
    {
        final Map<String, Object> c = http.json("/connz");
        assertEquals(3L, c.get("num_connections"));
        assertEquals(3L, c.get("total"));
        assertEquals(1024L, c.get("limit"));
        final List<Map<String, Object>> conns = connections(c);
        assertEquals(List.of("subscriber", "publisher", "idle"), names(conns));
        final Map<String, Object> sub = conns.get(0);
        assertEquals("Client", sub.get("kind"));
        assertEquals("nats", sub.get("type"));
        assertEquals("127.0.0.1", sub.get("ip"));
        assertEquals("java", sub.get("lang"));
        assertEquals(2L * K, sub.get("out_msgs"));
        assertEquals(2L * K * PAYLOAD.length, sub.get("out_bytes"));
        assertEquals((long)SUBJECTS.size(), sub.get("subscriptions"));
        assertNull(sub.get("subscriptions_list"));
        final Map<String, Object> pub = conns.get(1);
        assertEquals((long)K, pub.get("in_msgs"));
        assertEquals((long)K * PAYLOAD.length, pub.get("in_bytes"));
        assertEquals(0L, pub.get("out_msgs"));
        // Activity as Go counts it: the last delivery to the subscriber is the publisher's last message; the idle
        // client's last activity is its CONNECT. RTT is first estimated from accept to CONNECT.
        assertEquals(sub.get("last_activity"), pub.get("last_activity"));
        final Map<String, Object> idleInfo = conns.get(2);
        assertTrue(Instant.parse((String)idleInfo.get("last_activity"))
            .isBefore(Instant.parse((String)pub.get("last_activity"))), conns.toString());
        assertFalse(Instant.parse((String)idleInfo.get("last_activity"))
            .isBefore(Instant.parse((String)idleInfo.get("start"))), idleInfo.toString());
        assertTrue(((String)sub.get("rtt")).matches("[0-9.]+(ns|µs|ms|s)") && !"0s".equals(sub.get("rtt")),
            (String)sub.get("rtt"));

        assertEquals(List.of("publisher"), names(connections(http.json("/connz?sort=msgs_from&limit=1"))));
        assertEquals(List.of("subscriber"), names(connections(http.json("/connz?sort=msgs_to&limit=1"))));
        assertEquals(List.of("subscriber"), names(connections(http.json("/connz?sort=subs&limit=1"))));
        assertEquals(List.of("publisher"), names(connections(http.json("/connz?sort=bytes_from&limit=1"))));
        final Map<String, Object> page = http.json("/connz?limit=1&offset=1");
        assertEquals(List.of("publisher"), names(connections(page)));
        assertEquals(3L, page.get("total"));
        assertEquals(1L, page.get("offset"));
        assertEquals(0L, http.json("/connz?offset=5").get("num_connections"));

        final List<Map<String, Object>> withSubs = connections(http.json("/connz?subs=1&limit=1"));
        assertEquals(Set.copyOf(SUBJECTS), Set.copyOf((List<?>)withSubs.get(0).get("subscriptions_list")));
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> detail = (List<Map<String, Object>>)connections(
            http.json("/connz?subs=detail&limit=1")).get(0).get("subscriptions_list_detail");
        assertEquals(SUBJECTS.size(), detail.size());
        final Map<String, Object> monA = detail.stream().filter(d -> "mon.a".equals(d.get("subject"))).findFirst()
            .orElseThrow();
        assertEquals((long)K, monA.get("msgs"));
        assertNotNull(monA.get("sid"));

        final long pubCid = (Long)pub.get("cid");
        final Map<String, Object> byCid = http.json("/connz?cid=" + pubCid);
        assertEquals(List.of("publisher"), names(connections(byCid)));
        assertEquals(1L, byCid.get("limit"));
    }

    @Test
    void connzKeepsClosedConnectionsWithTheirReasonInARing() throws Exception
    {
        final long idleCid = (Long)connections(http.json("/connz?sort=cid")).get(2).get("cid");
        idle.close();
        TestServers.await(3000, "closed connection listed", () -> closedCount() == 1);
        final Map<String, Object> closed = http.json("/connz?state=closed");
        final Map<String, Object> ci = connections(closed).get(0);
        assertEquals(idleCid, ci.get("cid"));
        assertEquals("idle", ci.get("name"));
        assertEquals("Client Closed", ci.get("reason"));
        assertNotNull(ci.get("stop"));
        assertEquals(2L, http.json("/connz").get("total"));
        assertEquals(3L, http.json("/connz?state=all").get("total"));
        assertEquals(List.of("idle"), names(connections(http.json("/connz?state=closed&sort=reason"))));
        assertEquals(List.of("idle"), names(connections(http.json("/connz?state=all&cid=" + idleCid))));

        // The subscriber keeps its subscriptions in the closed record; the ring holds max_closed_clients (2).
        subscriber.close();
        publisher.close();
        TestServers.await(3000, "ring full", () -> closedCount() == 2);
        final List<Map<String, Object>> byStop = connections(http.json("/connz?state=closed&sort=stop&subs=1"));
        assertEquals(2, byStop.size());
        assertFalse(names(byStop).contains("idle"), "the oldest closed connection left the ring");
        final Map<String, Object> closedSub = byStop.stream().filter(m -> "subscriber".equals(m.get("name")))
            .findFirst().orElseThrow();
        assertEquals(Set.copyOf(SUBJECTS), Set.copyOf((List<?>)closedSub.get("subscriptions_list")));
        assertEquals(2L * K, closedSub.get("out_msgs"));
        TestServers.await(3000, "subscriptions removed", () -> server.globalAccount().subscriptions().count() == 0);
    }

    private long closedCount()
    {
        try
        {
            return (Long)http.json("/connz?state=closed").get("num_connections");
        }
        catch (final Exception e)
        {
            throw new AssertionError(e);
        }
    }

    @Test
    void malformedParametersAreAnswered400WithGoText() throws Exception
    {
        expect400("/connz?sort=foo", "invalid sorting option: foo");
        expect400("/connz?limit=x", "Error decoding int for 'limit': strconv.Atoi: parsing \"x\": invalid syntax");
        expect400("/connz?offset=1.5",
            "Error decoding int for 'offset': strconv.Atoi: parsing \"1.5\": invalid syntax");
        expect400("/connz?cid=-1",
            "Error decoding uint64 for 'cid': strconv.ParseUint: parsing \"-1\": invalid syntax");
        expect400("/connz?state=x", "Error decoding state for x");
        expect400("/connz?subs=maybe",
            "Error decoding boolean for 'subs': strconv.ParseBool: parsing \"maybe\": invalid syntax");
        expect400("/connz?auth=x",
            "Error decoding boolean for 'auth': strconv.ParseBool: parsing \"x\": invalid syntax");
        expect400("/connz?sort=reason", "sort by reason only valid on closed connections");
        expect400("/connz?sort=stop&state=open", "sort by stop only valid on closed connections");
        expect400("/subsz?limit=x", "Error decoding int for 'limit': strconv.Atoi: parsing \"x\": invalid syntax");
        expect400("/subsz?test=mon.*", "invalid test subject, must be valid publish subject: mon.*");
        expect400("/routez?subs=x",
            "Error decoding boolean for 'subs': strconv.ParseBool: parsing \"x\": invalid syntax");
        expect400("/gatewayz?accs=x",
            "Error decoding boolean for 'accs': strconv.ParseBool: parsing \"x\": invalid syntax");
        expect400("/jsz?accounts=x",
            "Error decoding boolean for 'accounts': strconv.ParseBool: parsing \"x\": invalid syntax");
        expect400("/healthz?js-enabled-only=x",
            "Error decoding boolean for 'js-enabled-only': strconv.ParseBool: parsing \"x\": invalid syntax");
        expect400("/accountz?acc=nope", "Account nope does not exist");
        assertEquals(200, http.get("/routez?subs=detail").statusCode());
        final HttpResponse<String> missing = http.get("/nothing-here");
        assertEquals(404, missing.statusCode());
        assertEquals("404 page not found\n", missing.body());
    }

    private void expect400(final String path, final String body) throws Exception
    {
        final HttpResponse<String> r = http.get(path);
        assertEquals(400, r.statusCode(), path);
        assertEquals(body, r.body(), path);
        assertEquals("text/plain; charset=utf-8", r.headers().firstValue("content-type").orElse(""), path);
    }

    @Test
    void jsonpWrapsTheDocumentInTheCallback() throws Exception
    {
        final HttpResponse<String> r = http.get("/connz?callback=show");
        assertEquals(200, r.statusCode());
        assertEquals("application/javascript", r.headers().firstValue("content-type").orElse(""));
        assertTrue(r.body().startsWith("show({") && r.body().endsWith("})"), r.body());
        assertEquals(3L, MonitoringClient.object(r.body().substring(5, r.body().length() - 1))
            .get("num_connections"));
        assertEquals("cb({\"status\":\"ok\"})", http.get("/healthz?callback=cb").body());
    }

    @Test
    void subszCountsAndListsSubscriptions() throws Exception
    {
        final Map<String, Object> s = http.json("/subsz");
        assertEquals((long)SUBJECTS.size(), s.get("num_subscriptions"));
        assertEquals((long)SUBJECTS.size(), s.get("num_inserts"));
        assertEquals(0L, s.get("num_removes"));
        assertEquals((long)K, s.get("num_matches"));
        // One cached subject, "mon.a", matched by two subscriptions.
        assertEquals(1L, s.get("num_cache"));
        assertEquals(2L, s.get("max_fanout"));
        assertEquals(2L, s.get("avg_fanout"));
        assertEquals((K - 1) / (double)K, (Double)s.get("cache_hit_rate"), 1e-9);
        assertNull(s.get("subscriptions_list"), "only with subs=1");
        final Map<String, Object> all = http.json("/subsz?subs=1");
        assertEquals((long)SUBJECTS.size(), all.get("total"));
        assertEquals(server.serverId(), all.get("server_id"));
        final Map<String, Object> test = http.json("/subsz?subs=1&test=mon.a");
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> list = (List<Map<String, Object>>)test.get("subscriptions_list");
        assertEquals(Set.of("mon.a", "mon.*"), Set.of(list.get(0).get("subject"), list.get(1).get("subject")));
        assertEquals("$G", list.get(0).get("account"));
        assertEquals(2L, http.json("/subsz?subs=1&limit=2").get("total"));
    }

    @Test
    void accstatzReportsTheGlobalAccount() throws Exception
    {
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> stats = (List<Map<String, Object>>)http.json("/accstatz").get("account_statz");
        assertEquals(1, stats.size());
        final Map<String, Object> g = stats.get(0);
        assertEquals("$G", g.get("acc"));
        assertEquals(3L, g.get("conns"));
        assertEquals(3L, g.get("total_conns"));
        assertEquals(Map.of("msgs", (long)K, "bytes", (long)K * PAYLOAD.length), g.get("received"));
        assertEquals(Map.of("msgs", 2L * K, "bytes", 2L * K * PAYLOAD.length), g.get("sent"));
        final TorusServer empty = start(o -> { });
        final MonitoringClient c = new MonitoringClient(empty.monitoringPort());
        assertEquals(List.of(), c.json("/accstatz").get("account_statz"));
        assertEquals(1, ((List<?>)c.json("/accstatz?unused=1").get("account_statz")).size());
    }

    @Test
    void endpointsOfFeaturesNotBuiltAnswerAsGoDoesWithTheFeatureOff() throws Exception
    {
        final Map<String, Object> routez = http.json("/routez");
        assertEquals(0L, routez.get("num_routes"));
        assertEquals(List.of(), routez.get("routes"));
        final Map<String, Object> gatewayz = http.json("/gatewayz");
        assertEquals(Map.of(), gatewayz.get("outbound_gateways"));
        assertEquals(Map.of(), gatewayz.get("inbound_gateways"));
        final Map<String, Object> leafz = http.json("/leafz");
        assertEquals(0L, leafz.get("leafnodes"));
        assertTrue(leafz.containsKey("leafs"));
        assertEquals(List.of("$G"), http.json("/accountz").get("accounts"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> detail = (Map<String, Object>)http.json("/accountz?acc=$G").get("account_detail");
        assertEquals("$G", detail.get("account_name"));
        assertEquals(3L, detail.get("client_connections"));
        assertEquals((long)SUBJECTS.size(), detail.get("subscriptions"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> sublist = (Map<String, Object>)detail.get("sublist_stats");
        assertEquals((long)SUBJECTS.size(), sublist.get("num_subscriptions"));
        final Map<String, Object> jsz = http.json("/jsz");
        assertEquals(true, jsz.get("disabled"));
        assertEquals(Map.of("total", 0L, "errors", 0L), jsz.get("api"));
        final HttpResponse<String> health = http.get("/healthz");
        assertEquals("{\"status\":\"ok\"}", health.body());
        final HttpResponse<String> stacks = http.get("/stacksz");
        assertEquals(200, stacks.statusCode());
        assertTrue(stacks.body().contains("torus-monitor"), "the monitoring thread is listed");
        final HttpResponse<String> root = http.get("/");
        assertEquals("text/html; charset=utf-8", root.headers().firstValue("content-type").orElse(""));
        assertTrue(root.body().contains("<a href=./connz>Connections</a>"), root.body());
    }

    @Test
    void metricsExposeCountersAndLatencyInPrometheusFormat() throws Exception
    {
        final HttpResponse<String> r = http.get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        final String body = r.body();
        assertTrue(body.contains("\ntorus_connections 3\n"), body);
        assertTrue(body.contains("\ntorus_in_msgs_total " + K + "\n"), body);
        assertTrue(body.contains("\ntorus_out_msgs_total " + 2 * K + "\n"), body);
        assertTrue(body.contains("\ntorus_subscriptions " + SUBJECTS.size() + "\n"), body);
        assertTrue(body.contains("# TYPE torus_ingress_to_match_seconds summary"), body);
        assertTrue(body.contains("torus_ingress_to_write_seconds{quantile=\"0.99\"} "), body);
        assertTrue(body.contains("\ntorus_ring_occupancy "), body);
    }

    @Test
    void basePathPrefixesEveryEndpoint() throws Exception
    {
        final TorusServer s = start(o -> o.httpBasePath = "/mon/");
        final MonitoringClient c = new MonitoringClient(s.monitoringPort());
        assertEquals("/mon", c.json("/mon/varz").get("http_base_path").toString().replaceAll("/$", ""));
        assertEquals(200, c.get("/mon").statusCode());
        assertEquals(404, c.get("/varz").statusCode());
        assertEquals(0L, c.json("/mon/connz").get("total"));
    }

    @Test
    void connzWithAuthShowsTheAuthorizedUser() throws Exception
    {
        final TorusServer s = start(o ->
        {
            o.username = "alice";
            o.password = "secret";
        });
        final Connection nc = Nats.connect(new Options.Builder().server("nats://127.0.0.1:" + s.port())
            .userInfo("alice", "secret").noReconnect().connectionTimeout(Duration.ofSeconds(3)).build());
        closeables.add(nc);
        final MonitoringClient c = new MonitoringClient(s.monitoringPort());
        assertEquals(true, c.json("/varz").get("auth_required"));
        assertNull(connections(c.json("/connz")).get(0).get("authorized_user"));
        assertEquals("alice", connections(c.json("/connz?auth=true")).get(0).get("authorized_user"));
        assertEquals(1, connections(c.json("/connz?auth=true&user=alice")).size());
        assertEquals(0, connections(c.json("/connz?auth=true&user=bob")).size());
        assertEquals(1, connections(c.json("/connz?acc=$G")).size());
        assertEquals(0, connections(c.json("/connz?acc=other")).size());

        try (RawClient bad = new RawClient(s.port()))
        {
            bad.readUntil("\r\n");
            bad.send("CONNECT {\"verbose\":false,\"user\":\"alice\",\"pass\":\"wrong\"}\r\n");
            bad.readUntil("Authorization Violation");
        }
        TestServers.await(3000, "refused client in the closed ring",
            () -> !connections(get(c, "/connz?state=closed")).isEmpty());
        assertEquals("Authentication Failure", connections(c.json("/connz?state=closed")).get(0).get("reason"));
    }

    private static Map<String, Object> get(final MonitoringClient c, final String path)
    {
        try
        {
            return c.json(path);
        }
        catch (final Exception e)
        {
            throw new AssertionError(path, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> connections(final Map<String, Object> connz)
    {
        return (List<Map<String, Object>>)connz.get("connections");
    }

    private static List<Object> names(final List<Map<String, Object>> conns)
    {
        final List<Object> names = new ArrayList<>();
        for (final Map<String, Object> c : conns)
        {
            names.add(c.get("name"));
        }
        return names;
    }
}
