package io.torus.storage.file;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.torus.storage.StoreMessage;
import io.torus.storage.StreamConfig;
import io.torus.storage.StreamState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A child process appends continuously and is killed with SIGKILL at a random moment, twenty times on the same
 * directory. After each kill the store must hold every acknowledged message intact, with contiguous sequences,
 * and accept appends again. (A process kill keeps the page cache, so mapped writes that returned are durable.)
 */
class BlockFileStoreCrashTest
{
    private static final int ROUNDS = 20;

    @TempDir
    Path dir;

    @Test
    @Timeout(150)
    void shouldKeepEveryAcknowledgedMessageAcrossTwentyKills() throws Exception
    {
        killRepeatedly(ROUNDS, false);
    }

    /** The same with sealed blocks compressed in the background all the while: kills land mid-compression. */
    @Test
    @Timeout(150)
    void shouldKeepEveryAcknowledgedMessageAcrossKillsDuringCompression() throws Exception
    {
        killRepeatedly(8, true);
    }

    private void killRepeatedly(final int rounds, final boolean compress) throws Exception
    {
        final Path streamDir = dir.resolve("stream");
        int compressedSeen = 0;
        final StoreMessage msg = new StoreMessage();
        long verifiedUpTo = 0;
        for (int round = 0; round < rounds; round++)
        {
            final Process child = startChild(streamDir, compress);
            final AtomicLong lastAck = new AtomicLong(-1);
            final BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream()));
            String ready = reader.readLine();
            while (ready != null && !ready.startsWith("ready "))
            {
                ready = reader.readLine(); // log lines of the child
            }
            assertNotNull(ready, "child died before ready");
            assertTrue(ready.startsWith("ready "), ready);
            final Thread pump = new Thread(() ->
            {
                try
                {
                    String line;
                    while ((line = reader.readLine()) != null)
                    {
                        if (!line.isEmpty() && Character.isDigit(line.charAt(0)) && line.chars().allMatch(Character::isDigit))
                        {
                            lastAck.set(Long.parseLong(line));
                        }
                    }
                }
                catch (final Exception ignore)
                {
                    // the pipe breaks when the child dies
                }
            });
            pump.start();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (lastAck.get() < 0 && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
            Thread.sleep(ThreadLocalRandom.current().nextInt(20, 200)); // let it run a random while before the kill
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(20, TimeUnit.SECONDS));
            pump.join(10_000);
            final long acked = lastAck.get();
            assertTrue(acked > 0, "round " + round + ": child acknowledged nothing");

            try (BlockFileStore store = BlockFileStore.open(streamDir,
                compress ? CrashWriter.compressingConfig() : new StreamConfig().blockSize(64 * 1024)))
            {
                compressedSeen = Math.max(compressedSeen, store.compressedBlockCount());
                assertEquals(0, store.recoveryReport().corruptChunks, store.recoveryReport().toString());
                assertEquals(0, store.recoveryReport().unreadableBlocks, store.recoveryReport().toString());
                final StreamState s = new StreamState();
                store.state(s);
                assertTrue(s.lastSeq >= acked, "round " + round + ": last " + s.lastSeq + " < acked " + acked);
                assertEquals(1, s.firstSeq);
                assertEquals(s.lastSeq, s.msgs, "sequences must be contiguous");
                assertEquals(0, store.recoveryReport().corruptRegions, store.recoveryReport().toString());
                for (long seq = verifiedUpTo + 1; seq <= s.lastSeq; seq++)
                {
                    assertTrue(store.load(seq, msg), "round " + round + ": seq " + seq + " missing");
                    assertArrayEquals(CrashWriter.payloadFor(seq), msg.payload(), "seq " + seq);
                }
                verifiedUpTo = s.lastSeq;
                // appends continue right after the recovered tail
                final byte[] p = CrashWriter.payloadFor(s.lastSeq + 1);
                assertEquals(s.lastSeq + 1, store.append("crash.test", null, p));
                verifiedUpTo++;
            }
        }
        assertTrue(verifiedUpTo > rounds);
        if (compress)
        {
            assertTrue(compressedSeen > 0, "the background never compressed a block");
        }
    }

    private static Process startChild(final Path streamDir, final boolean compress) throws Exception
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
        if (compress)
        {
            cmd.add("compress");
        }
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
