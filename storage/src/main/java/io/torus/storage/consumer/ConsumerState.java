package io.torus.storage.consumer;

import org.agrona.collections.Long2LongHashMap;

/**
 * A consumer's durable position, as the Go server's {@code ConsumerState}: delivered and ack-floor sequence pairs
 * (consumer sequence, stream sequence), the pending acks keyed by stream sequence with their delivery sequence and
 * delivery time, and the redelivery counts. Mutable; {@link ConsumerStateStore#state()} returns a copy.
 */
public final class ConsumerState
{
    public long deliveredConsumerSeq;
    public long deliveredStreamSeq;
    public long ackFloorConsumerSeq;
    public long ackFloorStreamSeq;
    /** stream sequence -> consumer (delivery) sequence of the pending ack. */
    public final Long2LongHashMap pendingDeliverySeq = new Long2LongHashMap(0);
    /** stream sequence -> delivery time (epoch nanos) of the pending ack. */
    public final Long2LongHashMap pendingTimestamp = new Long2LongHashMap(0);
    /** stream sequence -> times redelivered (delivery count - 1). */
    public final Long2LongHashMap redelivered = new Long2LongHashMap(0);

    public void copyTo(final ConsumerState to)
    {
        to.deliveredConsumerSeq = deliveredConsumerSeq;
        to.deliveredStreamSeq = deliveredStreamSeq;
        to.ackFloorConsumerSeq = ackFloorConsumerSeq;
        to.ackFloorStreamSeq = ackFloorStreamSeq;
        to.pendingDeliverySeq.clear();
        to.pendingDeliverySeq.putAll(pendingDeliverySeq);
        to.pendingTimestamp.clear();
        to.pendingTimestamp.putAll(pendingTimestamp);
        to.redelivered.clear();
        to.redelivered.putAll(redelivered);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof ConsumerState s && s.deliveredConsumerSeq == deliveredConsumerSeq &&
            s.deliveredStreamSeq == deliveredStreamSeq && s.ackFloorConsumerSeq == ackFloorConsumerSeq &&
            s.ackFloorStreamSeq == ackFloorStreamSeq && s.pendingDeliverySeq.equals(pendingDeliverySeq) &&
            s.pendingTimestamp.equals(pendingTimestamp) && s.redelivered.equals(redelivered);
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(deliveredStreamSeq * 31 + ackFloorStreamSeq);
    }

    @Override
    public String toString()
    {
        return "ConsumerState{delivered=" + deliveredConsumerSeq + "/" + deliveredStreamSeq + ", ackFloor=" +
            ackFloorConsumerSeq + "/" + ackFloorStreamSeq + ", pending=" + pendingDeliverySeq + ", redelivered=" +
            redelivered + '}';
    }
}
