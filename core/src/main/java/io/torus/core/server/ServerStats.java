package io.torus.core.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-wide counters. Message counters have a single writer, the matching thread, and are read racily by
 * monitoring (a torn read is impossible for a long field on 64-bit JVMs, a stale one is fine). Connection counters
 * are written by I/O threads and so are atomic.
 */
public final class ServerStats
{
    public long inMsgs;
    public long inBytes;
    public long outMsgs;
    public long outBytes;
    public final AtomicLong slowConsumers = new AtomicLong();
    public final AtomicLong totalConnections = new AtomicLong();
    public final AtomicLong staleConnections = new AtomicLong();
}
