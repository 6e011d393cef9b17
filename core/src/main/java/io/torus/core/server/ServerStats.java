package io.torus.core.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Server-wide counters. Messages in are counted where they arrive, by the I/O threads (striped adders: no shared
 * cache line per message); messages out have a single writer, the matching thread, and are read racily by
 * monitoring (a stale read is fine). Connection counters are written by I/O threads and so are atomic.
 */
public final class ServerStats
{
    public final LongAdder inMsgs = new LongAdder();
    public final LongAdder inBytes = new LongAdder();
    public long outMsgs;
    public long outBytes;
    public final AtomicLong slowConsumers = new AtomicLong();
    public final AtomicLong totalConnections = new AtomicLong();
    public final AtomicLong staleConnections = new AtomicLong();
    /** CONNECTs refused for bad or missing credentials (Torus-only: /varz torus block, /metrics). */
    public final AtomicLong authFailures = new AtomicLong();
}
