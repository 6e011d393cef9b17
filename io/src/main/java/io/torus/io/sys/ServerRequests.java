package io.torus.io.sys;

import io.torus.core.server.Account;
import io.torus.core.server.ServerStats;
import io.torus.io.TorusServer;
import io.torus.io.monitor.GoFormat;
import io.torus.io.monitor.JsonWriter;
import io.torus.io.monitor.MonitoringDocuments;
import io.torus.io.monitor.MonitoringServer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The server's request/reply services in the system account, as Go's {@code initEventTracking} sets them up:
 * {@code $SYS.REQ.SERVER.PING} (STATSZ), and for each service X both {@code $SYS.REQ.SERVER.PING.X} (every server
 * answers) and {@code $SYS.REQ.SERVER.<server id>.X} (this one); CONNZ and LEAFZ of one account on
 * {@code $SYS.REQ.ACCOUNT.<account>.X}. Answers are Go's {@code ServerAPIResponse}:
 * {@code {"server":{...},"data":<the HTTP endpoint's document>}}, or {@code "error":{"code","description"}} (400
 * for a body that is not the options' JSON, 500 with {@code "data":null} for options the document refuses). STATSZ
 * answers Go's {@code ServerStatsMsg}; IDZ (a Go 2.10 service, answered as 2.10 does) the bare identity.
 * <p>
 * The system client's thread only.
 */
final class ServerRequests
{
    static final List<String> SERVICES = List.of("STATSZ", "VARZ", "SUBSZ", "CONNZ", "ROUTEZ", "GATEWAYZ", "LEAFZ",
        "ACCOUNTZ", "JSZ", "HEALTHZ", "IDZ");
    /** Served per account on {@code $SYS.REQ.ACCOUNT.<account>.<X>}. */
    static final List<String> ACCOUNT_SERVICES = List.of("CONNZ", "LEAFZ");
    static final String PING = "$SYS.REQ.SERVER.PING";
    private static final long HEARTBEAT_FIRST_NANOS = 250_000_000L;
    private static final long HEARTBEAT_MAX_NANOS = 30_000_000_000L;

    private final TorusServer server;
    private final SystemClient client;
    private final ServerInfoWriter serverInfo;
    private final MonitoringServer monitoring;
    /** Made at the first request: its process usage sampler loads JMX, which startup need not wait for. */
    private MonitoringDocuments documents;

    ServerRequests(final TorusServer server, final SystemClient client, final ServerInfoWriter serverInfo,
        final MonitoringServer monitoring)
    {
        this.server = server;
        this.client = client;
        this.serverInfo = serverInfo;
        this.monitoring = monitoring;
    }

    private MonitoringDocuments documents()
    {
        if (documents == null)
        {
            documents = new MonitoringDocuments(server, monitoring);
        }
        return documents;
    }

    /**
     * Go's STATSZ heartbeat on {@code $SYS.SERVER.<id>.STATSZ}: first after 250 ms, the interval doubling up to 30 s.
     * Rendered only while someone other than the internal client listens in the system account.
     */
    void startHeartbeat(final BooleanSupplier someoneListens)
    {
        final long[] interval = {HEARTBEAT_FIRST_NANOS};
        client.timer(interval[0], () ->
        {
            if (someoneListens.getAsBoolean())
            {
                client.publish("$SYS.SERVER." + server.serverId() + ".STATSZ", null, statszMessage());
            }
            interval[0] = Math.min(interval[0] * 2, HEARTBEAT_MAX_NANOS);
            return interval[0];
        });
    }

    void subscribe()
    {
        client.subscribe(PING, (subject, reply, headers, body) -> statsz(reply, body));
        for (final String service : SERVICES)
        {
            final SystemClient.MessageHandler h =
                (subject, reply, headers, body) -> request(service, reply, headers, body);
            client.subscribe("$SYS.REQ.SERVER." + server.serverId() + "." + service, h);
            client.subscribe(PING + "." + service, h);
        }
        // Go's account-scoped services that the documents can answer: the connections (and leaf nodes) of one
        // account, named by the subject's fourth token.
        for (final String service : ACCOUNT_SERVICES)
        {
            client.subscribe("$SYS.REQ.ACCOUNT.*." + service, (subject, reply, headers, body) ->
                document(service, subject.split("\\.")[3], reply, headers, body));
        }
    }

    private void request(final String service, final String reply, final byte[] headers, final byte[] body)
    {
        switch (service)
        {
            case "STATSZ":
                statsz(reply, body);
                break;
            case "IDZ":
                idz(reply);
                break;
            default:
                document(service, null, reply, headers, body);
                break;
        }
    }

    /** Go's statszReq: without a reply subject the answer goes to the server's STATSZ broadcast subject. */
    private void statsz(final String reply, final byte[] body)
    {
        final String to = reply == null ? "$SYS.SERVER." + server.serverId() + ".STATSZ" : reply;
        final RequestOptions options;
        try
        {
            options = RequestOptions.parse("STATSZ", body);
        }
        catch (final IllegalArgumentException e)
        {
            client.publish(to, null, error(false, 400, e.getMessage()));
            return;
        }
        if (!options.excludes(server.serverName(), server.options().host))
        {
            client.publish(to, null, statszMessage());
        }
    }

    private void idz(final String reply)
    {
        if (reply != null)
        {
            client.publish(reply, null, JsonWriter.compact().beginObject()
                .field("name", server.serverName())
                .field("host", server.options().host)
                .field("id", server.serverId())
                .endObject().toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Go's zReq: no reply, no answer; a request for another server, no answer; a document answer encoded as the
     * request's Accept-Encoding asks (errors never are).
     */
    private void document(final String service, final String account, final String reply, final byte[] headers,
        final byte[] body)
    {
        if (reply == null)
        {
            return;
        }
        final RequestOptions options;
        try
        {
            options = RequestOptions.parse(service, body);
        }
        catch (final IllegalArgumentException e)
        {
            client.publish(reply, null, error(false, 400, e.getMessage()));
            return;
        }
        if (options.excludes(server.serverName(), server.options().host))
        {
            return;
        }
        final String document;
        try
        {
            document = documents().render("/" + service.toLowerCase(Locale.ROOT),
                account == null ? options.query() : options.queryFor(account));
        }
        catch (final IllegalArgumentException e)
        {
            client.publish(reply, null, error(true, 500, e.getMessage()));
            return;
        }
        final JsonWriter w = JsonWriter.compact().beginObject();
        serverInfo.write(w);
        w.name("data").rawValue(JsonCompactor.compact(document));
        final ResponseEncoding encoding = ResponseEncoding.accepted(headers);
        client.publish(reply, null, encoding.headers(),
            encoding.encode(w.endObject().toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** @param nullData Go's response when the document itself failed carries {@code "data":null} */
    private byte[] error(final boolean nullData, final int code, final String description)
    {
        final JsonWriter w = JsonWriter.compact().beginObject();
        serverInfo.write(w);
        if (nullData)
        {
            w.name("data").nullValue();
        }
        w.name("error").beginObject().field("code", code).field("description", description).endObject();
        return w.endObject().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Go's ServerStatsMsg; routes, gateways and jetstream are omitted as Go omits them when empty. */
    private byte[] statszMessage()
    {
        final ServerStats s = server.stats();
        int activeAccounts = 0;
        for (final Account a : server.accounts().all())
        {
            activeAccounts += a.connectionCount() > 0 ? 1 : 0;
        }
        final JsonWriter w = JsonWriter.compact().beginObject();
        serverInfo.write(w);
        w.name("statsz").beginObject()
            .field("start", GoFormat.rfc3339Nano(server.startEpochNanos()))
            .field("mem", documents().residentBytes())
            .field("cores", Runtime.getRuntime().availableProcessors())
            .field("cpu", documents().cpuPercent())
            .field("connections", server.connectionCountNow())
            .field("total_connections", s.totalConnections.get())
            .field("active_accounts", activeAccounts)
            .field("subscriptions", server.totalSubscriptions());
        w.name("sent").beginObject().field("msgs", s.outMsgs).field("bytes", s.outBytes).endObject();
        w.name("received").beginObject().field("msgs", s.inMsgs.sum()).field("bytes", s.inBytes.sum()).endObject();
        w.field("slow_consumers", s.slowConsumers.get())
            .field("active_servers", 1)
            .endObject();
        return w.endObject().toString().getBytes(StandardCharsets.UTF_8);
    }
}
