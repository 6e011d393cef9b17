package io.torus.perf.storage;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import io.torus.storage.BlockCompression;
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
 * <p>Run: {@code java -cp perf/target/benchmarks.jar io.torus.perf.storage.StoreRecoveryBenchmark 10000000 [dir]
 * [NONE|LZ4] [zeros|json|random] [cold]}. With {@code LZ4} every sealed block is compressed after the fill (timed,
 * with the space saved). With {@code cold} the page cache is dropped ({@code sync; echo 3 >
 * /proc/sys/vm/drop_caches}, needs root) before every reopen, so the reopens read from the disk.
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
        final Path dir = args.length > 1 && !args[1].equals("-") ? Path.of(args[1]) :
            Files.createTempDirectory("torus-recovery");
        final BlockCompression compression =
            args.length > 2 ? BlockCompression.valueOf(args[2]) : BlockCompression.NONE;
        final UnsafeBuffer[] payloads = Payloads.of(args.length > 3 ? args[3] : "zeros", 128);
        final boolean cold = args.length > 4 && args[4].equals("cold");
        final StreamConfig config = new StreamConfig().compression(compression);
        System.out.printf("compression=%s payload=%s cache=%s%n", compression, args.length > 3 ? args[3] : "zeros",
            cold ? "cold" : "warm");
        final UnsafeBuffer[] subjects = new UnsafeBuffer[1000];
        for (int i = 0; i < subjects.length; i++)
        {
            subjects[i] = new UnsafeBuffer(String.format("orders.region.%04d", i).getBytes());
        }
        // Filled uncompressed, so the space saved and the time to compress are measured on the whole stream.
        BlockFileStore store = BlockFileStore.open(dir, new StreamConfig());
        final long heapBefore = usedHeap();
        final long t0 = System.nanoTime();
        for (long i = 0; i < n; i++)
        {
            final UnsafeBuffer s = subjects[(int)(i % subjects.length)];
            final UnsafeBuffer payload = payloads[(int)(i & (Payloads.VARIANTS - 1))];
            store.append(s, 0, s.capacity(), payload, 0, 0, payload, 0, 128, 0, 0);
        }
        final long appendNanos = System.nanoTime() - t0;
        final long heapAfter = usedHeap();
        System.out.printf("messages=%d append=%.0f msg/s blocks=%d heapGrowth=%d bytes (%.4f bytes/msg)%n", n,
            n * 1e9 / appendNanos, store.blockCount(), heapAfter - heapBefore,
            (heapAfter - heapBefore) / (double)n);
        final long plainBytes = diskBytes(dir);
        if (compression != BlockCompression.NONE)
        {
            store.close();
            store = BlockFileStore.open(dir, config);
            final long c0 = System.nanoTime();
            store.compressSealedBlocks(Integer.MAX_VALUE);
            // The store's background thread compresses too: wait until every sealed block is done.
            while (store.compressedBlockCount() < store.blockCount() - 1 && System.nanoTime() - c0 < 600_000_000_000L)
            {
                Thread.sleep(1);
            }
            final int compressed = store.compressedBlockCount();
            final long compressNanos = System.nanoTime() - c0;
            final long compressedBytes = diskBytes(dir);
            System.out.printf("compressed %d of %d blocks in %.3f s wall, caller and background thread " +
                "(%.0f MB/s): %d -> %d bytes " +
                "on disk (%.1f %% saved)%n", compressed, store.blockCount(), compressNanos / 1e9,
                plainBytes / 1e6 / (compressNanos / 1e9), plainBytes, compressedBytes,
                100.0 * (plainBytes - compressedBytes) / plainBytes);
        }
        store.close();

        for (int round = 1; round <= 2; round++)
        {
            if (cold)
            {
                dropPageCache();
            }
            long t = System.nanoTime();
            store = BlockFileStore.open(dir, config);
            final long trusted = System.nanoTime() - t;
            check(store, n);
            System.out.printf("round %d: reopen with intact indexes %.3f s (%s)%n", round, trusted / 1e9,
                store.recoveryReport());
            store.close();

            Files.delete(dir.resolve(BlockDescriptor.CLEAN_FILE));
            if (cold)
            {
                dropPageCache();
            }
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

    private static long diskBytes(final Path dir) throws java.io.IOException
    {
        // Allocated blocks, not apparent sizes: a preallocated tail counts as what it holds on disk.
        final Process p = new ProcessBuilder("du", "-s", "-B1", dir.toString()).start();
        final String out = new String(p.getInputStream().readAllBytes()).trim();
        try
        {
            p.waitFor();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return Long.parseLong(out.split("\\s+")[0]);
    }

    private static void dropPageCache() throws Exception
    {
        final Process p = new ProcessBuilder("sh", "-c", "sync; echo 3 > /proc/sys/vm/drop_caches").inheritIO().start();
        if (p.waitFor() != 0)
        {
            throw new IllegalStateException("cannot drop the page cache (root needed)");
        }
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
