package io.torus.core.pipeline;

import com.lmax.disruptor.RingBuffer;
import io.torus.core.server.ClientConnection;
import io.torus.core.server.ClosedReason;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The producer side of the ingress ring for one connection: its I/O thread copies each parsed operation into the
 * next slot. Within a read ({@link #beginRead} .. {@link #endRead}) slots are claimed in runs sized from the bytes
 * read and published together at the end, so a read of a hundred small PUBs costs one claim on the shared sequence
 * instead of a hundred; slots a run did not need are published as {@link OpType#NOOP}. Outside a read, each
 * operation is claimed and published on its own. Claiming waits when the ring is full, so a flooding connection slows
 * its own event loop instead of growing memory (the io layer also turns off reading while the ring is nearly full).
 * A run is always published before the next is claimed, so a producer never waits while holding slots.
 * <p>
 * Not thread-safe: one per connection, used by its I/O thread only. Allocation-free.
 */
public final class IngressPublisher
{
    /** The smallest operation ("PING\r\n" or a PUB of a one-letter subject) is about this long. */
    private static final int MIN_OP_BYTES = 16;
    private static final int MAX_RUN = 64;

    private final RingBuffer<OpEvent> ring;
    /** Runs stay a small part of the ring, so one connection's claim never needs the whole ring free. */
    private final int maxRun;
    private boolean inRead;
    private int runHint;
    private long readNanos;
    private long runStart = -1;
    private long runNext;
    private long runEnd = -1;

    public IngressPublisher(final RingBuffer<OpEvent> ring)
    {
        this.ring = ring;
        this.maxRun = Math.max(1, Math.min(MAX_RUN, ring.getBufferSize() / 8));
    }

    /** Operations parsed until {@link #endRead} are published together, stamped with the time of this read. */
    public void beginRead(final int bytes)
    {
        inRead = true;
        runHint = Math.max(1, Math.min(maxRun, bytes / MIN_OP_BYTES));
        readNanos = System.nanoTime();
    }

    /** Publishes what this read produced; unused claimed slots become NOOPs. */
    public void endRead()
    {
        inRead = false;
        publishRun();
    }

    /** Fraction of the ring that is free, 0..1. */
    public double freeRatio()
    {
        return (double)ring.remainingCapacity() / ring.getBufferSize();
    }

    public void publishConnect(final ClientConnection connection, final ConnectCommand command)
    {
        final long seq = claim();
        try
        {
            final OpEvent e = begin(seq, OpType.CONNECT, connection);
            e.attachment = command;
        }
        finally
        {
            published(seq);
        }
    }

    public void publishMessage(
        final ClientConnection connection,
        final DirectBuffer argBuf, final int subjectOff, final int subjectLen, final int replyOff, final int replyLen,
        final DirectBuffer payloadBuf, final int payloadOff, final int headerLen, final int totalLen)
    {
        publishMessage(connection, argBuf, subjectOff, subjectLen, replyOff, replyLen, payloadBuf, payloadOff,
            headerLen, totalLen, false);
    }

    /**
     * @param responseCheck the publisher's permissions denied the subject, but it may be a response it is allowed to
     *                      send (allow_responses): the matching stage, which tracks the replies, decides
     */
    public void publishMessage(
        final ClientConnection connection,
        final DirectBuffer argBuf, final int subjectOff, final int subjectLen, final int replyOff, final int replyLen,
        final DirectBuffer payloadBuf, final int payloadOff, final int headerLen, final int totalLen,
        final boolean responseCheck)
    {
        final long seq = claim();
        try
        {
            final OpEvent e = begin(seq, OpType.PUBLISH, connection);
            e.responseCheck = responseCheck;
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
            published(seq);
        }
    }

    public void publishSubscribe(
        final ClientConnection connection, final DirectBuffer buf, final int subjectOff, final int subjectLen,
        final int queueOff, final int queueLen, final int sidOff, final int sidLen)
    {
        final long seq = claim();
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
            published(seq);
        }
    }

    public void publishUnsubscribe(
        final ClientConnection connection, final DirectBuffer buf, final int sidOff, final int sidLen, final long max)
    {
        final long seq = claim();
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
            published(seq);
        }
    }

    public void publishPing(final ClientConnection connection)
    {
        publishBare(OpType.PING, connection);
    }

    /**
     * An -ERR to send in order with everything before it (no -ERR when text is null); with a reason, the connection
     * is then closed.
     */
    public void publishError(final ClientConnection connection, final String text, final ClosedReason closeReason)
    {
        final long seq = claim();
        try
        {
            final OpEvent e = begin(seq, OpType.ERROR, connection);
            e.attachment = text;
            e.closeReason = closeReason;
        }
        finally
        {
            published(seq);
        }
    }

    public void publishClosed(final ClientConnection connection)
    {
        publishBare(OpType.CLOSED, connection);
    }

    /** An operation that carries nothing but its type and connection. */
    private void publishBare(final OpType type, final ClientConnection connection)
    {
        final long seq = claim();
        try
        {
            begin(seq, type, connection);
        }
        finally
        {
            published(seq);
        }
    }

    private long claim()
    {
        if (!inRead)
        {
            return ring.next();
        }
        if (runNext > runEnd)
        {
            publishRun();
            runEnd = ring.next(runHint);
            runStart = runEnd - runHint + 1;
            runNext = runStart;
        }
        return runNext++;
    }

    private void published(final long seq)
    {
        if (!inRead)
        {
            ring.publish(seq);
        }
    }

    private void publishRun()
    {
        if (runStart < 0)
        {
            return;
        }
        for (long s = runNext; s <= runEnd; s++)
        {
            final OpEvent e = ring.get(s);
            e.type = OpType.NOOP;
            e.connection = null;
            e.attachment = null;
        }
        ring.publish(runStart, runEnd);
        runStart = -1;
        runEnd = -1;
        runNext = 0;
    }

    private OpEvent begin(final long seq, final OpType type, final ClientConnection connection)
    {
        final OpEvent e = ring.get(seq);
        e.type = type;
        e.connection = connection;
        e.ingressNanos = inRead ? readNanos : System.nanoTime();
        e.attachment = null;
        e.closeReason = null;
        e.responseCheck = false;
        e.headerLen = -1;
        e.replyLen = 0;
        e.queueLen = 0;
        return e;
    }
}
