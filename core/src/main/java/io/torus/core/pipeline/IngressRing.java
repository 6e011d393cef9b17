package io.torus.core.pipeline;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.torus.core.server.ServerStats;

import java.util.concurrent.ThreadFactory;

/**
 * The ingress ring and the stages that consume it. Today one stage, matching; the JetStream-append and route fan-out
 * stages will be added after it ({@code handleEventsWith(matching).then(jetStreamAppend, routeFanOut)}), each on its
 * own thread, reading the same preallocated events.
 */
public final class IngressRing implements AutoCloseable
{
    private final Disruptor<OpEvent> disruptor;
    private final RingBuffer<OpEvent> ring;
    private final MatchingHandler matching;
    private final WaitStrategyOption waitStrategy;

    public IngressRing(
        final int size, final WaitStrategyOption waitStrategy, final ServerStats stats, final PipelineLatency latency,
        final long maxPendingBytes)
    {
        if (Integer.bitCount(size) != 1)
        {
            throw new IllegalArgumentException("ring size must be a power of two: " + size);
        }
        this.waitStrategy = waitStrategy;
        final ThreadFactory threads = r ->
        {
            final Thread t = new Thread(r, "torus-matching");
            t.setDaemon(true);
            return t;
        };
        disruptor = new Disruptor<>(OpEvent.FACTORY, size, threads, ProducerType.MULTI, waitStrategy.create());
        matching = new MatchingHandler(stats, latency, maxPendingBytes);
        disruptor.handleEventsWith(matching);
        ring = disruptor.start();
    }

    /** A producer for one connection (see {@link IngressPublisher}: not thread-safe). */
    public IngressPublisher newPublisher()
    {
        return new IngressPublisher(ring);
    }

    public WaitStrategyOption waitStrategy()
    {
        return waitStrategy;
    }

    public int size()
    {
        return ring.getBufferSize();
    }

    public long occupancy()
    {
        return ring.getBufferSize() - ring.remainingCapacity();
    }

    /** Processes everything published so far, then stops the stage threads. */
    @Override
    public void close()
    {
        disruptor.shutdown();
    }
}
