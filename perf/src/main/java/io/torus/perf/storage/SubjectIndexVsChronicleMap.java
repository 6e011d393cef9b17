package io.torus.perf.storage;

import java.nio.file.Files;
import java.nio.file.Path;

import io.torus.storage.SubjectIndex;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One-shot measurement behind the choice of the persisted per-subject index: Torus's own off-heap
 * {@link SubjectIndex} against a persisted Chronicle Map, for N subjects (key "kv.bucket.keyNNNNNNN", value
 * first/last/count = 24 bytes): create, N upserts, N lookups, close (persist) and reopen.
 *
 * <p>Run: {@code java <add-opens flags> -cp ... io.torus.perf.storage.SubjectIndexVsChronicleMap 1000000}
 */
public final class SubjectIndexVsChronicleMap
{
    private SubjectIndexVsChronicleMap()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        final byte[][] keys = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            keys[i] = String.format("kv.bucket.key%07d", i).getBytes();
        }
        final Path dir = Files.createTempDirectory("subject-index-cmp");
        for (int round = 0; round < 3; round++)
        {
            System.out.println("round " + round + ", " + n + " subjects, java " + System.getProperty("java.version"));
            ours(keys, dir.resolve("ours.idx"));
            chronicle(keys, dir.resolve("chronicle.map"));
        }
    }

    private static void ours(final byte[][] keys, final Path file) throws Exception
    {
        final int n = keys.length;
        final UnsafeBuffer key = new UnsafeBuffer(new byte[0]);
        long t = System.nanoTime();
        final SubjectIndex index = new SubjectIndex();
        final long create = System.nanoTime() - t;
        t = System.nanoTime();
        for (int i = 0; i < n; i++)
        {
            key.wrap(keys[i]);
            final int slot = index.findOrInsert(key, 0, keys[i].length);
            index.first(slot, i);
            index.last(slot, i);
            index.count(slot, index.count(slot) + 1);
        }
        final long insert = System.nanoTime() - t;
        t = System.nanoTime();
        long sum = 0;
        for (int i = 0; i < n; i++)
        {
            final int k = (int)((i * 2654435761L) % n);
            key.wrap(keys[k]);
            sum += index.last(index.find(key, 0, keys[k].length));
        }
        final long lookup = System.nanoTime() - t;
        t = System.nanoTime();
        index.writeTo(file, 42);
        index.close();
        final long close = System.nanoTime() - t;
        t = System.nanoTime();
        final SubjectIndex reopened = new SubjectIndex();
        if (!reopened.readFrom(file, 42) || reopened.size() != n)
        {
            throw new IllegalStateException("reopen failed");
        }
        final long reopen = System.nanoTime() - t;
        reopened.close();
        print("SubjectIndex", n, create, insert, lookup, close, reopen, Files.size(file), sum);
    }

    private static void chronicle(final byte[][] keys, final Path file) throws Exception
    {
        final int n = keys.length;
        Files.deleteIfExists(file);
        long t = System.nanoTime();
        ChronicleMap<byte[], byte[]> map = ChronicleMapBuilder.of(byte[].class, byte[].class)
            .name("subjects").entries(n).averageKeySize(keys[0].length).constantValueSizeBySample(new byte[24])
            .createPersistedTo(file.toFile());
        final long create = System.nanoTime() - t;
        final byte[] value = new byte[24];
        final UnsafeBuffer v = new UnsafeBuffer(value);
        t = System.nanoTime();
        for (int i = 0; i < n; i++)
        {
            final byte[] existing = map.getUsing(keys[i], value);
            v.putLong(0, i);
            v.putLong(8, i);
            v.putLong(16, existing == null ? 1 : v.getLong(16) + 1);
            map.put(keys[i], value);
        }
        final long insert = System.nanoTime() - t;
        t = System.nanoTime();
        long sum = 0;
        for (int i = 0; i < n; i++)
        {
            final int k = (int)((i * 2654435761L) % n);
            map.getUsing(keys[k], value);
            sum += v.getLong(8);
        }
        final long lookup = System.nanoTime() - t;
        t = System.nanoTime();
        map.close();
        final long close = System.nanoTime() - t;
        t = System.nanoTime();
        map = ChronicleMapBuilder.of(byte[].class, byte[].class)
            .name("subjects").entries(n).averageKeySize(keys[0].length).constantValueSizeBySample(new byte[24])
            .createPersistedTo(file.toFile());
        if (map.size() != n)
        {
            throw new IllegalStateException("reopen failed");
        }
        final long reopen = System.nanoTime() - t;
        map.close();
        print("ChronicleMap", n, create, insert, lookup, close, reopen, Files.size(file), sum);
    }

    private static void print(
        final String name, final int n, final long create, final long insert, final long lookup, final long close,
        final long reopen, final long fileSize, final long sum)
    {
        System.out.printf("  %-13s create %7.1f ms | upsert %6.0f ns/op | lookup %6.0f ns/op | close %7.1f ms | " +
            "reopen %7.1f ms | file %6.1f MB (%d)%n", name, create / 1e6, insert / (double)n, lookup / (double)n,
            close / 1e6, reopen / 1e6, fileSize / 1e6, sum % 10);
    }
}
