package io.torus.perf.storage;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import io.torus.storage.StreamConfig;
import io.torus.storage.StreamState;
import io.torus.storage.file.BlockDescriptor;
import io.torus.storage.file.BlockFileStore;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Not JMH (one-shot timings): fill a file store with N messages of 128 bytes (1000 subjects), report append rate
 * and heap growth per message, close, then time a reopen with intact indexes and a reopen that must rebuild
 * from the blocks (clean marker deleted, as after a crash). Reopens are run twice; the second, with a warm page
 * cache, is what a restart of a live server sees.
 *
 * <p>Run: {@code java -cp perf/target/benchmarks.jar io.torus.perf.storage.StoreRecoveryBenchmark 10000000 [dir]}
 */
public final class StoreRecoveryBenchmark
{
    private StoreRecoveryBenchmark()
    {
    }

    private static long usedHeap()
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    public static void main(final String[] args) throws Exception
    {
        final long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        final Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("torus-recovery");
        final StreamConfig config = new StreamConfig();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[128]);
        final UnsafeBuffer[] subjects = new UnsafeBuffer[1000];
        for (int i = 0; i < subjects.length; i++)
        {
            subjects[i] = new UnsafeBuffer(String.format("orders.region.%04d", i).getBytes());
        }
        BlockFileStore store = BlockFileStore.open(dir, config);
        final long heapBefore = usedHeap();
        final long t0 = System.nanoTime();
        for (long i = 0; i < n; i++)
        {
            final UnsafeBuffer s = subjects[(int)(i % subjects.length)];
            store.append(s, 0, s.capacity(), payload, 0, 0, payload, 0, 128, 0, 0);
        }
        final long appendNanos = System.nanoTime() - t0;
        final long heapAfter = usedHeap();
        System.out.printf("messages=%d append=%.0f msg/s blocks=%d heapGrowth=%d bytes (%.4f bytes/msg)%n", n,
            n * 1e9 / appendNanos, store.blockCount(), heapAfter - heapBefore,
            (heapAfter - heapBefore) / (double)n);
        store.close();

        for (int round = 1; round <= 2; round++)
        {
            long t = System.nanoTime();
            store = BlockFileStore.open(dir, config);
            final long trusted = System.nanoTime() - t;
            check(store, n);
            System.out.printf("round %d: reopen with intact indexes %.3f s (%s)%n", round, trusted / 1e9,
                store.recoveryReport());
            store.close();

            Files.delete(dir.resolve(BlockDescriptor.CLEAN_FILE));
            t = System.nanoTime();
            store = BlockFileStore.open(dir, config);
            final long rebuilt = System.nanoTime() - t;
            check(store, n);
            System.out.printf("round %d: reopen rebuilding from blocks %.3f s (%s)%n", round, rebuilt / 1e9,
                store.recoveryReport());
            store.close();
        }
        store = BlockFileStore.open(dir, config);
        store.delete();
    }

    private static void check(final BlockFileStore store, final long n)
    {
        final StreamState s = new StreamState();
        store.state(s);
        if (s.msgs != n || s.lastSeq != n || s.numSubjects != 1000)
        {
            throw new IllegalStateException("bad state after reopen: " + s);
        }
    }
}
