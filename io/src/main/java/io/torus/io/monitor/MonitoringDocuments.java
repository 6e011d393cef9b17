package io.torus.io.monitor;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.torus.io.TorusServer;

import java.util.HashMap;
import java.util.Map;

/**
 * The monitoring documents for callers other than the HTTP listener: the system account's
 * {@code $SYS.REQ.SERVER.*} services answer with the same JSON as the endpoints (Go's {@code s.Varz()},
 * {@code s.Connz()}... serve both). Endpoints and the process usage sampler are this instance's own, so it is used
 * by one thread (the system client's) and never shares state with the monitoring thread.
 */
public final class MonitoringDocuments
{
    private final Map<String, Endpoint> endpoints = new HashMap<>();
    private final ProcessUsage usage = new ProcessUsage();

    /** @param monitoring the HTTP monitor when it runs (for {@code /varz}'s host, port and request counts), or null */
    public MonitoringDocuments(final TorusServer server, final MonitoringServer monitoring)
    {
        final FeatureOffEndpoints off = new FeatureOffEndpoints(server);
        endpoints.put("/varz", new VarzEndpoint(server, monitoring));
        endpoints.put("/connz", new ConnzEndpoint(server));
        endpoints.put("/subsz", new SubszEndpoint(server, true));
        endpoints.put("/routez", off::routez);
        endpoints.put("/gatewayz", off::gatewayz);
        endpoints.put("/leafz", off::leafz);
        endpoints.put("/accountz", new AccountzEndpoint(server));
        endpoints.put("/accstatz", new AccstatzEndpoint(server));
        endpoints.put("/jsz", off::jsz);
        endpoints.put("/healthz", off::healthz);
    }

    /**
     * Renders a document as the HTTP endpoint would for {@code path?query} (the query URL-encoded, "" for none).
     *
     * @throws IllegalArgumentException with Go's text, for what the endpoint would answer with 400
     */
    public String render(final String path, final String query)
    {
        final Endpoint e = endpoints.get(path);
        if (e == null)
        {
            throw new IllegalArgumentException("no such document: " + path);
        }
        try
        {
            return e.render(new QueryParams(new QueryStringDecoder(query.isEmpty() ? path : path + "?" + query)));
        }
        catch (final BadRequestException bad)
        {
            throw new IllegalArgumentException(bad.getMessage(), bad);
        }
    }

    /** Resident set size in bytes, as {@code /varz mem}. */
    public long residentBytes()
    {
        return usage.residentBytes();
    }

    /** CPU percent since the previous sample, as {@code /varz cpu}. */
    public double cpuPercent()
    {
        return usage.cpuPercent();
    }
}
