package io.torus.storage.consumer;

import io.torus.storage.StoreException;

/**
 * Consumer state held in memory; the base of {@link FileConsumerStateStore}. Methods are synchronized: one writer,
 * readers of {@link #state()} on other threads.
 */
public class MemoryConsumerStateStore implements ConsumerStateStore
{
    protected final ConsumerState state = new ConsumerState();
    private final boolean explicitAck;
    protected boolean closed;

    /** @param explicitAck false for ack policy none: nothing is pending, the ack floor follows deliveries. */
    public MemoryConsumerStateStore(final boolean explicitAck)
    {
        this.explicitAck = explicitAck;
    }

    protected void changed()
    {
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new StoreException(StoreException.Reason.CLOSED, "consumer store is closed");
        }
    }

    @Override
    public synchronized void setStarting(final long streamSeq)
    {
        checkOpen();
        state.deliveredStreamSeq = Math.max(0, streamSeq - 1);
        state.ackFloorStreamSeq = Math.max(0, streamSeq - 1);
        changed();
    }

    @Override
    public synchronized void updateDelivered(
        final long deliverySeq, final long streamSeq, final long count, final long timestampNanos)
    {
        checkOpen();
        if (count != 1 && !explicitAck)
        {
            throw new StoreException(StoreException.Reason.INVALID_ARGUMENT, "redelivery with ack policy none");
        }
        if (deliverySeq <= state.ackFloorConsumerSeq)
        {
            return; // an old update replayed after a restart
        }
        if (explicitAck)
        {
            if (state.pendingDeliverySeq.containsKey(streamSeq))
            {
                // Keep the original delivery sequence; only the time moves.
                state.pendingTimestamp.put(streamSeq, timestampNanos);
            }
            else
            {
                state.pendingDeliverySeq.put(streamSeq, deliverySeq);
                state.pendingTimestamp.put(streamSeq, timestampNanos);
            }
            if (count > 1)
            {
                state.redelivered.put(streamSeq, count - 1);
            }
        }
        else
        {
            state.ackFloorConsumerSeq = deliverySeq;
            state.ackFloorStreamSeq = streamSeq;
        }
        state.deliveredConsumerSeq = Math.max(state.deliveredConsumerSeq, deliverySeq);
        state.deliveredStreamSeq = Math.max(state.deliveredStreamSeq, streamSeq);
        changed();
    }

    @Override
    public synchronized void updateAcks(final long deliverySeq, final long streamSeq)
    {
        checkOpen();
        if (!explicitAck)
        {
            throw new StoreException(StoreException.Reason.INVALID_ARGUMENT, "ack policy is none");
        }
        if (deliverySeq <= state.ackFloorConsumerSeq)
        {
            return;
        }
        if (!state.pendingDeliverySeq.containsKey(streamSeq))
        {
            state.redelivered.remove(streamSeq);
            return;
        }
        state.pendingDeliverySeq.remove(streamSeq);
        state.pendingTimestamp.remove(streamSeq);
        state.redelivered.remove(streamSeq);
        if (state.pendingDeliverySeq.isEmpty())
        {
            state.ackFloorConsumerSeq = state.deliveredConsumerSeq;
            state.ackFloorStreamSeq = state.deliveredStreamSeq;
        }
        else if (deliverySeq == state.ackFloorConsumerSeq + 1)
        {
            state.ackFloorConsumerSeq = deliverySeq;
            state.ackFloorStreamSeq = streamSeq;
            // The floor stops just below the oldest message still pending.
            for (long s = streamSeq + 1; s <= state.deliveredStreamSeq; s++)
            {
                final long pendingDelivery = state.pendingDeliverySeq.get(s);
                if (pendingDelivery != 0)
                {
                    state.ackFloorConsumerSeq = pendingDelivery - 1;
                    state.ackFloorStreamSeq = s - 1;
                    break;
                }
            }
        }
        changed();
    }

    @Override
    public synchronized void update(final ConsumerState newState)
    {
        checkOpen();
        newState.copyTo(state);
        changed();
    }

    @Override
    public synchronized ConsumerState state()
    {
        final ConsumerState copy = new ConsumerState();
        state.copyTo(copy);
        return copy;
    }

    @Override
    public void flush()
    {
    }

    @Override
    public synchronized void delete()
    {
        close();
    }

    @Override
    public synchronized void close()
    {
        closed = true;
    }
}
