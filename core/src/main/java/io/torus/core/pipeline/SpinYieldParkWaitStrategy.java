package io.torus.core.pipeline;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Spins briefly, then yields, then parks; publishers wake a parked stage with {@code unpark}. Unlike the Disruptor's
 * lock-based strategies, a publish costs one volatile read while the stage is awake: the lite-blocking strategy pays
 * an atomic exchange per publish, which showed up as the top frame on the I/O thread in profiles.
 * <p>
 * No wake-up is lost: a stage announces itself in {@link #sleeping} before it re-checks the sequence and parks, and
 * a publisher advances the sequence before it reads {@link #sleeping}; both are volatile, so one of them sees the
 * other. Parking is bounded anyway, as a safety net.
 */
public final class SpinYieldParkWaitStrategy implements WaitStrategy
{
    private static final int SPIN_TRIES = 200;
    private static final long MAX_PARK_NANOS = 1_000_000;

    private final long yieldNanos;
    private final AtomicInteger sleeping = new AtomicInteger();
    private volatile Thread[] waiters = new Thread[0];

    public SpinYieldParkWaitStrategy(final long yieldNanos)
    {
        this.yieldNanos = yieldNanos;
    }

    @Override
    public long waitFor(
        final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException
    {
        long available = dependentSequence.get();
        if (available >= sequence)
        {
            return available;
        }
        int spins = 0;
        long yieldDeadline = 0;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            if (spins < SPIN_TRIES)
            {
                spins++;
                Thread.onSpinWait();
            }
            else if (yieldDeadline == 0)
            {
                yieldDeadline = System.nanoTime() + yieldNanos;
                Thread.yield();
            }
            else if (System.nanoTime() < yieldDeadline)
            {
                Thread.yield();
            }
            else
            {
                register(Thread.currentThread());
                sleeping.incrementAndGet();
                try
                {
                    if (dependentSequence.get() < sequence && !barrier.isAlerted())
                    {
                        LockSupport.parkNanos(this, MAX_PARK_NANOS);
                    }
                }
                finally
                {
                    sleeping.decrementAndGet();
                }
            }
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking()
    {
        if (sleeping.get() != 0)
        {
            for (final Thread t : waiters)
            {
                LockSupport.unpark(t);
            }
        }
    }

    private void register(final Thread thread)
    {
        final Thread[] current = waiters;
        for (final Thread t : current)
        {
            if (t == thread)
            {
                return;
            }
        }
        synchronized (this)
        {
            final Thread[] now = waiters;
            final Thread[] grown = java.util.Arrays.copyOf(now, now.length + 1);
            grown[now.length] = thread;
            waiters = grown;
        }
    }
}
