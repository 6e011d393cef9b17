package io.torus.io.monitor;

import io.torus.io.TorusServer;

/**
 * The endpoints of features Torus has not built yet (routes, gateways, leaf nodes, accounts, JetStream): each
 * answers exactly what the Go server answers with the feature off, so tools that poll them keep working.
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
        q.bool("subs");
        return header().field("num_routes", 0).name("routes").beginArray().endArray().endObject().toString();
    }

    String gatewayz(final QueryParams q)
    {
        return header().emptyObject("outbound_gateways").emptyObject("inbound_gateways").endObject().toString();
    }

    String leafz(final QueryParams q) throws BadRequestException
    {
        q.bool("subs");
        return header().field("leafnodes", 0).name("leafs").nullValue().endObject().toString();
    }

    /** Torus has the global account only, and no system account. */
    String accountz(final QueryParams q)
    {
        return header().name("accounts").beginArray().value(io.torus.core.server.Account.GLOBAL).endArray()
            .endObject().toString();
    }

    String jsz(final QueryParams q)
    {
        final JsonWriter w = header().field("disabled", true);
        w.name("config").beginObject().field("max_memory", 0).field("max_storage", 0).endObject();
        w.field("memory", 0).field("storage", 0).field("reserved_memory", 0).field("reserved_storage", 0)
            .field("accounts", 0).field("ha_assets", 0);
        w.name("api").beginObject().field("total", 0).field("errors", 0).endObject();
        return w.field("streams", 0).field("consumers", 0).field("messages", 0).field("bytes", 0)
            .endObject().toString();
    }
}
