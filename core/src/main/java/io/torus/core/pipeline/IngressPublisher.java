package io.torus.core.pipeline;

import com.lmax.disruptor.RingBuffer;
import io.torus.core.protocol.ConnectOptions;
import io.torus.core.server.ClientConnection;
import io.torus.core.server.ClosedReason;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The producer side of the ingress ring: I/O threads copy each parsed operation into the next slot and publish it.
 * Claims a slot with {@code next()}, which waits when the ring is full, so a flooding connection slows its own event
 * loop instead of growing memory (the io layer also turns off reading while the ring is nearly full).
 * Allocation-free; thread-safe for many producers.
 */
public final class IngressPublisher
{
    private final RingBuffer<OpEvent> ring;

    public IngressPublisher(final RingBuffer<OpEvent> ring)
    {
        this.ring = ring;
    }

    /** Fraction of the ring that is free, 0..1. */
    public double freeRatio()
    {
        return (double)ring.remainingCapacity() / ring.getBufferSize();
    }

    public void publishConnect(final ClientConnection connection, final ConnectOptions options)
    {
        final long seq = ring.next();
        try
        {
            final OpEvent e = begin(seq, OpType.CONNECT, connection);
            e.attachment = options;
        }
        finally
        {
            ring.publish(seq);
        }
    }

    public void publishMessage(
        final ClientConnection connection,
        final DirectBuffer argBuf, final int subjectOff, final int subjectLen, final int replyOff, final int replyLen,
        final DirectBuffer payloadBuf, final int payloadOff, final int headerLen, final int totalLen)
    {
        final long seq = ring.next();
        try
        {
            final OpEvent e = begin(seq, OpType.PUBLISH, connection);
            final ExpandableArrayBuffer data = e.data;
            data.putBytes(0, argBuf, subjectOff, subjectLen);
            e.subjectOff = 0;
            e.subjectLen = subjectLen;
            int pos = subjectLen;
            if (replyLen > 0)
            {
                data.putBytes(pos, argBuf, replyOff, replyLen);
            }
            e.replyOff = pos;
            e.replyLen = replyLen;
            pos += replyLen;
            data.putBytes(pos, payloadBuf, payloadOff, totalLen);
            e.payloadOff = pos;
            e.headerLen = headerLen;
            e.totalLen = totalLen;
        }
        finally
        {
            ring.publish(seq);
        }
    }

    public void publishSubscribe(
        final ClientConnection connection, final DirectBuffer buf, final int subjectOff, final int subjectLen,
        final int queueOff, final int queueLen, final int sidOff, final int sidLen)
    {
        final long seq = ring.next();
        try
        {
            final OpEvent e = begin(seq, OpType.SUBSCRIBE, connection);
            final ExpandableArrayBuffer data = e.data;
            data.putBytes(0, buf, subjectOff, subjectLen);
            e.subjectOff = 0;
            e.subjectLen = subjectLen;
            data.putBytes(subjectLen, buf, queueOff, queueLen);
            e.queueOff = subjectLen;
            e.queueLen = queueLen;
            data.putBytes(subjectLen + queueLen, buf, sidOff, sidLen);
            e.sidOff = subjectLen + queueLen;
            e.sidLen = sidLen;
        }
        finally
        {
            ring.publish(seq);
        }
    }

    public void publishUnsubscribe(
        final ClientConnection connection, final DirectBuffer buf, final int sidOff, final int sidLen, final long max)
    {
        final long seq = ring.next();
        try
        {
            final OpEvent e = begin(seq, OpType.UNSUBSCRIBE, connection);
            e.data.putBytes(0, buf, sidOff, sidLen);
            e.sidOff = 0;
            e.sidLen = sidLen;
            e.max = max;
        }
        finally
        {
            ring.publish(seq);
        }
    }

    public void publishPing(final ClientConnection connection)
    {
        final long seq = ring.next();
        try
        {
            begin(seq, OpType.PING, connection);
        }
        finally
        {
            ring.publish(seq);
        }
    }

    /**
     * An -ERR to send in order with everything before it (no -ERR when text is null); with a reason, the connection
     * is then closed.
     */
    public void publishError(final ClientConnection connection, final String text, final ClosedReason closeReason)
    {
        final long seq = ring.next();
        try
        {
            final OpEvent e = begin(seq, OpType.ERROR, connection);
            e.attachment = text;
            e.closeReason = closeReason;
        }
        finally
        {
            ring.publish(seq);
        }
    }

    public void publishClosed(final ClientConnection connection)
    {
        final long seq = ring.next();
        try
        {
            begin(seq, OpType.CLOSED, connection);
        }
        finally
        {
            ring.publish(seq);
        }
    }

    private OpEvent begin(final long seq, final OpType type, final ClientConnection connection)
    {
        final OpEvent e = ring.get(seq);
        e.type = type;
        e.connection = connection;
        e.ingressNanos = System.nanoTime();
        e.attachment = null;
        e.closeReason = null;
        e.headerLen = -1;
        e.replyLen = 0;
        e.queueLen = 0;
        return e;
    }
}
