package io.torus.core.server;

import org.agrona.DirectBuffer;

/**
 * The network edge of one client connection, as the core sees it. Implemented by the io module over a Netty channel.
 * Called by the matching thread; implementations hand the bytes to the connection's event loop.
 */
public interface ClientChannel
{
    /**
     * Queues {@code len} bytes for the socket; they are copied before this returns. {@code ingressNanos} is the parse
     * time of the oldest operation that produced them, for the ingress-to-write latency histogram.
     */
    void send(DirectBuffer buf, int off, int len, long ingressNanos);

    /** Bytes queued for this connection that the socket has not taken yet. */
    long pendingBytes();

    /** Flushes what was sent, then closes. Idempotent. */
    void close(ClosedReason reason);
}
