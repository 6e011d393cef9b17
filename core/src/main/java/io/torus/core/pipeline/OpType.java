package io.torus.core.pipeline;

/** The operations that travel through the ingress ring, in the order a connection sent them. */
public enum OpType
{
    CONNECT,
    PUBLISH,
    SUBSCRIBE,
    UNSUBSCRIBE,
    PING,
    /** An -ERR to send; closes the connection when {@link OpEvent#closeReason} is set. */
    ERROR,
    /** The connection has gone: drop its subscriptions. */
    CLOSED,
    /** A slot claimed for a read that turned out to hold fewer operations: nothing to do. */
    NOOP
}
