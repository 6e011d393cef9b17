package io.torus.io.monitor;

import io.torus.core.options.ServerOptions;
import io.torus.core.server.Account;
import io.torus.core.server.ServerStats;
import io.torus.io.TorusServer;
import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * {@code /varz}: the server's options and counters, with the Go server's field names, order and units (durations in
 * nanoseconds, {@code auth_timeout} and {@code tls_timeout} in seconds, times in RFC 3339). Blocks of features
 * Torus has not built yet are written as Go writes them when the feature is off ({@code "cluster": {}}). Ends with
 * a Torus-only {@code torus} object: transport, wait strategy and pipeline latency percentiles. Without HTTP
 * monitoring (a {@code $SYS.REQ.SERVER.PING.VARZ} request) the monitoring server is null, as Go answers then.
 */
final class VarzEndpoint implements Endpoint
{
    private final TorusServer server;
    private final MonitoringServer monitoring;
    private final ProcessUsage usage = new ProcessUsage();

    VarzEndpoint(final TorusServer server, final MonitoringServer monitoring)
    {
        this.server = server;
        this.monitoring = monitoring;
    }

    @Override
    public String render(final QueryParams query)
    {
        final ServerOptions o = server.options();
        final ServerStats stats = server.stats();
        final long now = server.epochNanos(System.nanoTime());
        final int cores = Runtime.getRuntime().availableProcessors();
        final JsonWriter w = new JsonWriter().beginObject()
            .field("server_id", server.serverId())
            .field("server_name", server.serverName())
            .field("version", ServerOptions.GO_COMPAT_VERSION)
            .field("proto", 1)
            .field("go", "java" + Runtime.version().feature())
            .field("host", o.host)
            .field("port", server.port());
        if (o.authRequired())
        {
            w.field("auth_required", true);
        }
        if (o.tlsRequired())
        {
            w.field("tls_required", true);
        }
        if (o.tlsConfig != null && o.tlsConfig.verify)
        {
            w.field("tls_verify", true);
        }
        w.field("max_connections", o.maxConnections)
            .field("ping_interval", o.pingIntervalNanos)
            .field("ping_max", o.pingMax)
            .field("http_host", monitoring != null ? monitoring.host() :
                o.httpHost == null || o.httpHost.isEmpty() ? o.host : o.httpHost)
            .field("http_port", o.httpPort == ServerOptions.RANDOM_PORT && monitoring != null &&
                !monitoring.isSecure() ? monitoring.port() : o.httpPort)
            .field("http_base_path", o.httpBasePath)
            .field("https_port", o.httpsPort == ServerOptions.RANDOM_PORT && monitoring.isSecure() ? monitoring.port()
                : o.httpsPort)
            .field("auth_timeout", o.effectiveAuthTimeoutNanos() / 1e9)
            .field("max_control_line", o.maxControlLine)
            .field("max_payload", o.maxPayload)
            .field("max_pending", o.maxPending)
            .emptyObject("cluster")
            .emptyObject("gateway")
            .emptyObject("leaf")
            .emptyObject("mqtt")
            .emptyObject("websocket")
            .emptyObject("jetstream")
            .field("tls_timeout", o.tlsConfig == null ? io.torus.core.options.TlsOptions.DEFAULT_TIMEOUT_SECONDS
                : o.tlsConfig.effectiveTimeoutSeconds())
            .field("write_deadline", o.writeDeadlineNanos)
            .field("start", GoFormat.rfc3339Nano(server.startEpochNanos()))
            .field("now", GoFormat.rfc3339Nano(now))
            .field("uptime", GoFormat.uptime(now - server.startEpochNanos()))
            .field("mem", usage.residentBytes())
            .field("cores", cores)
            .field("gomaxprocs", cores)
            .field("cpu", usage.cpuPercent())
            .field("connections", server.connectionCountNow())
            .field("total_connections", stats.totalConnections.get())
            .field("routes", 0)
            .field("remotes", 0)
            .field("leafnodes", 0)
            .field("in_msgs", stats.inMsgs.sum())
            .field("out_msgs", stats.outMsgs)
            .field("in_bytes", stats.inBytes.sum())
            .field("out_bytes", stats.outBytes)
            .field("slow_consumers", stats.slowConsumers.get())
            .field("subscriptions", server.totalSubscriptions());
        w.name("http_req_stats").beginObject();
        if (monitoring != null)
        {
            for (final Map.Entry<String, Long> e : monitoring.requestCounts().entrySet())
            {
                w.field(e.getKey(), e.getValue());
            }
        }
        w.endObject();
        // Torus does not reload its configuration: it was loaded when the server started.
        w.field("config_load_time", GoFormat.rfc3339Nano(server.startEpochNanos()));
        final Account system = server.accounts().system();
        if (system != null)
        {
            w.field("system_account", system.name());
        }
        writeTorus(w);
        return w.endObject().toString();
    }

    private void writeTorus(final JsonWriter w)
    {
        w.name("torus").beginObject()
            .field("version", ServerOptions.TORUS_VERSION)
            .field("transport", server.transport() == null ? "" : server.transport().displayName())
            .field("wait_strategy", server.waitStrategyName())
            .field("ring_size", server.ringSize())
            .field("ring_occupancy", server.ringOccupancy())
            .field("auth_failures", server.stats().authFailures.get())
            .field("tls_handshake_failures", server.tlsHandshakeFailures());
        if (server.options().tlsConfig != null)
        {
            w.field("tls_provider", io.torus.io.tls.ServerTls.providerName());
        }
        w.name("latency").beginObject();
        latency(w, "ingress_to_match", server.latency().ingressToMatchTotal());
        latency(w, "ingress_to_write", server.latency().ingressToWriteTotal());
        w.endObject().endObject();
    }

    /** Nanoseconds, like every Go duration in this document. */
    private static void latency(final JsonWriter w, final String name, final Histogram h)
    {
        w.name(name).beginObject()
            .field("count", h.getTotalCount())
            .field("p50", h.getValueAtPercentile(50))
            .field("p99", h.getValueAtPercentile(99))
            .field("p999", h.getValueAtPercentile(99.9))
            .field("max", h.getMaxValue())
            .endObject();
    }
}
