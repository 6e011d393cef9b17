package io.torus.storage.file;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import io.torus.storage.BlockCompression;
import io.torus.storage.StoreMessage;
import io.torus.storage.StreamConfig;
import io.torus.storage.StreamState;
import io.torus.storage.SubjectFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** Compressed sealed blocks: reads, removals, reopen, rebuild, erase, and damaged compressed files. */
@Timeout(60)
class BlockFileStoreCompressionTest
{
    private static final int BLOCK = 256 * 1024; // 16 chunks of 16 KB: records cross chunk boundaries
    private static final int MESSAGES = 3000;

    @TempDir
    Path dir;
    private BlockFileStore store;
    private final StoreMessage msg = new StoreMessage();

    @AfterEach
    void close()
    {
        if (store != null)
        {
            store.close();
        }
    }

    private StreamConfig config()
    {
        return new StreamConfig().blockSize(BLOCK).compression(BlockCompression.LZ4).compressedCacheBlocks(2);
    }

    private BlockFileStore open()
    {
        return BlockFileStore.open(dir, config());
    }

    /** Compressible (text-like) payloads of 20 B to 60 KB: some span several chunks. */
    static byte[] payload(final long seq)
    {
        final int size = seq % 97 == 0 ? 40_000 + (int)(seq % 20_000) : 20 + (int)(seq * 37 % 400);
        final StringBuilder sb = new StringBuilder(size + 32);
        while (sb.length() < size)
        {
            sb.append("message ").append(seq).append(" field=").append(sb.length() % 13).append(';');
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    private void fill()
    {
        for (long seq = 1; seq <= MESSAGES; seq++)
        {
            assertEquals(seq, store.append("orders." + (seq % 7), null, payload(seq)));
        }
    }

    private List<Path> blockFiles() throws IOException
    {
        try (Stream<Path> s = Files.list(dir))
        {
            return s.filter(p -> p.toString().endsWith(".blk")).sorted().collect(Collectors.toList());
        }
    }

    private static boolean isCompressed(final Path p) throws IOException
    {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r"))
        {
            final byte[] magic = new byte[8];
            f.readFully(magic);
            return ByteBuffer.wrap(magic).order(ByteOrder.LITTLE_ENDIAN).getLong() == BlockDescriptor.COMPRESSED_MAGIC;
        }
    }

    private long directorySize(final String suffix) throws IOException
    {
        long total = 0;
        try (Stream<Path> s = Files.list(dir))
        {
            for (final Path p : s.filter(p -> p.toString().endsWith(suffix)).collect(Collectors.toList()))
            {
                total += Files.size(p);
            }
        }
        return total;
    }

    private void assertAll(final long... removed)
    {
        for (long seq = 1; seq <= MESSAGES; seq++)
        {
            final long s = seq;
            final boolean gone = java.util.Arrays.stream(removed).anyMatch(r -> r == s);
            if (gone)
            {
                assertFalse(store.load(seq, msg), "removed " + seq + " came back");
            }
            else
            {
                assertTrue(store.load(seq, msg), () -> "seq " + s + " missing");
                assertArrayEquals(payload(seq), msg.payload(), "seq " + seq);
                assertEquals("orders." + (seq % 7), msg.subject());
            }
        }
    }

    @Test
    void shouldReadRemoveReopenAndRebuildCompressedBlocks() throws IOException
    {
        store = open();
        fill();
        final long plainBytes = directorySize(".blk");
        final int compressed = store.compressSealedBlocks(1000);
        final List<Path> blocks = blockFiles();
        assertEquals(blocks.size() - 1, compressed, "every sealed block, never the tail");
        for (final Path p : blocks.subList(0, blocks.size() - 1))
        {
            assertTrue(isCompressed(p), p.toString());
        }
        assertFalse(isCompressed(blocks.get(blocks.size() - 1)));
        assertTrue(directorySize(".blk") < plainBytes / 2, directorySize(".blk") + " vs " + plainBytes);

        assertAll();
        assertTrue(store.chunksDecompressed() > 0);
        // last-by-subject and filtered reads across compressed blocks
        assertTrue(store.loadLast(SubjectFilter.of("orders.3"), msg));
        assertEquals("orders.3", msg.subject());
        long n = 0;
        for (long seq = store.loadNext(SubjectFilter.of("orders.5"), 1, msg); seq != 0;
            seq = store.loadNext(SubjectFilter.of("orders.5"), seq + 1, msg))
        {
            assertEquals("orders.5", msg.subject());
            n++;
        }
        assertEquals(store.subjectsTotals(SubjectFilter.of("orders.5")).get("orders.5"), n);

        // removals from compressed blocks go to delete logs; the compressed files never change
        final long crcBefore = crc(blocks.get(1));
        final long[] removed = {2, 97, 500, 1001, 1500};
        for (final long seq : removed)
        {
            assertTrue(store.remove(seq));
        }
        assertEquals(crcBefore, crc(blocks.get(1)));
        assertAll(removed);

        store.close();
        store = open();
        assertTrue(store.recoveryReport().indexesTrusted, store.recoveryReport().toString());
        assertAll(removed);
        store.close();

        Files.delete(dir.resolve(BlockDescriptor.CLEAN_FILE));
        store = open();
        final RecoveryReport report = store.recoveryReport();
        assertFalse(report.indexesTrusted);
        assertEquals(0, report.corruptChunks, report.toString());
        assertEquals(0, report.corruptRegions, report.toString());
        assertAll(removed);
        final StreamState s = new StreamState();
        store.state(s);
        assertEquals(MESSAGES - removed.length, s.msgs);
        assertEquals(MESSAGES + 1, store.append("orders.1", null, payload(MESSAGES + 1)));
    }

    private static long crc(final Path p) throws IOException
    {
        final CRC32C c = new CRC32C();
        c.update(Files.readAllBytes(p));
        return c.getValue();
    }

    @Test
    void shouldLeaveIncompressibleBlocksAsTheyAre() throws IOException
    {
        store = open();
        final Random random = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            final byte[] p = new byte[256];
            random.nextBytes(p);
            store.append("noise", null, p);
        }
        assertEquals(0, store.compressSealedBlocks(1000));
        assertEquals(0, store.compressedBlockCount());
        for (final Path p : blockFiles())
        {
            assertFalse(isCompressed(p));
        }
        assertFalse(Files.list(dir).anyMatch(p -> p.toString().endsWith(".lz4")), "no leftover temporary files");
    }

    @Test
    void shouldCompressInTheBackground()
    {
        store = BlockFileStore.open(dir, config().expiryCheckInterval(10, TimeUnit.MILLISECONDS));
        fill();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (store.compressedBlockCount() < store.blockCount() - 1 && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        assertEquals(store.blockCount() - 1, store.compressedBlockCount());
        assertAll();
    }

    @Test
    void shouldStayConsistentWhileBlocksAreCompressedUnderAppendsReadsAndRemovals() throws Exception
    {
        store = BlockFileStore.open(dir, config().expiryCheckInterval(10, TimeUnit.MILLISECONDS)
            .syncInterval(20, TimeUnit.MILLISECONDS)); // the background flush pins blocks too
        final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        final java.util.concurrent.atomic.AtomicReference<Throwable> failure =
            new java.util.concurrent.atomic.AtomicReference<>();
        final BlockFileStore s = store;
        final Thread compressor = new Thread(() ->
        {
            try
            {
                while (!stop.get())
                {
                    s.compressSealedBlocks(2); // a second compressing thread beside the background one
                }
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        });
        compressor.start();
        final java.util.Set<Long> removed = new java.util.HashSet<>();
        final StoreMessage m = new StoreMessage();
        final Random random = new Random(3);
        try
        {
            for (long seq = 1; seq <= STRESS_MESSAGES; seq++)
            {
                assertEquals(seq, store.append("orders." + (seq % 7), null, payload(seq)));
                final long probe = 1 + random.nextInt((int)seq);
                if (store.load(probe, m))
                {
                    assertArrayEquals(payload(probe), m.payload(), "seq " + probe);
                }
                else
                {
                    assertTrue(removed.contains(probe), "seq " + probe + " missing");
                }
                if (seq % 10 == 0 && store.remove(probe))
                {
                    removed.add(probe);
                }
            }
        }
        finally
        {
            stop.set(true);
            compressor.join(10_000);
        }
        assertNull(failure.get());
        assertTrue(store.compressedBlockCount() > 10, "compressed: " + store.compressedBlockCount());
        assertStress(removed);
        store.close();
        Files.delete(dir.resolve(BlockDescriptor.CLEAN_FILE));
        store = open();
        assertEquals(0, store.recoveryReport().corruptChunks);
        assertEquals(0, store.recoveryReport().corruptRegions);
        assertStress(removed);
    }

    private static final int STRESS_MESSAGES = 20_000;

    private void assertStress(final java.util.Set<Long> removed)
    {
        for (long seq = 1; seq <= STRESS_MESSAGES; seq++)
        {
            if (removed.contains(seq))
            {
                assertFalse(store.load(seq, msg), "removed " + seq + " came back");
            }
            else
            {
                assertTrue(store.load(seq, msg), "seq " + seq + " missing");
                assertArrayEquals(payload(seq), msg.payload(), "seq " + seq);
            }
        }
    }

    /** Offset and stored length of chunk {@code chunk} of a compressed block file. */
    private static long[] chunkExtent(final Path block, final int chunk) throws IOException
    {
        try (RandomAccessFile f = new RandomAccessFile(block.toFile(), "r"))
        {
            final byte[] entry = new byte[16];
            f.seek(BlockDescriptor.COMPRESSED_HEADER_LENGTH + chunk * 16L);
            f.readFully(entry);
            final ByteBuffer b = ByteBuffer.wrap(entry).order(ByteOrder.LITTLE_ENDIAN);
            return new long[] {b.getLong(0), b.getInt(8)};
        }
    }

    private void assertNoCorruptPayloadAndMostPresent()
    {
        int present = 0;
        for (long seq = 1; seq <= MESSAGES; seq++)
        {
            if (store.load(seq, msg))
            {
                assertArrayEquals(payload(seq), msg.payload(), "seq " + seq + " returned damaged");
                present++;
            }
        }
        assertTrue(present > MESSAGES * 8 / 10, "valid records must be kept: " + present);
        assertTrue(present < MESSAGES, "the damage must have cost something: " + present);
    }

    @Test
    void shouldDetectACorruptChunkAndKeepTheOtherRecords() throws IOException
    {
        store = open();
        fill();
        assertTrue(store.compressSealedBlocks(1000) > 1);
        store.close();
        store = null;
        final Path victim = blockFiles().get(1);
        final long[] extent = chunkExtent(victim, 2);
        try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw"))
        {
            f.seek(extent[0] + extent[1] / 2);
            final int b = f.read();
            f.seek(extent[0] + extent[1] / 2);
            f.write(b ^ 0x5A);
        }
        // with trusted indexes: the damaged chunk is found when read, its records are not returned
        store = open();
        assertTrue(store.recoveryReport().indexesTrusted);
        assertNoCorruptPayloadAndMostPresent();
        store.close();

        Files.delete(dir.resolve(BlockDescriptor.CLEAN_FILE));
        store = open();
        final RecoveryReport report = store.recoveryReport();
        assertEquals(1, report.corruptChunks, report.toString());
        assertTrue(report.corruptRegions >= 1, report.toString());
        assertNoCorruptPayloadAndMostPresent();
    }

    @Test
    void shouldKeepTheRecordsBeforeTheCutOfATruncatedCompressedBlock() throws IOException
    {
        store = open();
        fill();
        assertTrue(store.compressSealedBlocks(1000) > 1);
        store.close();
        store = null;
        final Path victim = blockFiles().get(0);
        final long[] extent = chunkExtent(victim, 4);
        try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw"))
        {
            f.setLength(extent[0] + 10); // chunks 4 and later are gone
        }
        Files.delete(dir.resolve(BlockDescriptor.CLEAN_FILE));
        store = open();
        final RecoveryReport report = store.recoveryReport();
        assertTrue(report.corruptChunks >= 2, report.toString());
        assertNoCorruptPayloadAndMostPresent();
        assertTrue(store.load(1, msg), "the first chunks of the block are intact");
    }

    @Test
    void shouldSetAsideACompressedBlockWhoseChunkTableIsCorrupt() throws IOException
    {
        store = open();
        fill();
        assertTrue(store.compressSealedBlocks(1000) > 2);
        store.close();
        store = null;
        final Path victim = blockFiles().get(1);
        try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw"))
        {
            f.seek(BlockDescriptor.COMPRESSED_HEADER_LENGTH + 8);
            f.write(0x7F);
        }
        store = open(); // clean marker present: the trusted open fails over to a rebuild, never throws
        final RecoveryReport report = store.recoveryReport();
        assertEquals(1, report.unreadableBlocks, report.toString());
        assertTrue(Files.exists(victim.resolveSibling(victim.getFileName() + ".corrupt")));
        assertNoCorruptPayloadAndMostPresent();
        assertTrue(store.load(1, msg));
        assertTrue(store.load(MESSAGES, msg));
    }

    @Test
    void shouldEraseFromACompressedBlockByRewritingIt() throws IOException
    {
        store = open();
        final byte[] secret = "the-secret-payload-0123456789".getBytes(StandardCharsets.US_ASCII);
        for (long seq = 1; seq <= MESSAGES; seq++)
        {
            store.append("orders." + (seq % 7), null, seq == 10 ? secret : payload(seq));
        }
        assertTrue(store.compressSealedBlocks(1000) > 0);
        final Path first = blockFiles().get(0);
        assertTrue(isCompressed(first));
        assertTrue(store.erase(10));
        assertFalse(store.load(10, msg));
        assertFalse(new String(Files.readAllBytes(first), StandardCharsets.ISO_8859_1)
            .contains(new String(secret, StandardCharsets.ISO_8859_1)), "erased bytes must leave the file");
        for (long seq = 1; seq <= 200; seq++)
        {
            if (seq != 10)
            {
                assertTrue(store.load(seq, msg));
                assertArrayEquals(payload(seq), msg.payload());
            }
        }
    }
}
