package io.torus.io.monitor;

import java.util.List;

/**
 * One connection as {@code /connz} reports it (Go's {@code ConnInfo}): a snapshot taken by the monitoring thread
 * from counters it reads racily, or taken once at close and kept by {@link ClosedConnections}. Immutable.
 *
 * @param stopEpochNanos 0 while open
 * @param reason         null while open
 * @param subs           null unless asked for (or kept at close)
 * @param tls            null for a plain-text connection (or one still in its handshake)
 */
public record ConnInfo(
    long cid, String ip, int port, long startEpochNanos, long lastActivityEpochNanos, long stopEpochNanos,
    String reason, long rttNanos, long pendingBytes, long inMsgs, long outMsgs, long inBytes, long outBytes,
    int subscriptions, String name, String lang, String version, String user, String account,
    List<SubDetail> subs, TlsConnInfo tls)
{
    boolean isClosed()
    {
        return stopEpochNanos != 0;
    }

    /** Uptime as Go computes it: to now while open, to the stop time once closed. */
    long uptimeNanos(final long nowEpochNanos)
    {
        return (isClosed() ? stopEpochNanos : nowEpochNanos) - startEpochNanos;
    }

    long idleNanos(final long nowEpochNanos)
    {
        return (isClosed() ? stopEpochNanos : nowEpochNanos) - lastActivityEpochNanos;
    }

    void write(final JsonWriter w, final long nowEpochNanos, final boolean listSubs, final boolean detail,
        final boolean auth)
    {
        w.beginObject()
            .field("cid", cid)
            .field("kind", "Client")
            .field("type", "nats")
            .field("ip", ip)
            .field("port", port)
            .field("start", GoFormat.rfc3339Nano(startEpochNanos))
            .field("last_activity", GoFormat.rfc3339Nano(lastActivityEpochNanos));
        if (isClosed())
        {
            w.field("stop", GoFormat.rfc3339Nano(stopEpochNanos));
            w.field("reason", reason);
        }
        w.field("rtt", GoFormat.duration(rttNanos))
            .field("uptime", GoFormat.uptime(uptimeNanos(nowEpochNanos)))
            .field("idle", GoFormat.uptime(idleNanos(nowEpochNanos)))
            .field("pending_bytes", pendingBytes)
            .field("in_msgs", inMsgs)
            .field("out_msgs", outMsgs)
            .field("in_bytes", inBytes)
            .field("out_bytes", outBytes)
            .field("subscriptions", subscriptions);
        optional(w, "name", name);
        optional(w, "lang", lang);
        optional(w, "version", version);
        if (tls != null)
        {
            tls.write(w, auth);
        }
        if (auth)
        {
            optional(w, "authorized_user", user);
            if (!io.torus.core.server.Account.GLOBAL.equals(account))
            {
                optional(w, "account", account);
            }
        }
        if (subs != null && !subs.isEmpty())
        {
            if (detail)
            {
                w.name("subscriptions_list_detail").beginArray();
                for (final SubDetail s : subs)
                {
                    s.write(w, false);
                }
                w.endArray();
            }
            else if (listSubs)
            {
                w.name("subscriptions_list").beginArray();
                for (final SubDetail s : subs)
                {
                    w.value(s.subject());
                }
                w.endArray();
            }
        }
        w.endObject();
    }

    private static void optional(final JsonWriter w, final String name, final String value)
    {
        if (value != null && !value.isEmpty())
        {
            w.field(name, value);
        }
    }
}
