package io.torus.io;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.torus.core.server.ClientChannel;
import io.torus.core.server.ClosedReason;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client connection's socket as the core sees it. {@link #send} is called by the matching thread once per ring
 * batch: the bytes are copied into a pooled direct buffer behind an 8-byte ingress timestamp (stripped again by
 * {@link WriteLatencyHandler}) and queued; one drain task per wake-up writes everything queued and flushes once, so
 * while the event loop is busy, several batches leave in one syscall.
 * <p>
 * Single producer (the matching thread), single consumer (the connection's event loop).
 */
final class NettyClientChannel implements ClientChannel
{
    /** Batches waiting for the event loop; a connection this far behind is a slow consumer. */
    private static final int MAX_QUEUED_BATCHES = 4096;

    private final Channel channel;
    private final ClientConnectionHandler handler;
    private final OneToOneConcurrentArrayQueue<ByteBuf> queue = new OneToOneConcurrentArrayQueue<>(MAX_QUEUED_BATCHES);
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Runnable drainTask = this::drain;
    /** Matching thread only: a view over the destination buffer's memory. */
    private final UnsafeBuffer target = new UnsafeBuffer(0, 0);

    NettyClientChannel(final Channel channel, final ClientConnectionHandler handler)
    {
        this.channel = channel;
        this.handler = handler;
    }

    @Override
    public void send(final DirectBuffer buf, final int off, final int len, final long ingressNanos)
    {
        if (!channel.isActive())
        {
            return;
        }
        final ByteBuf out = channel.alloc().directBuffer(len + WriteLatencyHandler.STAMP_LENGTH);
        out.writeLong(ingressNanos);
        final int at = out.writerIndex();
        if (out.hasMemoryAddress())
        {
            target.wrap(out.memoryAddress() + at, len);
            target.putBytes(0, buf, off, len);
            out.writerIndex(at + len);
        }
        else
        {
            final byte[] copy = new byte[len];
            buf.getBytes(off, copy);
            out.writeBytes(copy);
        }
        if (!queue.offer(out))
        {
            out.release();
            close(ClosedReason.SLOW_CONSUMER_PENDING_BYTES);
            return;
        }
        queuedBytes.addAndGet(len);
        if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true))
        {
            channel.eventLoop().execute(drainTask);
        }
    }

    /** Event loop: write everything queued, flush once. */
    private void drain()
    {
        drainScheduled.set(false);
        ByteBuf b;
        boolean wrote = false;
        long bytes = 0;
        while ((b = queue.poll()) != null)
        {
            bytes += b.readableBytes() - WriteLatencyHandler.STAMP_LENGTH;
            if (channel.isActive())
            {
                channel.write(b, channel.voidPromise());
                wrote = true;
            }
            else
            {
                b.release();
            }
        }
        queuedBytes.addAndGet(-bytes);
        if (wrote)
        {
            channel.flush();
        }
    }

    @Override
    public long pendingBytes()
    {
        final ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return queuedBytes.get() + (outbound == null ? 0 : outbound.totalPendingWriteBytes());
    }

    @Override
    public void close(final ClosedReason reason)
    {
        // After the drain already scheduled, if any: tasks run in order on the event loop.
        channel.eventLoop().execute(() ->
        {
            drain();
            handler.close(reason);
        });
    }
}
