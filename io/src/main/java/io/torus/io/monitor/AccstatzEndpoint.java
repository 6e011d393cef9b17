package io.torus.io.monitor;

import io.torus.core.server.Account;
import io.torus.core.server.ServerStats;
import io.torus.io.TorusServer;

/**
 * {@code /accstatz}: per-account statistics. Torus has the global account only, so its figures are the server's;
 * as in Go, an account without connections is listed only with {@code unused=true}.
 */
final class AccstatzEndpoint implements Endpoint
{
    private final TorusServer server;

    AccstatzEndpoint(final TorusServer server)
    {
        this.server = server;
    }

    @Override
    public String render(final QueryParams q) throws BadRequestException
    {
        final boolean unused = q.bool("unused");
        final ServerStats s = server.stats();
        final int conns = server.connectionCountNow();
        final JsonWriter w = new JsonWriter().beginObject()
            .field("server_id", server.serverId())
            .field("now", GoFormat.rfc3339Nano(server.epochNanos(System.nanoTime())));
        w.name("account_statz").beginArray();
        if (unused || conns > 0)
        {
            w.beginObject()
                .field("acc", Account.GLOBAL)
                .field("conns", conns)
                .field("leafnodes", 0)
                .field("total_conns", conns);
            w.name("sent").beginObject().field("msgs", s.outMsgs).field("bytes", s.outBytes).endObject();
            w.name("received").beginObject().field("msgs", s.inMsgs.sum()).field("bytes", s.inBytes.sum()).endObject();
            w.field("slow_consumers", s.slowConsumers.get()).endObject();
        }
        return w.endArray().endObject().toString();
    }
}
