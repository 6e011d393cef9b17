package io.torus.core.subject;

import java.nio.charset.StandardCharsets;

/**
 * One client subscription. Created and mutated only by the matching thread (single writer); other threads may read
 * the immutable fields for monitoring.
 *
 * @param <C> the owner (a client connection), kept generic so the trie does not depend on connections
 */
public final class Subscription<C>
{
    private final C owner;
    private final byte[] subject;
    private final byte[] queue;
    private final byte[] sid;
    private long maxMsgs;
    private long delivered;
    private boolean closed;

    public Subscription(final C owner, final byte[] subject, final byte[] queue, final byte[] sid)
    {
        this.owner = owner;
        this.subject = subject;
        this.queue = queue;
        this.sid = sid;
    }

    public C owner()
    {
        return owner;
    }

    public byte[] subject()
    {
        return subject;
    }

    /** The queue group name, or null for a plain subscription. */
    public byte[] queue()
    {
        return queue;
    }

    public byte[] sid()
    {
        return sid;
    }

    /** Auto-unsubscribe limit; 0 means none. */
    public long maxMsgs()
    {
        return maxMsgs;
    }

    public void maxMsgs(final long max)
    {
        this.maxMsgs = max;
    }

    public long delivered()
    {
        return delivered;
    }

    /** Counts one delivery and says whether the auto-unsubscribe limit has now been reached. */
    public boolean countDeliveryAndCheckLimit()
    {
        delivered++;
        return maxMsgs > 0 && delivered >= maxMsgs;
    }

    public boolean isClosed()
    {
        return closed;
    }

    public void close()
    {
        closed = true;
    }

    @Override
    public String toString()
    {
        return new String(subject, StandardCharsets.UTF_8) +
            (queue == null ? "" : " " + new String(queue, StandardCharsets.UTF_8)) +
            " " + new String(sid, StandardCharsets.UTF_8);
    }
}
