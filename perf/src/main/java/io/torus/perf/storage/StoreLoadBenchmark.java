package io.torus.perf.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.torus.storage.BlockCompression;
import io.torus.storage.StoreMessage;
import io.torus.storage.StreamConfig;
import io.torus.storage.StreamStore;
import io.torus.storage.SubjectFilter;
import io.torus.storage.file.BlockFileStore;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.*;

/**
 * Reads from a warm file store of 1M messages of 128 bytes over 100k subjects: load by random sequence and load
 * the last message of a random subject, into a reused {@link StoreMessage}.
 *
 * <p>Run: {@code java -jar perf/target/benchmarks.jar StoreLoadBenchmark -f 1 -wi 2 -i 3 -r 2 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class StoreLoadBenchmark
{
    static final int MESSAGES = 1_000_000;
    static final int SUBJECTS = 100_000;

    /** {@code NONE}, or {@code LZ4}: every sealed block compressed in setup, reads decompress chunks. */
    @Param({"NONE"})
    String compression;

    /** {@code zeros}, {@code json} or {@code random}: see {@link Payloads}. */
    @Param({"zeros"})
    String payloadKind;

    private Path dir;
    private StreamStore stream;
    private SubjectFilter[] filters;
    private final StoreMessage msg = new StoreMessage();
    private long random = 0x9E3779B97F4A7C15L;
    private static final byte[] KEY_PREFIX = "kv.bucket.key".getBytes();
    private static final int KEY_LENGTH = KEY_PREFIX.length + 7;
    private final UnsafeBuffer request = new UnsafeBuffer(new byte[64]);

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        dir = Files.createTempDirectory("torus-load");
        stream = BlockFileStore.open(dir, new StreamConfig().compression(BlockCompression.valueOf(compression)));
        final UnsafeBuffer[] payloads = Payloads.of(payloadKind, 128);
        final UnsafeBuffer[] subjects = new UnsafeBuffer[SUBJECTS];
        filters = new SubjectFilter[SUBJECTS];
        for (int i = 0; i < SUBJECTS; i++)
        {
            final String s = String.format("kv.bucket.key%07d", i);
            subjects[i] = new UnsafeBuffer(s.getBytes());
            filters[i] = SubjectFilter.of(s);
        }
        request.putBytes(0, KEY_PREFIX);
        for (int i = 0; i < MESSAGES; i++)
        {
            final UnsafeBuffer s = subjects[i % SUBJECTS];
            final UnsafeBuffer payload = payloads[i & (Payloads.VARIANTS - 1)];
            stream.append(s, 0, s.capacity(), payload, 0, 0, payload, 0, 128, 0, 0);
        }
        if (!"NONE".equals(compression))
        {
            final int compressed = ((BlockFileStore)stream).compressSealedBlocks(Integer.MAX_VALUE);
            System.out.println("compressed blocks: " + compressed + " of " + ((BlockFileStore)stream).blockCount());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        stream.delete();
    }

    private int nextRandom(final int bound)
    {
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        return (int)((random >>> 1) % bound);
    }

    private long sequential;

    /** A consumer's pattern: every message in order (wrapping at the end). */
    @Benchmark
    public boolean loadSequential()
    {
        if (++sequential > MESSAGES)
        {
            sequential = 1;
        }
        return stream.load(sequential, msg);
    }

    @Benchmark
    public boolean loadBySequence()
    {
        return stream.load(1 + nextRandom(MESSAGES), msg);
    }

    /** The KV get path: the key's bytes arrive in a reused request buffer, as the protocol parser leaves them. */
    @Benchmark
    public boolean loadLastBySubject()
    {
        final int key = nextRandom(SUBJECTS);
        // "kv.bucket.key" + 7 digits, written in place like a parsed request
        int v = key;
        for (int i = KEY_LENGTH - 1; i >= KEY_PREFIX.length; i--)
        {
            request.putByte(i, (byte)('0' + v % 10));
            v /= 10;
        }
        return stream.loadLast(request, 0, KEY_LENGTH, msg);
    }

    /** Same through a compiled literal {@link SubjectFilter} per subject (100k filter objects on the heap). */
    @Benchmark
    public boolean loadLastByFilter()
    {
        return stream.loadLast(filters[nextRandom(SUBJECTS)], msg);
    }
}
