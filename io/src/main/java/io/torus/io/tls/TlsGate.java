package io.torus.io.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * First in a TLS listener's pipeline until the client's first bytes arrive, then gone: a TLS record (a handshake or
 * alert record type) puts an {@code SslHandler} in its place; anything else is either let through in plain text (with
 * {@code allow_non_tls}) or refused as Go refuses it ({@code tls: first record does not look like a TLS handshake}).
 * Event loop only.
 */
public final class TlsGate extends ChannelInboundHandlerAdapter
{
    /** What the connection does with the gate's decision. */
    public interface Listener
    {
        /** The client spoke first: cancel anything waiting for it (handshake-first fallback). */
        void onFirstBytes();

        /** Plain text allowed and chosen by the client. */
        void onPlainText();

        /** Plain text on a port that requires TLS. */
        void onNotTls(String goError);
    }

    private static final int RECORD_HANDSHAKE = 0x16;
    private static final int RECORD_ALERT = 0x15;

    private final ServerTls tls;
    private final boolean allowPlain;
    private final Listener listener;

    public TlsGate(final ServerTls tls, final boolean allowPlain, final Listener listener)
    {
        this.tls = tls;
        this.allowPlain = allowPlain;
        this.listener = listener;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        final ByteBuf buf = (ByteBuf)msg;
        if (!buf.isReadable())
        {
            buf.release();
            return;
        }
        listener.onFirstBytes();
        final int first = buf.getUnsignedByte(buf.readerIndex());
        // As Go with allow_non_tls: the first byte decides; without it, a handshake (or alert) record type.
        final boolean tlsRecord = first == RECORD_HANDSHAKE || (!allowPlain && first == RECORD_ALERT);
        if (tlsRecord)
        {
            ctx.pipeline().addAfter(ctx.name(), "tls", tls.newHandler(ctx.alloc()));
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(buf);
        }
        else if (allowPlain)
        {
            ctx.pipeline().remove(this);
            listener.onPlainText();
            ctx.fireChannelRead(buf);
        }
        else
        {
            buf.release();
            ctx.channel().config().setAutoRead(false);
            listener.onNotTls("tls: first record does not look like a TLS handshake");
        }
    }
}
