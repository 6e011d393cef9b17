package io.torus.storage.memory;

import io.torus.storage.StreamConfig;
import io.torus.storage.StreamStore;
import io.torus.storage.StreamStoreContractTest;

class MemoryStoreContractTest extends StreamStoreContractTest
{
    @Override
    protected StreamStore create(final StreamConfig config)
    {
        return new MemoryStore(config);
    }

    @Override
    protected StreamStore reopen(final StreamStore store, final StreamConfig config)
    {
        return store;
    }
}
