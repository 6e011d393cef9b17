package io.torus.io.tls;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code connection_rate_limit} as Go's rate counter: at most {@code limit} new TLS connections per one-second window
 * (the window starts with the first connection after the previous one ended); the rest are refused and counted.
 * Thread-safe: event loops call {@link #allow()} concurrently (a lock, once per new TLS connection only).
 */
public final class TlsRateLimiter
{
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long limit;
    private final AtomicLong blocked = new AtomicLong();
    private long count;
    private long windowEndNanos;
    private boolean started;

    public TlsRateLimiter(final long limit)
    {
        this.limit = limit;
    }

    public synchronized boolean allow()
    {
        final long now = System.nanoTime();
        if (!started || now - windowEndNanos > 0)
        {
            started = true;
            count = 0;
            windowEndNanos = now + WINDOW_NANOS;
        }
        else
        {
            count++;
        }
        final boolean allowed = count < limit;
        if (!allowed)
        {
            blocked.incrementAndGet();
        }
        return allowed;
    }

    /** Connections refused since the last call (Go logs them once a second). */
    public long takeBlocked()
    {
        return blocked.getAndSet(0);
    }
}
