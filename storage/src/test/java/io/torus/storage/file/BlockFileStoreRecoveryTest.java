package io.torus.storage.file;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.torus.storage.RecordDescriptor;
import io.torus.storage.StoreException;
import io.torus.storage.StoreMessage;
import io.torus.storage.StreamConfig;
import io.torus.storage.StreamState;
import io.torus.storage.SubjectFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** Reopen, rebuild, corruption and I/O fault behaviour of the file store. */
@Timeout(60)
class BlockFileStoreRecoveryTest
{
    private static final int BLOCK = 4096;

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
        return new StreamConfig().blockSize(BLOCK);
    }

    private BlockFileStore open()
    {
        return BlockFileStore.open(dir, config());
    }

    private static String payload(final long seq)
    {
        return "payload-of-" + seq + "-" + "x".repeat((int)(seq % 50));
    }

    private void fill(final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final long seq = store.append("sub." + (i % 10), null, payload(i + 1).getBytes(StandardCharsets.UTF_8));
            assertEquals(i + 1, seq);
        }
    }

    private List<Path> blockFiles() throws IOException
    {
        try (Stream<Path> s = Files.list(dir))
        {
            return s.filter(p -> p.toString().endsWith(".blk")).sorted().collect(Collectors.toList());
        }
    }

    private void assertAllPresentExcept(final long last, final long... missing)
    {
        outer:
        for (long s = 1; s <= last; s++)
        {
            for (final long m : missing)
            {
                if (m == s)
                {
                    assertFalse(store.load(s, msg), "seq " + s + " must not be returned");
                    continue outer;
                }
            }
            assertTrue(store.load(s, msg), "seq " + s + " missing");
            assertEquals(payload(s), msg.payloadAsString());
        }
    }

    @Test
    void shouldTrustIndexesAfterCleanClose()
    {
        store = open();
        fill(500);
        store.remove(7);
        assertTrue(store.blockCount() > 5);
        store.close();
        store = open();
        assertTrue(store.recoveryReport().indexesTrusted, store.recoveryReport().toString());
        assertAllPresentExcept(500, 7);
        assertEquals(10, store.subjectsTotals(SubjectFilter.ALL).size());
        assertEquals(501, store.append("sub.1", null, payload(501).getBytes()));
    }

    @Test
    void shouldRebuildTheSameStateWithoutCleanMarker() throws IOException
    {
        store = open();
        fill(500);
        store.remove(7);
        store.remove(300);
        final StreamState before = new StreamState();
        store.state(before);
        final var totalsBefore = store.subjectsTotals(SubjectFilter.ALL);
        store.close();
        Files.delete(dir.resolve(BlockDescriptor.CLEAN_FILE));
        store = open();
        assertFalse(store.recoveryReport().indexesTrusted);
        final StreamState after = new StreamState();
        store.state(after);
        assertEquals(before.toString(), after.toString());
        assertEquals(totalsBefore, store.subjectsTotals(SubjectFilter.ALL));
        assertAllPresentExcept(500, 7, 300);
    }

    @Test
    void shouldRebuildWhenAnIndexFileIsDeleted() throws IOException
    {
        store = open();
        fill(300);
        store.close();
        try (Stream<Path> s = Files.list(dir))
        {
            Files.delete(s.filter(p -> p.toString().endsWith(BlockDescriptor.INDEX_SUFFIX)).findFirst().orElseThrow());
        }
        store = open();
        assertFalse(store.recoveryReport().indexesTrusted);
        assertTrue(store.recoveryReport().rebuildReason.contains("index"), store.recoveryReport().rebuildReason);
        assertAllPresentExcept(300);
    }

    @Test
    void shouldRebuildWhenSubjectIndexIsDeleted() throws IOException
    {
        store = open();
        fill(300);
        store.close();
        Files.delete(dir.resolve(BlockDescriptor.SUBJECTS_FILE));
        store = open();
        assertFalse(store.recoveryReport().indexesTrusted);
        assertEquals(10, store.subjectsTotals(SubjectFilter.ALL).size());
        assertAllPresentExcept(300);
    }

    private void flipPayloadByteOfFirstRecord(final Path block) throws IOException
    {
        try (RandomAccessFile f = new RandomAccessFile(block.toFile(), "rw"))
        {
            final long pos = BlockDescriptor.HEADER_LENGTH + RecordDescriptor.HEADER_LENGTH + 5 + 3;
            f.seek(pos);
            final int b = f.read();
            f.seek(pos);
            f.write(b ^ 0x40);
        }
    }

    @Test
    void shouldNeverReturnACorruptPayloadWithTrustedIndexes() throws IOException
    {
        store = open();
        fill(300);
        store.close();
        flipPayloadByteOfFirstRecord(blockFiles().get(1));
        store = open();
        assertTrue(store.recoveryReport().indexesTrusted);
        final long corruptSeq = firstSeqOfBlockFile(blockFiles().get(1));
        assertAllPresentExcept(300, corruptSeq);
        assertEquals(corruptSeq + 1, store.loadNext(SubjectFilter.ALL, corruptSeq, msg));
    }

    @Test
    void shouldSkipACorruptRecordOnRebuildAndKeepTheOthers() throws IOException
    {
        store = open();
        fill(300);
        store.close();
        final Path block = blockFiles().get(1);
        final long corruptSeq = firstSeqOfBlockFile(block);
        flipPayloadByteOfFirstRecord(block);
        Files.delete(dir.resolve(BlockDescriptor.CLEAN_FILE));
        store = open();
        assertEquals(1, store.recoveryReport().corruptRegions, store.recoveryReport().toString());
        assertAllPresentExcept(300, corruptSeq);
        final StreamState s = new StreamState();
        store.state(s);
        assertEquals(299, s.msgs);
        assertEquals(301, store.append("sub.x", null, payload(301).getBytes()));
    }

    @Test
    void shouldCorruptHeaderLengthAndStillKeepFollowingRecords() throws IOException
    {
        store = open();
        fill(300);
        store.close();
        final Path block = blockFiles().get(2);
        final long seq = firstSeqOfBlockFile(block);
        try (RandomAccessFile f = new RandomAccessFile(block.toFile(), "rw"))
        {
            f.seek(BlockDescriptor.HEADER_LENGTH + RecordDescriptor.LENGTH_OFFSET);
            f.writeInt(0x7F000000);
        }
        Files.delete(dir.resolve(BlockDescriptor.CLEAN_FILE));
        store = open();
        assertEquals(1, store.recoveryReport().corruptRegions);
        assertAllPresentExcept(300, seq);
    }

    @Test
    void shouldCutATornRecordAtTheTailAndContinue() throws IOException
    {
        store = open();
        fill(100);
        store.close();
        final List<Path> blocks = blockFiles();
        final Path tail = blocks.get(blocks.size() - 1);
        // Simulate a crash in the middle of a write: a header claiming 200 bytes, half of it written.
        final int writePos = findWritePos(tail);
        try (RandomAccessFile f = new RandomAccessFile(tail.toFile(), "rw"))
        {
            f.seek(writePos);
            f.write(new byte[] {1, 2, 3, 4, (byte)200, 0, 0, 0, 101, 0, 0, 0, 0, 0, 0, 0, 9, 9, 9});
        }
        Files.delete(dir.resolve(BlockDescriptor.CLEAN_FILE));
        store = open();
        assertTrue(store.recoveryReport().tornTailBytes > 0, store.recoveryReport().toString());
        assertEquals(0, store.recoveryReport().corruptRegions);
        assertAllPresentExcept(100);
        assertEquals(101, store.append("sub.1", null, payload(101).getBytes()));
        store.close();
        store = open();
        assertAllPresentExcept(101);
    }

    @Test
    void shouldKeepValidRecordsOfATruncatedBlock() throws IOException
    {
        store = open();
        fill(300);
        store.close();
        final Path block = blockFiles().get(1);
        final long first = firstSeqOfBlockFile(block);
        final long nextFirst = firstSeqOfBlockFile(blockFiles().get(2));
        try (RandomAccessFile f = new RandomAccessFile(block.toFile(), "rw"))
        {
            f.setLength(BLOCK / 2);
        }
        store = open();
        assertFalse(store.recoveryReport().indexesTrusted);
        final StreamState s = new StreamState();
        store.state(s);
        assertEquals(300, s.lastSeq);
        long present = 0;
        for (long seq = first; seq < nextFirst; seq++)
        {
            if (store.load(seq, msg))
            {
                assertEquals(payload(seq), msg.payloadAsString());
                present++;
            }
        }
        assertTrue(present > 0 && present < nextFirst - first, "present " + present);
        for (long seq = 1; seq < first; seq++)
        {
            assertTrue(store.load(seq, msg));
        }
        for (long seq = nextFirst; seq <= 300; seq++)
        {
            assertTrue(store.load(seq, msg));
        }
    }

    @Test
    void shouldNotThrowOnGarbageBlockFile() throws IOException
    {
        store = open();
        fill(50);
        store.close();
        Files.write(dir.resolve(BlockDescriptor.blockFileName(999_999)), new byte[] {1, 2, 3});
        store = open();
        assertEquals(1, store.recoveryReport().unreadableBlocks);
        assertAllPresentExcept(50);
    }

    @Test
    void shouldSurfaceIoErrorsAndStayReadable() throws IOException
    {
        store = open();
        fill(20);
        // The next block file's name taken by a directory: creating it fails like a full or read-only disk.
        final List<Path> blocks = blockFiles();
        final String last = blocks.get(blocks.size() - 1).getFileName().toString();
        final long nextId = Long.parseLong(last.substring(0, last.length() - 4)) + 1;
        Files.createDirectory(dir.resolve(BlockDescriptor.blockFileName(nextId)));
        StoreException failure = null;
        long appended = 20;
        for (int i = 0; i < 100 && failure == null; i++)
        {
            try
            {
                store.append("sub.1", null, payload(appended + 1).getBytes());
                appended++;
            }
            catch (final StoreException ex)
            {
                failure = ex;
            }
        }
        assertNotNull(failure);
        assertEquals(StoreException.Reason.IO, failure.reason());
        assertTrue(failure.getMessage().contains(BlockDescriptor.blockFileName(nextId)), failure.getMessage());
        final StreamState s = new StreamState();
        store.state(s);
        assertEquals(appended, s.lastSeq);
        assertAllPresentExcept(appended);
    }

    @Test
    void shouldDeleteBlocksLeftWithoutMessages()
    {
        store = open();
        fill(300);
        final int before = store.blockCount();
        for (long s = 1; s <= 100; s++)
        {
            store.remove(s);
        }
        assertTrue(store.blockCount() < before);
        store.close();
        store = open();
        assertAllPresentExcept(0);
        final StreamState s = new StreamState();
        store.state(s);
        assertEquals(101, s.firstSeq);
        assertEquals(200, s.msgs);
    }

    @Test
    void shouldExpireWholeBlocksByAge()
    {
        store = BlockFileStore.open(dir, config().maxAge(1, TimeUnit.SECONDS));
        final long base = System.currentTimeMillis() * 1_000_000L - TimeUnit.HOURS.toNanos(1);
        final org.agrona.concurrent.UnsafeBuffer s = new org.agrona.concurrent.UnsafeBuffer("old".getBytes());
        final org.agrona.concurrent.UnsafeBuffer p = new org.agrona.concurrent.UnsafeBuffer(new byte[100]);
        for (int i = 0; i < 200; i++)
        {
            store.append(s, 0, 3, p, 0, 0, p, 0, 100, base + i, 0);
        }
        store.append("fresh", null, "new".getBytes());
        store.expire(System.currentTimeMillis() * 1_000_000L);
        final StreamState st = new StreamState();
        store.state(st);
        assertEquals(1, st.msgs);
        assertEquals(201, st.firstSeq);
        assertEquals(1, st.numSubjects);
        assertTrue(store.blockCount() <= 2);
    }

    @Test
    void shouldReportPermissionErrorClearlyOnOpen() throws IOException
    {
        final Path file = dir.resolve("not-a-directory");
        Files.write(file, new byte[] {1});
        final StoreException ex = assertThrows(StoreException.class,
            () -> BlockFileStore.open(file.resolve("stream"), config()));
        assertEquals(StoreException.Reason.IO, ex.reason());
    }

    @Test
    void shouldTruncateAndPurgeDurably()
    {
        store = open();
        fill(300);
        store.truncate(250);
        store.purge(SubjectFilter.of("sub.3"), 0, 0);
        store.compact(20);
        final StreamState before = new StreamState();
        store.state(before);
        store.close();
        try
        {
            Files.delete(dir.resolve(BlockDescriptor.CLEAN_FILE));
        }
        catch (final IOException ex)
        {
            fail(ex);
        }
        store = open();
        final StreamState after = new StreamState();
        store.state(after);
        assertEquals(before.toString(), after.toString());
        assertEquals(251, store.append("sub.1", null, "x".getBytes()));
        assertFalse(store.load(24, msg)); // sub.3 (i = 23) purged
        assertTrue(store.load(23, msg));
    }

    @Test
    void shouldFlushInBackgroundWhileBlocksComeAndGo()
    {
        store = BlockFileStore.open(dir, config().maxMsgs(50).syncInterval(10, TimeUnit.MILLISECONDS)
            .expiryCheckInterval(10, TimeUnit.MILLISECONDS));
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800);
        long seq = 0;
        while (System.nanoTime() < deadline)
        {
            seq = store.append("churn", null, payload(seq + 1).getBytes());
        }
        final StreamState s = new StreamState();
        store.state(s);
        assertEquals(50, s.msgs);
        assertEquals(seq, s.lastSeq);
        assertTrue(store.blockCount() <= 3, "blocks " + store.blockCount());
        store.close();
        store = open();
        assertTrue(store.recoveryReport().indexesTrusted);
        for (long q = seq - 49; q <= seq; q++)
        {
            assertTrue(store.load(q, msg));
            assertEquals(payload(q), msg.payloadAsString());
        }
    }

    @Test
    void shouldReclaimSpaceOfRemovedMessagesByCompaction() throws IOException
    {
        store = open();
        fill(300);
        final Path block = blockFiles().get(1);
        final long first = firstSeqOfBlockFile(block);
        final long nextFirst = firstSeqOfBlockFile(blockFiles().get(2));
        final long sizeBefore = Files.size(block);
        final List<Long> removed = new java.util.ArrayList<>();
        for (long s = first; s < nextFirst; s++)
        {
            if (s % 4 != 0)
            {
                store.remove(s);
                removed.add(s);
            }
        }
        assertTrue(store.compactSparseBlocks(10) >= 1);
        assertTrue(Files.size(block) < sizeBefore / 2, Files.size(block) + " vs " + sizeBefore);
        final long[] missing = removed.stream().mapToLong(Long::longValue).toArray();
        assertAllPresentExcept(300, missing);
        // last-by-subject hints point at pre-compaction offsets: they must be detected as stale, not followed
        for (int k = 0; k < 10; k++)
        {
            final org.agrona.concurrent.UnsafeBuffer key = new org.agrona.concurrent.UnsafeBuffer(("sub." + k).getBytes());
            assertTrue(store.loadLast(key, 0, key.capacity(), msg));
            assertEquals("sub." + k, msg.subject());
            assertEquals(payload(msg.sequence()), msg.payloadAsString());
        }
        assertEquals(301, store.append("sub.1", null, payload(301).getBytes()));
        store.close();
        store = open();
        assertTrue(store.recoveryReport().indexesTrusted);
        assertAllPresentExcept(300, missing);
        store.close();
        Files.delete(dir.resolve(BlockDescriptor.CLEAN_FILE));
        store = open();
        assertEquals(0, store.recoveryReport().corruptRegions);
        assertAllPresentExcept(300, missing);
        final StreamState s = new StreamState();
        store.state(s);
        assertEquals(301 - missing.length, s.msgs);
    }

    @Test
    void shouldRefuseASecondOpenOfTheSameDirectory()
    {
        store = open();
        final StoreException ex = assertThrows(StoreException.class, this::open);
        assertEquals(StoreException.Reason.IO, ex.reason());
        assertTrue(ex.getMessage().contains("in use"), ex.getMessage());
        fill(3);
    }

    @Test
    void shouldNotFollowStaleLocationHintsAfterCompaction()
    {
        store = open();
        for (int i = 1; i <= 30; i++)
        {
            store.append("noise", null, payload(i).getBytes());
        }
        final long solo = store.append("solo", null, "the one".getBytes());
        fill(0);
        for (int i = 0; i < 300; i++)
        {
            store.append("noise", null, payload(i).getBytes());
        }
        for (long s = 1; s <= 30; s++)
        {
            store.remove(s); // the solo record moves to the front of its block when compacted
        }
        assertTrue(store.compactSparseBlocks(10) >= 1);
        final org.agrona.concurrent.UnsafeBuffer key = new org.agrona.concurrent.UnsafeBuffer("solo".getBytes());
        assertTrue(store.loadLast(key, 0, 4, msg));
        assertEquals(solo, msg.sequence());
        assertEquals("the one", msg.payloadAsString());
        store.close();
        store = open();
        assertTrue(store.loadLast(key, 0, 4, msg));
        assertEquals(solo, msg.sequence());
    }

    @Test
    void shouldSyncEveryAppendWhenAsked()
    {
        store = BlockFileStore.open(dir, config().syncAlways(true));
        fill(50);
        store.close();
        store = open();
        assertAllPresentExcept(50);
    }

    private static long firstSeqOfBlockFile(final Path block) throws IOException
    {
        try (RandomAccessFile f = new RandomAccessFile(block.toFile(), "r"))
        {
            f.seek(BlockDescriptor.FIRST_SEQ_OFFSET);
            return Long.reverseBytes(f.readLong());
        }
    }

    private static int findWritePos(final Path block) throws IOException
    {
        final byte[] data = Files.readAllBytes(block);
        final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int pos = BlockDescriptor.HEADER_LENGTH;
        while (pos + 8 <= data.length && b.getInt(pos + 4) != 0)
        {
            pos += RecordDescriptor.alignedLength(b.getInt(pos + 4));
        }
        return pos;
    }
}
