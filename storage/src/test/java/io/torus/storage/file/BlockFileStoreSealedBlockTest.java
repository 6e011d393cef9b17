package io.torus.storage.file;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import io.torus.storage.StoreMessage;
import io.torus.storage.StreamConfig;
import io.torus.storage.StreamState;
import io.torus.storage.SubjectFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Sealed blocks are read-only: removals of their messages go to a delete log beside them, the block file's bytes
 * never change (only a compaction or truncation replaces the file whole), and the removals survive a clean reopen,
 * a rebuild and a process kill.
 */
@Timeout(90)
class BlockFileStoreSealedBlockTest
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

    private BlockFileStore open()
    {
        return BlockFileStore.open(dir, new StreamConfig().blockSize(BLOCK));
    }

    private void fill(final int n)
    {
        for (int i = 1; i <= n; i++)
        {
            assertEquals(i, store.append("sub." + (i % 10), null, ("payload-" + i).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private List<Path> files(final String suffix) throws IOException
    {
        try (Stream<Path> s = Files.list(dir))
        {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().collect(Collectors.toList());
        }
    }

    private static long crc(final Path p) throws IOException
    {
        final CRC32C c = new CRC32C();
        c.update(Files.readAllBytes(p));
        return c.getValue();
    }

    private static Object inode(final Path p) throws IOException
    {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }

    /** Checksum and identity of every block file but the last (the tail). */
    private Map<Path, long[]> sealedBlocks() throws IOException
    {
        final List<Path> blocks = files(".blk");
        final Map<Path, long[]> result = new HashMap<>();
        for (final Path p : blocks.subList(0, blocks.size() - 1))
        {
            result.put(p, new long[] {crc(p), inode(p).hashCode()});
        }
        return result;
    }

    @Test
    void shouldNeverChangeASealedBlockFileOnRemovalsLimitsPurgesAndCompaction() throws IOException
    {
        store = open();
        fill(2000);
        store.flush();
        final Map<Path, long[]> before = sealedBlocks();
        final Map<Path, Object> inodes = new HashMap<>();
        for (final Path p : before.keySet())
        {
            inodes.put(p, inode(p));
        }
        assertTrue(before.size() > 10, "needs many sealed blocks: " + before.size());

        for (long seq = 3; seq <= 1500; seq += 7)
        {
            assertTrue(store.remove(seq));
        }
        store.purge(SubjectFilter.of("sub.4"), 0, 5); // keep the last 5 of one subject
        store.compact(50); // everything below 50 goes, part of a sealed head block
        store.updateConfig(new StreamConfig().blockSize(BLOCK).maxMsgsPerSubject(150)); // evictions in sealed blocks
        for (long seq = 1000; seq <= 1100; seq++)
        {
            store.remove(seq); // empties most of a block: a candidate for compaction
        }
        store.flush();
        assertFalse(files(".del").isEmpty(), "removals in sealed blocks must be in delete logs");

        int unchangedWithRemovals = 0;
        for (final Map.Entry<Path, long[]> e : before.entrySet())
        {
            final Path p = e.getKey();
            if (Files.exists(p))
            {
                assertEquals(inodes.get(p), inode(p), p + " replaced without compaction");
                assertEquals(e.getValue()[0], crc(p), p + " changed after sealing");
                if (Files.exists(dir.resolve(BlockDescriptor.deleteLogFileName(idOf(p)))))
                {
                    unchangedWithRemovals++;
                }
            }
        }
        assertTrue(unchangedWithRemovals > 3, "removals must have hit sealed blocks: " + unchangedWithRemovals);

        final StreamState expected = new StreamState();
        store.state(expected);
        final int compacted = store.compactSparseBlocks(100);
        assertTrue(compacted > 0, "some blocks must be sparse enough to compact");
        int replaced = 0;
        for (final Map.Entry<Path, long[]> e : before.entrySet())
        {
            final Path p = e.getKey();
            if (Files.exists(p) && !inodes.get(p).equals(inode(p)))
            {
                replaced++;
                assertFalse(Files.exists(dir.resolve(BlockDescriptor.deleteLogFileName(idOf(p)))),
                    "a compacted block starts without removals");
            }
            else if (Files.exists(p))
            {
                assertEquals(e.getValue()[0], crc(p), p + " changed by compaction of other blocks");
            }
        }
        assertEquals(compacted, replaced, "compaction replaces files whole (new file renamed over the old)");

        // A compacted block is sealed too: further removals leave its new bytes alone.
        final Map<Path, long[]> afterCompaction = sealedBlocks();
        final StreamState s = new StreamState();
        store.state(s);
        long removed = 0;
        for (long seq = s.firstSeq; seq <= s.lastSeq && removed < 60; seq += 3)
        {
            if (store.remove(seq))
            {
                removed++;
            }
        }
        assertTrue(removed > 0);
        for (final Map.Entry<Path, long[]> e : afterCompaction.entrySet())
        {
            if (Files.exists(e.getKey()))
            {
                assertEquals(e.getValue()[0], crc(e.getKey()), e.getKey() + " changed after sealing");
            }
        }
        assertNotEquals(expected.msgs, s.msgs - removed + 1, "sanity");
    }

    private static long idOf(final Path block)
    {
        final String name = block.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - BlockDescriptor.BLOCK_SUFFIX.length()));
    }

    private List<Long> removeSpread()
    {
        final List<Long> removed = new ArrayList<>();
        for (long seq = 5; seq <= 450; seq += 11)
        {
            assertTrue(store.remove(seq));
            removed.add(seq);
        }
        return removed;
    }

    private void assertRemovedAndOthersIntact(final List<Long> removed, final int n)
    {
        for (long seq = 1; seq <= n; seq++)
        {
            if (removed.contains(seq))
            {
                assertFalse(store.load(seq, msg), "removed " + seq + " came back");
            }
            else
            {
                assertTrue(store.load(seq, msg), "seq " + seq + " missing");
                assertEquals("payload-" + seq, new String(msg.payload(), StandardCharsets.UTF_8));
            }
        }
        final StreamState s = new StreamState();
        store.state(s);
        assertEquals(n - removed.size(), s.msgs);
        assertEquals(removed.size(), s.numDeleted);
    }

    @Test
    void shouldKeepRemovalsOfSealedBlocksAcrossCleanReopenAndRebuild() throws IOException
    {
        store = open();
        fill(500);
        final List<Long> removed = removeSpread();
        final Map<String, Long> subjectTotals = store.subjectsTotals(SubjectFilter.ALL);
        store.close();

        store = open();
        assertTrue(store.recoveryReport().indexesTrusted, store.recoveryReport().toString());
        assertRemovedAndOthersIntact(removed, 500);
        // removals after a reopen land in the same delete logs
        assertTrue(store.remove(460));
        removed.add(460L);
        store.close();

        Files.delete(dir.resolve(BlockDescriptor.CLEAN_FILE)); // as after a crash: rebuild from the blocks
        store = open();
        final RecoveryReport report = store.recoveryReport();
        assertFalse(report.indexesTrusted);
        assertEquals(removed.size() - countInTail(removed), report.loggedRemovals, report.toString());
        assertRemovedAndOthersIntact(removed, 500);
        final Map<String, Long> totals = store.subjectsTotals(SubjectFilter.ALL);
        assertEquals(subjectTotals.values().stream().mapToLong(Long::longValue).sum() - 1,
            totals.values().stream().mapToLong(Long::longValue).sum());
        // appends and further removals go on
        assertEquals(501, store.append("sub.1", null, "payload-501".getBytes(StandardCharsets.UTF_8)));
    }

    private long countInTail(final List<Long> removed) throws IOException
    {
        // Removals in the tail block are tombstones in place, not delete-log entries.
        final List<Path> blocks = files(".blk");
        final Path tail = blocks.get(blocks.size() - 1);
        try (RandomAccessFile f = new RandomAccessFile(tail.toFile(), "r"))
        {
            final byte[] header = new byte[32];
            f.readFully(header);
            final long first = java.nio.ByteBuffer.wrap(header).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(24);
            return removed.stream().filter(s -> s >= first).count();
        }
    }

    @Test
    void shouldSkipACorruptDeleteLogEntryAndApplyTheOthers() throws IOException
    {
        store = open();
        fill(300);
        final List<Long> removed = new ArrayList<>();
        for (long seq = 2; seq <= 20; seq += 3)
        {
            assertTrue(store.remove(seq)); // all in the first block
            removed.add(seq);
        }
        store.close();
        Files.delete(dir.resolve(BlockDescriptor.CLEAN_FILE));
        final Path log = files(".del").get(0);
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw"))
        {
            final long entry = BlockDescriptor.DELETE_LOG_HEADER_LENGTH + 2 * BlockDescriptor.DELETE_ENTRY_LENGTH;
            f.seek(entry + 5);
            final int b = f.read();
            f.seek(entry + 5);
            f.write(b ^ 0x40); // the third removal's check word
        }
        store = open();
        assertEquals(1, store.recoveryReport().corruptDeleteEntries, store.recoveryReport().toString());
        assertEquals(removed.size() - 1, store.recoveryReport().loggedRemovals);
        final long resurrected = removed.remove(2);
        assertTrue(store.load(resurrected, msg), "an unreadable removal leaves the message live, intact");
        assertEquals("payload-" + resurrected, new String(msg.payload(), StandardCharsets.UTF_8));
        for (final long seq : removed)
        {
            assertFalse(store.load(seq, msg), "removed " + seq + " came back");
        }
    }

    @Test
    void shouldTruncateIntoASealedBlockByReplacingIt() throws IOException
    {
        store = open();
        fill(300);
        final List<Path> blocks = files(".blk");
        final Path middle = blocks.get(blocks.size() / 2);
        final Object inodeBefore = inode(middle);
        final long crcBefore = crc(middle);
        // truncate to a sequence inside the middle block
        final long first;
        try (RandomAccessFile f = new RandomAccessFile(middle.toFile(), "r"))
        {
            final byte[] header = new byte[32];
            f.readFully(header);
            first = java.nio.ByteBuffer.wrap(header).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(24);
        }
        store.truncate(first + 2);
        assertTrue(Files.exists(middle));
        assertNotEquals(inodeBefore, inode(middle), "a sealed block is replaced, not cut in place");
        assertNotEquals(crcBefore, crc(middle));
        store.close();
        Files.delete(dir.resolve(BlockDescriptor.CLEAN_FILE));
        store = open();
        final StreamState s = new StreamState();
        store.state(s);
        assertEquals(first + 2, s.lastSeq);
        assertEquals(first + 2, s.msgs);
        assertFalse(store.load(first + 3, msg));
        assertTrue(store.load(first + 2, msg));
        assertEquals(first + 3, store.append("sub.x", null, "again".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @Timeout(120)
    void shouldKeepAcknowledgedRemovalsAcrossProcessKills() throws Exception
    {
        final Path streamDir = dir.resolve("stream");
        final int n = 6000;
        long removedUpTo = 0;
        for (int round = 0; round < 3; round++)
        {
            final Process child = startRemover(streamDir, n);
            final BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream()));
            String line = reader.readLine();
            while (line != null && !line.startsWith("ready "))
            {
                line = reader.readLine();
            }
            assertNotNull(line, "child died before ready");
            final AtomicLong lastAck = new AtomicLong();
            final long target = 1 + (round + 1) * 600L; // kill somewhere after this many removals
            while ((line = reader.readLine()) != null)
            {
                if (line.equals("done"))
                {
                    break;
                }
                if (!line.isEmpty() && line.chars().allMatch(Character::isDigit))
                {
                    lastAck.set(Long.parseLong(line));
                    if (lastAck.get() >= target)
                    {
                        break;
                    }
                }
            }
            child.destroyForcibly(); // SIGKILL: no clean close, the next open rebuilds
            assertTrue(child.waitFor(20, TimeUnit.SECONDS));
            final long acked = Math.max(removedUpTo, lastAck.get());
            assertTrue(acked > removedUpTo || round > 0, "round " + round + ": nothing removed");

            try (BlockFileStore s = BlockFileStore.open(streamDir, new StreamConfig().blockSize(64 * 1024)))
            {
                assertFalse(s.recoveryReport().indexesTrusted);
                assertTrue(s.recoveryReport().loggedRemovals > 0, s.recoveryReport().toString());
                for (long seq = 1; seq <= n; seq++)
                {
                    final boolean present = s.load(seq, msg);
                    // The child went on removing between its last line read here and the kill: odd sequences
                    // above the acknowledged one may be either way.
                    if (seq % 2 == 0)
                    {
                        assertTrue(present, "round " + round + ": seq " + seq + " lost");
                        assertArrayEquals(CrashWriter.payloadFor(seq), msg.payload());
                    }
                    else if (seq <= acked)
                    {
                        assertFalse(present, "round " + round + ": removed seq " + seq + " came back");
                    }
                }
            }
            removedUpTo = acked;
        }
    }

    private static Process startRemover(final Path streamDir, final int n) throws Exception
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-D"))
            {
                cmd.add(arg);
            }
        }
        cmd.add("-Xmx64m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CrashWriter.class.getName());
        cmd.add(streamDir.toString());
        cmd.add("remove");
        cmd.add(Integer.toString(n));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
