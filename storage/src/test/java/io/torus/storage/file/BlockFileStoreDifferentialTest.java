package io.torus.storage.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import io.torus.storage.StoreMessage;
import io.torus.storage.StreamConfig;
import io.torus.storage.StreamState;
import io.torus.storage.StreamStore;
import io.torus.storage.SubjectFilter;
import io.torus.storage.memory.MemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The file store against the memory store as a model under a random mix of appends to random subjects with a
 * per-subject limit, removals, truncates, compactions and reopens (trusted and rebuilt): same state, same
 * per-subject state, same messages.
 */
class BlockFileStoreDifferentialTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void shouldBehaveLikeTheMemoryStoreUnderRandomOperations() throws Exception
    {
        run(new StreamConfig().maxMsgsPerSubject(3).blockSize(8192));
    }

    /** The same with every block compressed when sealed and a one-block decompression cache. */
    @Test
    @Timeout(120)
    void shouldBehaveLikeTheMemoryStoreWithCompressedBlocks() throws Exception
    {
        run(new StreamConfig().maxMsgsPerSubject(3).blockSize(8192)
            .compression(io.torus.storage.BlockCompression.LZ4).compressOnSeal(true).compressedCacheBlocks(1));
    }

    private void run(final StreamConfig config) throws Exception
    {
        final Random random = new Random(7);
        StreamStore file = BlockFileStore.open(dir, config);
        try (StreamStore model = new MemoryStore(config))
        {
            for (int step = 0; step < 20_000; step++)
            {
                final int op = random.nextInt(1000);
                if (op < 900)
                {
                    final String subject = "s." + random.nextInt(200);
                    final byte[] payload = ("p" + step).getBytes();
                    assertEquals(model.append(subject, null, payload), file.append(subject, null, payload));
                }
                else if (op < 960)
                {
                    final StreamState s = new StreamState();
                    model.state(s);
                    final long seq = s.firstSeq + (s.lastSeq > s.firstSeq ? random.nextInt((int)(s.lastSeq - s.firstSeq)) : 0);
                    assertEquals(model.remove(seq), file.remove(seq), "remove " + seq);
                }
                else if (op < 970)
                {
                    final StreamState s = new StreamState();
                    model.state(s);
                    if (s.lastSeq > 10)
                    {
                        final long seq = s.lastSeq - random.nextInt(10);
                        model.truncate(seq);
                        file.truncate(seq);
                    }
                }
                else if (op < 975)
                {
                    ((BlockFileStore)file).compactSparseBlocks(5);
                }
                else if (op < 980)
                {
                    file.close();
                    if (random.nextBoolean())
                    {
                        Files.deleteIfExists(dir.resolve(BlockDescriptor.CLEAN_FILE));
                    }
                    file = BlockFileStore.open(dir, config);
                }
                if (step % 1000 == 999 || op >= 960)
                {
                    assertSame(model, file, step);
                }
            }
            assertSame(model, file, -1);
        }
        finally
        {
            file.close();
        }
    }

    private static void assertSame(final StreamStore model, final StreamStore file, final int step)
    {
        final StreamState a = new StreamState();
        final StreamState b = new StreamState();
        model.state(a);
        file.state(b);
        assertEquals(a.msgs, b.msgs, "msgs at step " + step);
        assertEquals(a.bytes, b.bytes, "bytes at step " + step);
        assertEquals(a.firstSeq, b.firstSeq, "first at step " + step);
        assertEquals(a.lastSeq, b.lastSeq, "last at step " + step);
        assertEquals(a.numSubjects, b.numSubjects, "subjects at step " + step);
        assertEquals(model.subjectsState(SubjectFilter.ALL), file.subjectsState(SubjectFilter.ALL), "step " + step);
        final StoreMessage x = new StoreMessage();
        final StoreMessage y = new StoreMessage();
        for (long seq = a.firstSeq; seq <= a.lastSeq; seq++)
        {
            final boolean inModel = model.load(seq, x);
            assertEquals(inModel, file.load(seq, y), "seq " + seq + " at step " + step);
            if (inModel)
            {
                assertEquals(x.subject(), y.subject());
                assertArrayEquals(x.payload(), y.payload());
            }
        }
    }
}
