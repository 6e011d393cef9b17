package io.torus.io;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.torus.core.server.ClientChannel;
import io.torus.core.server.ClosedReason;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A client connection's socket as the core sees it. {@link #send} is called by the matching thread once per ring
 * batch: the bytes are copied into a pooled direct buffer behind an 8-byte ingress timestamp (stripped again by
 * {@link WriteLatencyHandler} on the event loop) and handed to Netty, which queues the write on the event loop.
 */
final class NettyClientChannel implements ClientChannel
{
    private final Channel channel;
    private final ClientConnectionHandler handler;
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
        channel.writeAndFlush(out, channel.voidPromise());
    }

    @Override
    public long pendingBytes()
    {
        final ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return outbound == null ? 0 : outbound.totalPendingWriteBytes();
    }

    @Override
    public void close(final ClosedReason reason)
    {
        channel.eventLoop().execute(() -> handler.close(reason));
    }
}
