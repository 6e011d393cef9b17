package io.torus.storage.file;

import java.nio.file.Path;

import io.torus.storage.StreamConfig;
import io.torus.storage.StreamStore;
import io.torus.storage.StreamStoreContractTest;
import org.junit.jupiter.api.io.TempDir;

/** The contract against the file store, with small blocks so every test crosses block boundaries. */
class BlockFileStoreContractTest extends StreamStoreContractTest
{
    @TempDir
    Path dir;
    private int opened;

    @Override
    protected StreamStore create(final StreamConfig config)
    {
        return BlockFileStore.open(dir.resolve("stream" + (opened++)), config.copy().blockSize(4096));
    }

    @Override
    protected StreamStore reopen(final StreamStore store, final StreamConfig config)
    {
        final Path path = ((BlockFileStore)store).directory();
        store.close();
        return BlockFileStore.open(path, config.copy().blockSize(4096));
    }
}
