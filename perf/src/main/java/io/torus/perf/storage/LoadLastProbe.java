package io.torus.perf.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import io.torus.storage.StoreMessage;
import io.torus.storage.StreamConfig;
import io.torus.storage.StreamStore;
import io.torus.storage.SubjectFilter;
import io.torus.storage.file.BlockFileStore;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Not JMH: load-last-by-subject through the subject's bytes and through a literal {@link SubjectFilter}, in
 * alternating 250 ms slices in one JVM, so both paths see the same neighbours' load on a shared machine (the JMH
 * runs of the two paths happen minutes apart). Same store as {@code StoreLoadBenchmark}: 1M messages of 128 B
 * over 100k subjects. Prints each path's median and range over the slices.
 *
 * <p>Run: {@code java -cp perf/target/benchmarks.jar io.torus.perf.storage.LoadLastProbe [slices]}
 */
public final class LoadLastProbe
{
    private static final int MESSAGES = 1_000_000;
    private static final int SUBJECTS = 100_000;
    private static final long SLICE_NANOS = 250_000_000L;
    private static long random = 0x9E3779B97F4A7C15L;

    private LoadLastProbe()
    {
    }

    private static int nextRandom(final int bound)
    {
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        return (int)((random >>> 1) % bound);
    }

    public static void main(final String[] args) throws Exception
    {
        final int slices = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        final Path dir = Files.createTempDirectory("torus-probe");
        final StreamStore stream = BlockFileStore.open(dir, new StreamConfig());
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[128]);
        final UnsafeBuffer[] subjects = new UnsafeBuffer[SUBJECTS];
        final SubjectFilter[] filters = new SubjectFilter[SUBJECTS];
        for (int i = 0; i < SUBJECTS; i++)
        {
            final String s = String.format("kv.bucket.key%07d", i);
            subjects[i] = new UnsafeBuffer(s.getBytes());
            filters[i] = SubjectFilter.of(s);
        }
        for (int i = 0; i < MESSAGES; i++)
        {
            final UnsafeBuffer s = subjects[i % SUBJECTS];
            stream.append(s, 0, s.capacity(), payload, 0, 0, payload, 0, 128, 0, 0);
        }
        final byte[] prefix = "kv.bucket.key".getBytes();
        final int keyLength = prefix.length + 7;
        final UnsafeBuffer request = new UnsafeBuffer(new byte[64]);
        request.putBytes(0, prefix);
        final StoreMessage msg = new StoreMessage();
        final double[] bytesRates = new double[slices];
        final double[] filterRates = new double[slices];
        for (int round = -4; round < slices; round++) // 4 rounds of warm-up
        {
            for (int path = 0; path < 2; path++)
            {
                long ops = 0;
                final long start = System.nanoTime();
                long now;
                do
                {
                    for (int i = 0; i < 1000; i++)
                    {
                        final int key = nextRandom(SUBJECTS);
                        if (path == 0)
                        {
                            int v = key;
                            for (int d = keyLength - 1; d >= prefix.length; d--)
                            {
                                request.putByte(d, (byte)('0' + v % 10));
                                v /= 10;
                            }
                            if (!stream.loadLast(request, 0, keyLength, msg))
                            {
                                throw new IllegalStateException("missing " + key);
                            }
                        }
                        else if (!stream.loadLast(filters[key], msg))
                        {
                            throw new IllegalStateException("missing " + key);
                        }
                    }
                    ops += 1000;
                    now = System.nanoTime();
                }
                while (now - start < SLICE_NANOS);
                if (round >= 0)
                {
                    (path == 0 ? bytesRates : filterRates)[round] = ops * 1e9 / (now - start);
                }
            }
        }
        stream.delete();
        report("loadLast(subject bytes)", bytesRates);
        report("loadLast(SubjectFilter)", filterRates);
    }

    private static void report(final String name, final double[] rates)
    {
        final double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf("%-26s median %.2fM/s  range %.2f-%.2fM/s  (%d slices)%n", name,
            sorted[sorted.length / 2] / 1e6, sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6, sorted.length);
    }
}
