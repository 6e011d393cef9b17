package io.torus.io.sys;

import io.torus.core.options.ServerOptions;
import io.torus.io.TorusServer;
import io.torus.io.monitor.GoFormat;
import io.torus.io.monitor.JsonWriter;

/**
 * Writes Go's {@code ServerInfo}, the {@code "server"} object every system message carries: name, host, id,
 * version, a sequence number counting the server's system messages, jetstream, and the time it was sent (cluster,
 * domain and tags are omitted, as Go omits them when empty). The system client's thread only.
 */
final class ServerInfoWriter
{
    private final TorusServer server;
    private long sequence;

    ServerInfoWriter(final TorusServer server)
    {
        this.server = server;
    }

    /** Now, in nanoseconds since the epoch. */
    long nowEpochNanos()
    {
        return server.epochNanos(System.nanoTime());
    }

    /** Writes {@code "server":{...}} as the next member of the open object. */
    void write(final JsonWriter w)
    {
        object(w.name("server"));
    }

    /** The ServerInfo alone, as the body of Go's shutdown event. */
    String standalone()
    {
        return object(JsonWriter.compact()).toString();
    }

    private JsonWriter object(final JsonWriter w)
    {
        return w.beginObject()
            .field("name", server.serverName())
            .field("host", server.options().host)
            .field("id", server.serverId())
            .field("ver", ServerOptions.GO_COMPAT_VERSION)
            .field("seq", ++sequence)
            .field("jetstream", false)
            .field("time", GoFormat.rfc3339Nano(nowEpochNanos()))
            .endObject();
    }
}
