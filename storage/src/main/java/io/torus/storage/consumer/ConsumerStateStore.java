package io.torus.storage.consumer;

/**
 * Durable state of one consumer, the operations of the Go server's {@code ConsumerStore}.
 *
 * <p>Threading: single writer, the consumer's own stage; {@link #state()} may be called from any thread
 * (implementations synchronise).
 */
public interface ConsumerStateStore extends AutoCloseable
{
    /** Start a new consumer at stream sequence {@code streamSeq}: delivered and ack floor point just below it. */
    void setStarting(long streamSeq);

    /** Record delivery {@code deliverySeq} of stream message {@code streamSeq}, delivered {@code count} times. */
    void updateDelivered(long deliverySeq, long streamSeq, long count, long timestampNanos);

    /** Record the ack of delivery {@code deliverySeq} / stream message {@code streamSeq}; moves the ack floor. */
    void updateAcks(long deliverySeq, long streamSeq);

    /** Replace the whole state (clustered catch-up). */
    void update(ConsumerState state);

    /** A copy of the current state. */
    ConsumerState state();

    /** Make the state durable (no-op in memory). */
    void flush();

    /** Close and remove the consumer's files. */
    void delete();

    @Override
    void close();
}
