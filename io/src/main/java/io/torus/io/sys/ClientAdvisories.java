package io.torus.io.sys;

import io.torus.core.protocol.ConnectOptions;
import io.torus.io.monitor.ConnInfo;
import io.torus.io.monitor.GoFormat;
import io.torus.io.monitor.JsonWriter;

import java.nio.charset.StandardCharsets;

/**
 * The connect and disconnect advisories Go publishes on {@code $SYS.ACCOUNT.<account>.CONNECT} and
 * {@code .DISCONNECT}: its {@code ConnectEventMsg} and {@code DisconnectEventMsg}, field for field (type, id,
 * timestamp, server, client; then sent, received and reason on disconnect). The system client's thread only.
 */
final class ClientAdvisories
{
    static final String CONNECT_TYPE = "io.nats.server.advisory.v1.client_connect";
    static final String DISCONNECT_TYPE = "io.nats.server.advisory.v1.client_disconnect";

    private final ServerInfoWriter serverInfo;
    private final EventIds ids = new EventIds();

    ClientAdvisories(final ServerInfoWriter serverInfo)
    {
        this.serverInfo = serverInfo;
    }

    static String connectSubject(final String account)
    {
        return "$SYS.ACCOUNT." + account + ".CONNECT";
    }

    static String disconnectSubject(final String account)
    {
        return "$SYS.ACCOUNT." + account + ".DISCONNECT";
    }

    byte[] connect(final ConnInfo c)
    {
        final JsonWriter w = JsonWriter.compact().beginObject()
            .field("type", CONNECT_TYPE)
            .field("id", ids.next())
            .field("timestamp", GoFormat.rfc3339Nano(serverInfo.nowEpochNanos()));
        serverInfo.write(w);
        client(w, c, false);
        return w.endObject().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @param c the connection as it was when it closed (stop time and reason set) */
    byte[] disconnect(final ConnInfo c)
    {
        final JsonWriter w = JsonWriter.compact().beginObject()
            .field("type", DISCONNECT_TYPE)
            .field("id", ids.next())
            .field("timestamp", GoFormat.rfc3339Nano(c.stopEpochNanos()));
        serverInfo.write(w);
        client(w, c, true);
        // As Go: "sent" is what the client sent (the server's messages in), "received" what it was delivered.
        w.name("sent").beginObject().field("msgs", c.inMsgs()).field("bytes", c.inBytes()).endObject();
        w.name("received").beginObject().field("msgs", c.outMsgs()).field("bytes", c.outBytes()).endObject();
        w.field("reason", c.reason());
        return w.endObject().toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A connection whose CONNECT was refused, described by what it declared (Go's {@code getRawAuthUser}: the
     * nkey, else the user name, else the token).
     */
    static ConnInfo declared(final ConnInfo c, final ConnectOptions o, final long rttNanos)
    {
        final String user = notEmpty(o.nkey) ? o.nkey : notEmpty(o.user) ? o.user : o.authToken;
        return new ConnInfo(c.cid(), c.ip(), c.port(), c.startEpochNanos(), c.lastActivityEpochNanos(),
            c.stopEpochNanos(), c.reason(), Math.max(1, rttNanos), 0, c.inMsgs(), c.outMsgs(), c.inBytes(),
            c.outBytes(), 0, o.name, o.lang, o.version, user, c.account(), null, c.tls());
    }

    private static boolean notEmpty(final String s)
    {
        return s != null && !s.isEmpty();
    }

    /** Go's {@code ClientInfo}: empty fields omitted, except {@code acc}; no rtt nor stop on connect. */
    private static void client(final JsonWriter w, final ConnInfo c, final boolean closed)
    {
        w.name("client").beginObject()
            .field("start", GoFormat.rfc3339Nano(c.startEpochNanos()));
        optional(w, "host", c.ip());
        if (c.cid() != 0)
        {
            w.field("id", c.cid());
        }
        w.field("acc", c.account());
        optional(w, "user", c.user());
        optional(w, "name", c.name());
        optional(w, "lang", c.lang());
        optional(w, "ver", c.version());
        if (closed)
        {
            final long rtt = rtt(c.rttNanos());
            if (rtt != 0)
            {
                w.field("rtt", rtt);
            }
            w.field("stop", GoFormat.rfc3339Nano(c.stopEpochNanos()));
        }
        w.field("kind", "Client")
            .field("client_type", "nats")
            .endObject();
    }

    /** Go's {@code getRTT}: truncated to the microsecond between 1 us and 1 ms, in nanoseconds. */
    private static long rtt(final long nanos)
    {
        return nanos > 1_000 && nanos < 1_000_000 ? nanos / 1_000 * 1_000 : nanos;
    }

    private static void optional(final JsonWriter w, final String name, final String value)
    {
        if (value != null && !value.isEmpty())
        {
            w.field(name, value);
        }
    }
}
