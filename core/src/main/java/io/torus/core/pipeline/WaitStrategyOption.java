package io.torus.core.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How pipeline stages wait for work ({@code --wait_strategy}). Phased back-off is the default: it spins briefly,
 * then yields, then blocks, so an idle server costs no CPU while a busy one avoids the lock. Busy-spin burns a core
 * per stage and is only for machines with cores to spare.
 */
public enum WaitStrategyOption
{
    /** Spin, yield for 200 us, then park; publishers unpark a parked stage (the default). */
    PHASED,
    /** The Disruptor's phased back-off over its lite-blocking lock. */
    PHASED_LOCK,
    BLOCKING,
    SLEEPING,
    YIELDING,
    BUSY_SPIN;

    public static WaitStrategyOption parse(final String name)
    {
        try
        {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("unknown wait strategy '" + name +
                "' (phased, phased_lock, blocking, sleeping, yielding, busy_spin)");
        }
    }

    public WaitStrategy create()
    {
        switch (this)
        {
            case BLOCKING: return new BlockingWaitStrategy();
            case SLEEPING: return new SleepingWaitStrategy();
            case YIELDING: return new YieldingWaitStrategy();
            case BUSY_SPIN: return new BusySpinWaitStrategy();
            case PHASED_LOCK: return PhasedBackoffWaitStrategy.withLiteLock(20, 200, TimeUnit.MICROSECONDS);
            default: return new SpinYieldParkWaitStrategy(TimeUnit.MICROSECONDS.toNanos(200));
        }
    }

    public String displayName()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
