package io.torus.io;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.torus.core.pipeline.PipelineLatency;

/**
 * Sits at the tail of a client pipeline, where the matching thread's writes enter: each carries an 8-byte ingress
 * timestamp, which is read, stripped and recorded as ingress-to-socket-write latency. Writes the event loop itself
 * makes (INFO, PING, -ERR) start below this handler and never pass through it.
 */
final class WriteLatencyHandler extends ChannelOutboundHandlerAdapter
{
    static final int STAMP_LENGTH = 8;
    private final PipelineLatency latency;

    WriteLatencyHandler(final PipelineLatency latency)
    {
        this.latency = latency;
    }

    @Override
    public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise)
    {
        if (msg instanceof ByteBuf)
        {
            final ByteBuf buf = (ByteBuf)msg;
            final long ingressNanos = buf.readLong();
            latency.recordIngressToWrite(System.nanoTime() - ingressNanos);
        }
        ctx.write(msg, promise);
    }
}
