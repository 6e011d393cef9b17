package io.torus.storage.file;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import io.airlift.compress.lz4.Lz4Decompressor;
import org.agrona.BufferUtil;

/**
 * The decompressed bytes of a few compressed blocks of one store, in direct buffers that are reused: a compressed
 * {@link MessageBlock} borrows a slot while it is read, its chunks are decompressed into the slot on first touch
 * (a bit per chunk says which are there), and the least recently used block gives its slot up when another needs
 * one. Memory is bounded by slots x block size, whatever the number of compressed blocks.
 *
 * <p>Not thread safe: used under the store lock (and by the store's compression step, which takes it).
 */
final class BlockCache
{
    /** One reusable decompression buffer and the block that owns it. */
    static final class Slot
    {
        ByteBuffer memory;
        long[] present = new long[1];
        MessageBlock owner;
        long lastUse;

        boolean has(final int chunk)
        {
            return (present[chunk >>> 6] & (1L << chunk)) != 0;
        }

        void set(final int chunk)
        {
            present[chunk >>> 6] |= 1L << chunk;
        }
    }

    final Lz4Decompressor decompressor = new Lz4Decompressor();
    private final Slot[] slots;
    private long clock;
    /** Chunks decompressed since the store opened; for tests and metrics. */
    long chunksInflated;

    BlockCache(final int size)
    {
        slots = new Slot[Math.max(1, size)];
        for (int i = 0; i < slots.length; i++)
        {
            slots[i] = new Slot();
        }
    }

    /** Give {@code block} a slot of at least {@code capacity} bytes with no chunk present, evicting the LRU. */
    Slot attach(final MessageBlock block, final int capacity, final int chunks)
    {
        Slot victim = null;
        for (final Slot s : slots)
        {
            if (s.owner == null)
            {
                victim = s;
                break;
            }
            if (victim == null || s.lastUse < victim.lastUse)
            {
                victim = s;
            }
        }
        if (victim.owner != null)
        {
            victim.owner.detach();
        }
        if (victim.memory == null || victim.memory.capacity() < capacity)
        {
            if (victim.memory != null)
            {
                BufferUtil.free(victim.memory);
            }
            victim.memory = ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
        }
        final int words = (chunks + 63) >>> 6;
        if (victim.present.length < words)
        {
            victim.present = new long[words];
        }
        else
        {
            Arrays.fill(victim.present, 0L);
        }
        victim.owner = block;
        touch(victim);
        return victim;
    }

    void touch(final Slot slot)
    {
        slot.lastUse = ++clock;
    }

    void close()
    {
        for (final Slot s : slots)
        {
            if (s.owner != null)
            {
                s.owner.detach();
            }
            if (s.memory != null)
            {
                BufferUtil.free(s.memory);
                s.memory = null;
            }
        }
    }
}
