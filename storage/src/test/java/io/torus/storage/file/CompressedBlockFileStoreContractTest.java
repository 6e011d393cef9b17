package io.torus.storage.file;

import java.nio.file.Path;

import io.torus.storage.BlockCompression;
import io.torus.storage.StreamConfig;
import io.torus.storage.StreamStore;
import io.torus.storage.StreamStoreContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The contract against a file store whose blocks are compressed the moment they are sealed, with small blocks and
 * a one-slot decompression cache, so nearly every read of older messages goes through decompression and cache
 * eviction.
 */
class CompressedBlockFileStoreContractTest extends StreamStoreContractTest
{
    @TempDir
    Path dir;
    private int opened;

    private static StreamConfig compressed(final StreamConfig config)
    {
        return config.copy().blockSize(4096).compression(BlockCompression.LZ4).compressOnSeal(true)
            .compressedCacheBlocks(1);
    }

    @Override
    protected StreamStore create(final StreamConfig config)
    {
        return BlockFileStore.open(dir.resolve("stream" + (opened++)), compressed(config));
    }

    @Override
    protected StreamStore reopen(final StreamStore store, final StreamConfig config)
    {
        final Path path = ((BlockFileStore)store).directory();
        store.close();
        return BlockFileStore.open(path, compressed(config));
    }

    @org.junit.jupiter.api.Test
    void shouldReallyReadFromCompressedBlocks()
    {
        store = create(new io.torus.storage.StreamConfig());
        for (int i = 1; i <= 500; i++)
        {
            append("compressed." + (i % 3), "payload number " + i);
        }
        final BlockFileStore file = (BlockFileStore)store;
        assertTrue(file.compressedBlockCount() > 5, "blocks compressed at sealing: " + file.compressedBlockCount());
        for (int i = 1; i <= 500; i++)
        {
            assertTrue(store.load(i, msg));
            assertEquals("payload number " + i, new String(msg.payload(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertTrue(file.chunksDecompressed() > 5);
    }

    @AfterEach
    void noDamage()
    {
        if (store instanceof BlockFileStore)
        {
            assertEquals(0, ((BlockFileStore)store).recoveryReport().corruptChunks);
        }
    }
}
