package io.torus.io.monitor;

import io.torus.core.server.ServerStats;
import io.torus.io.TorusServer;
import org.HdrHistogram.Histogram;

/**
 * {@code /metrics} (Torus only): the counters of {@code /varz} and the pipeline's latency percentiles in the
 * Prometheus text exposition format, version 0.0.4. Monitoring thread.
 */
final class MetricsEndpoint implements Endpoint
{
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final TorusServer server;

    MetricsEndpoint(final TorusServer server)
    {
        this.server = server;
    }

    @Override
    public String render(final QueryParams query)
    {
        final ServerStats s = server.stats();
        final StringBuilder sb = new StringBuilder(2048);
        gauge(sb, "torus_connections", "Open client connections.", server.connectionCountNow());
        counter(sb, "torus_connections_total", "Client connections accepted since start.",
            s.totalConnections.get());
        counter(sb, "torus_in_msgs_total", "Messages received from clients.", s.inMsgs.sum());
        counter(sb, "torus_out_msgs_total", "Messages delivered to clients.", s.outMsgs);
        counter(sb, "torus_in_bytes_total", "Payload bytes received from clients.", s.inBytes.sum());
        counter(sb, "torus_out_bytes_total", "Payload bytes delivered to clients.", s.outBytes);
        counter(sb, "torus_slow_consumers_total", "Connections closed as slow consumers.", s.slowConsumers.get());
        counter(sb, "torus_auth_failures_total", "CONNECTs refused for bad or missing credentials.",
            s.authFailures.get());
        gauge(sb, "torus_subscriptions", "Subscriptions in the global account.",
            server.totalSubscriptions());
        gauge(sb, "torus_ring_size", "Slots in the ingress ring.", server.ringSize());
        gauge(sb, "torus_ring_occupancy", "Ingress ring slots published and not yet matched.",
            server.ringOccupancy());
        summary(sb, "torus_ingress_to_match_seconds", "Time from parse on an I/O thread to the matching stage.",
            server.latency().ingressToMatchTotal());
        summary(sb, "torus_ingress_to_write_seconds", "Time from parse to the socket write of the result.",
            server.latency().ingressToWriteTotal());
        return sb.toString();
    }

    private static void gauge(final StringBuilder sb, final String name, final String help, final long value)
    {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n')
            .append("# TYPE ").append(name).append(" gauge\n")
            .append(name).append(' ').append(value).append('\n');
    }

    private static void counter(final StringBuilder sb, final String name, final String help, final long value)
    {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n')
            .append("# TYPE ").append(name).append(" counter\n")
            .append(name).append(' ').append(value).append('\n');
    }

    private static void summary(final StringBuilder sb, final String name, final String help, final Histogram h)
    {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n')
            .append("# TYPE ").append(name).append(" summary\n");
        for (final double q : new double[] {0.5, 0.99, 0.999})
        {
            sb.append(name).append("{quantile=\"").append(q).append("\"} ")
                .append(seconds(h.getValueAtPercentile(q * 100))).append('\n');
        }
        sb.append(name).append("{quantile=\"1\"} ").append(seconds(h.getMaxValue())).append('\n');
        // The sum is reconstructed from the histogram's mean: exact to its 3 significant digits.
        sb.append(name).append("_sum ").append(seconds(Math.round(h.getMean() * h.getTotalCount()))).append('\n');
        sb.append(name).append("_count ").append(h.getTotalCount()).append('\n');
    }

    private static String seconds(final long nanos)
    {
        return Double.toString(nanos / 1e9);
    }
}
