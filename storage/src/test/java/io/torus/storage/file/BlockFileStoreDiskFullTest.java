package io.torus.storage.file;

import java.nio.file.Files;
import java.nio.file.Path;

import io.torus.storage.StoreException;
import io.torus.storage.StoreMessage;
import io.torus.storage.StreamConfig;
import io.torus.storage.StreamState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A real full disk. Needs a small, empty file system mounted by hand (root), e.g.
 * {@code mount -t tmpfs -o size=1m tmpfs /tmp/torus-full}, passed as {@code -Dtorus.test.fullfs=/tmp/torus-full};
 * skipped otherwise.
 */
@EnabledIfSystemProperty(named = "torus.test.fullfs", matches = ".+")
class BlockFileStoreDiskFullTest
{
    @Test
    @Timeout(30)
    void shouldFailAppendsWithIoErrorOnFullDiskAndStayReadable() throws Exception
    {
        final Path dir = Files.createTempDirectory(Path.of(System.getProperty("torus.test.fullfs")), "stream");
        final StoreMessage msg = new StoreMessage();
        long appended = 0;
        StoreException failure = null;
        try (BlockFileStore store = BlockFileStore.open(dir, new StreamConfig().blockSize(128 * 1024)))
        {
            while (failure == null && appended < 1_000_000)
            {
                try
                {
                    store.append("full.disk", null, new byte[512]);
                    appended++;
                }
                catch (final StoreException ex)
                {
                    failure = ex;
                }
            }
            assertNotNull(failure, "the disk never filled");
            assertEquals(StoreException.Reason.IO, failure.reason());
            assertTrue(failure.getMessage().contains("No space left"), failure.getMessage());
            final StreamState s = new StreamState();
            store.state(s);
            assertEquals(appended, s.msgs);
            for (long seq = 1; seq <= appended; seq++)
            {
                assertTrue(store.load(seq, msg));
            }
            // a removal in a sealed block still works: no room for its delete log, so it is written in place
            assertTrue(store.remove(1));
            assertFalse(store.load(1, msg));
            // room again (old messages removed): appends resume
            store.purge();
            assertEquals(appended + 1, store.append("full.disk", null, new byte[512]));
        }
        finally
        {
            try (var files = Files.list(dir))
            {
                for (final Path p : (Iterable<Path>)files::iterator)
                {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
