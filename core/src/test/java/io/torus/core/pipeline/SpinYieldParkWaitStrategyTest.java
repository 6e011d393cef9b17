package io.torus.core.pipeline;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SpinYieldParkWaitStrategyTest
{
    static final class Slot
    {
        int producer;
        int seq;
    }

    @Test
    void shouldDeliverEveryEventInOrderPerProducerWhileTheStageKeepsParking() throws Exception
    {
        final int producers = 4;
        final int events = 20_000;
        final Disruptor<Slot> disruptor = new Disruptor<>(Slot::new, 64, r -> new Thread(r, "stage"),
            ProducerType.MULTI, new SpinYieldParkWaitStrategy(TimeUnit.MICROSECONDS.toNanos(50)));
        final int[] next = new int[producers];
        final CountDownLatch done = new CountDownLatch(producers * events);
        final AtomicReference<String> failure = new AtomicReference<>();
        disruptor.handleEventsWith((slot, sequence, endOfBatch) ->
        {
            if (next[slot.producer] != slot.seq)
            {
                failure.compareAndSet(null, "producer " + slot.producer + " expected " + next[slot.producer] +
                    " got " + slot.seq);
            }
            next[slot.producer] = slot.seq + 1;
            done.countDown();
        });
        final RingBuffer<Slot> ring = disruptor.start();
        final Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++)
        {
            final int id = p;
            threads[p] = new Thread(() ->
            {
                for (int i = 0; i < events; i++)
                {
                    final long s = ring.next();
                    final Slot slot = ring.get(s);
                    slot.producer = id;
                    slot.seq = i;
                    ring.publish(s);
                    if (i % 2000 == 0)
                    {
                        // Long enough for the stage to spin, yield and park: the next publish must wake it.
                        LockSupport.parkNanos(2_000_000);
                    }
                }
            });
            threads[p].start();
        }
        assertTrue(done.await(20, TimeUnit.SECONDS), "all events consumed; left " + done.getCount());
        assertNull(failure.get());
        for (int p = 0; p < producers; p++)
        {
            assertEquals(events, next[p]);
        }
        final long start = System.nanoTime();
        disruptor.shutdown(5, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "a parked stage wakes up to shut down");
    }
}
