package io.torus.io.monitor;

import java.util.ArrayList;
import java.util.List;

/**
 * The most recently closed connections, for {@code /connz?state=closed}: a ring of {@code max_closed_clients}
 * snapshots (Go's {@code closedRingBuffer}), oldest overwritten first.
 * <p>
 * Written by the event loops as connections close, read by the monitoring thread: both under this object's lock,
 * which is taken once per closed connection and per request, never per message.
 */
public final class ClosedConnections
{
    private final ConnInfo[] ring;
    private long added;

    public ClosedConnections(final int capacity)
    {
        ring = new ConnInfo[Math.max(0, capacity)];
    }

    public synchronized void add(final ConnInfo closed)
    {
        if (ring.length == 0)
        {
            return;
        }
        ring[(int)(added % ring.length)] = closed;
        added++;
    }

    /** Oldest first. */
    public synchronized List<ConnInfo> snapshot()
    {
        final int n = (int)Math.min(added, ring.length);
        final List<ConnInfo> list = new ArrayList<>(n);
        for (long i = added - n; i < added; i++)
        {
            list.add(ring[(int)(i % ring.length)]);
        }
        return list;
    }

    public synchronized int size()
    {
        return (int)Math.min(added, ring.length);
    }

    public int capacity()
    {
        return ring.length;
    }
}
