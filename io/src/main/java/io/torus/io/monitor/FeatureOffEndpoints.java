package io.torus.io.monitor;

import io.torus.io.TorusServer;

/**
 * The endpoints of features Torus has not built yet (routes, gateways, leaf nodes, JetStream), and the health probe:
 * each answers exactly what the Go server answers with the feature off, malformed parameters included, so tools
 * that poll them keep working.
 */
final class FeatureOffEndpoints
{
    private final TorusServer server;

    FeatureOffEndpoints(final TorusServer server)
    {
        this.server = server;
    }

    private JsonWriter header()
    {
        return new JsonWriter().beginObject()
            .field("server_id", server.serverId())
            .field("now", GoFormat.rfc3339Nano(server.epochNanos(System.nanoTime())));
    }

    String routez(final QueryParams q) throws BadRequestException
    {
        if (!"detail".equalsIgnoreCase(q.get("subs")))
        {
            q.bool("subs");
        }
        return header().field("num_routes", 0).name("routes").beginArray().endArray().endObject().toString();
    }

    String gatewayz(final QueryParams q) throws BadRequestException
    {
        q.bool("accs");
        return header().emptyObject("outbound_gateways").emptyObject("inbound_gateways").endObject().toString();
    }

    String leafz(final QueryParams q) throws BadRequestException
    {
        q.bool("subs");
        return header().field("leafnodes", 0).name("leafs").nullValue().endObject().toString();
    }

    /** Without JetStream the server is healthy once it serves; the JetStream options are checked and moot. */
    String healthz(final QueryParams q) throws BadRequestException
    {
        q.bool("js-enabled");
        q.bool("js-enabled-only");
        q.bool("js-server-only");
        return "{\"status\":\"ok\"}";
    }

    String jsz(final QueryParams q) throws BadRequestException
    {
        // Parameters are checked as Go checks them, though none changes the answer with JetStream off.
        q.bool("accounts");
        q.bool("streams");
        q.bool("consumers");
        q.bool("config");
        q.integer("offset");
        q.integer("limit");
        q.bool("leader-only");
        final JsonWriter w = header().field("disabled", true);
        w.name("config").beginObject().field("max_memory", 0).field("max_storage", 0).endObject();
        w.field("memory", 0).field("storage", 0).field("reserved_memory", 0).field("reserved_storage", 0)
            .field("accounts", 0).field("ha_assets", 0);
        w.name("api").beginObject().field("total", 0).field("errors", 0).endObject();
        return w.field("streams", 0).field("consumers", 0).field("messages", 0).field("bytes", 0)
            .endObject().toString();
    }
}
