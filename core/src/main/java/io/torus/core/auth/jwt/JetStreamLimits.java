package io.torus.core.auth.jwt;

/**
 * JetStream limits of an account (jwt v2 JetStreamLimits); 0 for memory and disk storage means JetStream is off,
 * -1 means no limit.
 */
public record JetStreamLimits(long memoryStorage, long diskStorage, long streams, long consumer, long maxAckPending,
                              long memoryMaxStreamBytes, long diskMaxStreamBytes, boolean maxBytesRequired)
{
    public static final JetStreamLimits NONE = new JetStreamLimits(0, 0, 0, 0, 0, 0, 0, false);
}
