package io.torus.io.sys;

import io.torus.core.server.ClientChannel;
import io.torus.core.server.ClosedReason;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system client's edge, with no socket behind it: what the matching stage hands over (whole MSG frames, staged
 * per ring batch) is copied and queued for the system client's thread, which parses it. Its pending bytes count
 * against {@code max_pending} like any client's, so a system client that falls that far behind is a slow consumer.
 * <p>
 * Producer: the matching thread ({@link #send}). Consumer: the system client's thread ({@link #consumed}).
 */
final class InternalChannel implements ClientChannel
{
    private static final Logger LOG = LoggerFactory.getLogger("io.torus.server");

    private final BlockingQueue<Object> inbox;
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean closed;

    /** @param inbox the system client's work queue; frames arrive there as {@code byte[]} */
    InternalChannel(final BlockingQueue<Object> inbox)
    {
        this.inbox = inbox;
    }

    @Override
    public void send(final DirectBuffer buf, final int off, final int len, final long ingressNanos)
    {
        if (closed)
        {
            return;
        }
        final byte[] copy = new byte[len];
        buf.getBytes(off, copy);
        pending.addAndGet(len);
        inbox.add(copy);
    }

    /** The consumer took {@code len} bytes off the queue. */
    void consumed(final int len)
    {
        pending.addAndGet(-len);
    }

    @Override
    public long pendingBytes()
    {
        return pending.get();
    }

    @Override
    public void close(final ClosedReason reason)
    {
        if (!closed)
        {
            closed = true;
            LOG.error("System account internal client closed: {}", reason.text());
        }
    }

    boolean isClosed()
    {
        return closed;
    }
}
