package io.torus.perf.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.torus.storage.BlockCompression;
import io.torus.storage.StreamConfig;
import io.torus.storage.StreamStore;
import io.torus.storage.file.BlockFileStore;
import io.torus.storage.memory.MemoryStore;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.*;

/**
 * Append of 128-byte messages on one thread, default sync policy (background flush every 2 minutes), across
 * subject counts. With {@code perSubject = 1} it is the key-value workload ({@code max_msgs_per_subject: 1}):
 * every append past the first round also removes the subject's previous message.
 *
 * <p>Run: {@code java -jar perf/target/benchmarks.jar StoreAppendBenchmark -f 1 -wi 2 -i 3 -r 2 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class StoreAppendBenchmark
{
    @Param({"1", "1000", "100000", "1000000"})
    int subjects;

    @Param({"0", "1"})
    int perSubject;

    @Param({"file"})
    String store;

    @Param({"true"})
    boolean preallocate;

    @Param({"false"})
    boolean syncAlways;

    /** Subjects in random order instead of round-robin (round-robin is the best case for per-subject limits). */
    @Param({"false"})
    boolean randomOrder;

    /** Block compression of the file store ({@code NONE} or {@code LZ4}; blocks compressed in the background). */
    @Param({"NONE"})
    String compression;

    /** {@code zeros}, {@code json} or {@code random}: see {@link Payloads}. */
    @Param({"zeros"})
    String payloadKind;

    private long random = 0x9E3779B97F4A7C15L;
    private UnsafeBuffer[] payloads;
    private int nextPayload;

    private Path dir;
    private StreamStore stream;
    private UnsafeBuffer[] subjectBuffers;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final StreamConfig config = new StreamConfig().maxMsgsPerSubject(perSubject).preallocateBlocks(preallocate)
            .syncAlways(syncAlways).compression(BlockCompression.valueOf(compression));
        payloads = Payloads.of(payloadKind, 128);
        if ("file".equals(store))
        {
            dir = Files.createTempDirectory("torus-append");
            stream = BlockFileStore.open(dir, config);
        }
        else
        {
            stream = new MemoryStore(config);
        }
        subjectBuffers = new UnsafeBuffer[subjects];
        for (int i = 0; i < subjects; i++)
        {
            subjectBuffers[i] = new UnsafeBuffer(String.format("kv.bucket.key%07d", i).getBytes());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        stream.delete();
    }

    @Benchmark
    public long append()
    {
        final UnsafeBuffer subject;
        if (randomOrder)
        {
            random ^= random << 13;
            random ^= random >>> 7;
            random ^= random << 17;
            subject = subjectBuffers[(int)((random >>> 1) % subjects)];
        }
        else
        {
            subject = subjectBuffers[next];
            if (++next == subjects)
            {
                next = 0;
            }
        }
        final UnsafeBuffer p = payloads[nextPayload++ & (Payloads.VARIANTS - 1)];
        return stream.append(subject, 0, subject.capacity(), p, 0, 0, p, 0, 128, 0, 0);
    }
}
