package io.torus.core.protocol;

import org.agrona.DirectBuffer;

/**
 * Receives the operations a {@link ProtocolParser} decodes from one client connection. Arguments are slices of
 * buffers owned by the parser (the read buffer, or its scratch when an operation spans reads): valid only during the
 * call, copy what must outlive it.
 * <p>
 * Each method returns false when the connection has been closed as a result, which stops the parser.
 */
public interface ClientOpHandler
{
    boolean onConnect(DirectBuffer buf, int off, int len);

    /**
     * A PUB (headerLength &lt; 0) or HPUB (headerLength &ge; 0). The payload region holds the headers followed by the
     * body, {@code totalLength} bytes in all.
     */
    boolean onPublish(
        DirectBuffer argBuf, int subjectOff, int subjectLen, int replyOff, int replyLen,
        DirectBuffer payloadBuf, int payloadOff, int headerLength, int totalLength);

    /** queueLen is 0 for a plain subscription. */
    boolean onSubscribe(DirectBuffer buf, int subjectOff, int subjectLen, int queueOff, int queueLen, int sidOff, int sidLen);

    /** max is -1 when absent. */
    boolean onUnsubscribe(DirectBuffer buf, int sidOff, int sidLen, long max);

    boolean onPing();

    boolean onPong();

    /**
     * A violation the connection does not survive: send {@code -ERR 'errText'} when errText is not null (the Go server
     * closes some connections silently), log {@code logText}, close.
     */
    void onProtocolViolation(String errText, String logText);

    /** An error the connection survives (the Go server sends -ERR and goes on), e.g. pedantic subject checks. */
    boolean onProtocolWarning(String errText);

    /**
     * Only while the parser traces ({@link ProtocolParser#trace(boolean)}): an operation was read, before it is
     * handled, with its raw argument ({@code len < 0} for none: PING, PONG), as Go's {@code traceInOp}.
     */
    default void traceIn(String op, DirectBuffer arg, int off, int len)
    {
    }

    /** Only while the parser traces: a message's payload (headers and body), before {@link #onPublish}. */
    default void tracePayload(DirectBuffer buf, int off, int len)
    {
    }
}
