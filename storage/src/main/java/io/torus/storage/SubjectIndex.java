package io.torus.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Per-subject state (message count, first and last sequence) for every subject of a stream, kept entirely
 * off-heap so the heap does not grow with the number of subjects: an open-addressing hash table with linear
 * probing and backward-shift deletion in one direct buffer, the subject bytes in a second direct buffer (arena).
 * Callers address an entry by its slot number; a slot number is valid until the next insert or remove.
 *
 * <p>Persisted as one file (table and arena verbatim plus a CRC32C) on clean close so a reopen reads it back in
 * one sequential read instead of rescanning every block.
 *
 * <pre>
 * slot (48 bytes):
 *   0: key offset in arena (int)   4: key length (int, 0 = empty slot)
 *   8: first sequence (long)      16: last sequence (long)
 *  24: message count (long)       32: hash (int)   36: flags (int: FIRST_STALE)
 *  40: where the last message is (long, a store-specific hint, 0 = none; verified before use)
 * </pre>
 *
 * <p>Not thread safe: owned by the store, used under its lock.
 */
public final class SubjectIndex implements AutoCloseable
{
    /** The first sequence is a lower bound only: the real first must be found by scanning forward from it. */
    public static final int FIRST_STALE = 1;

    static final int SLOT_LENGTH = 48;
    static final int KEY_OFFSET_OFFSET = 0;
    static final int KEY_LENGTH_OFFSET = 4;
    static final int FIRST_OFFSET = 8;
    static final int LAST_OFFSET = 16;
    static final int COUNT_OFFSET = 24;
    static final int HASH_OFFSET = 32;
    static final int FLAGS_OFFSET = 36;
    static final int LAST_HINT_OFFSET = 40;

    private static final long FILE_MAGIC = 0x5844_4E49_4A42_5553L; // "SUBJINDX"
    private static final int FILE_VERSION = 1;
    private static final int FILE_HEADER_LENGTH = 48;

    private ByteBuffer tableByteBuffer;
    private final UnsafeBuffer table = new UnsafeBuffer(0, 0);
    private ByteBuffer arenaByteBuffer;
    private final UnsafeBuffer arena = new UnsafeBuffer(0, 0);
    private int capacity;
    private int mask;
    private int size;
    private int arenaUsed;
    private int arenaGarbage;

    public SubjectIndex()
    {
        this(1024);
    }

    public SubjectIndex(final int initialCapacity)
    {
        allocateTable(Math.max(16, Integer.highestOneBit(Math.max(16, initialCapacity) - 1) << 1));
        allocateArena(64 * 1024);
    }

    private void allocateTable(final int newCapacity)
    {
        tableByteBuffer = ByteBuffer.allocateDirect(newCapacity * SLOT_LENGTH);
        table.wrap(tableByteBuffer);
        table.setMemory(0, newCapacity * SLOT_LENGTH, (byte)0);
        capacity = newCapacity;
        mask = newCapacity - 1;
    }

    private void allocateArena(final int length)
    {
        arenaByteBuffer = ByteBuffer.allocateDirect(length);
        arena.wrap(arenaByteBuffer);
        arenaUsed = 0;
        arenaGarbage = 0;
    }

    public int size()
    {
        return size;
    }

    public int capacity()
    {
        return capacity;
    }

    public static int hash(final DirectBuffer key, final int offset, final int length)
    {
        // FNV-1a over 8 bytes at a time where possible, then a murmur3 finaliser for the low bits we index by.
        long h = 0xcbf29ce484222325L;
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            h = (h ^ key.getLong(offset + i, ByteOrder.LITTLE_ENDIAN)) * 0x100000001b3L;
        }
        for (; i < length; i++)
        {
            h = (h ^ key.getByte(offset + i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int)h;
    }

    /** Slot of the subject, or -1. */
    public int find(final DirectBuffer key, final int offset, final int length)
    {
        final int h = hash(key, offset, length);
        int slot = h & mask;
        while (true)
        {
            final int base = slot * SLOT_LENGTH;
            final int keyLength = table.getInt(base + KEY_LENGTH_OFFSET);
            if (keyLength == 0)
            {
                return -1;
            }
            if (table.getInt(base + HASH_OFFSET) == h && keyLength == length &&
                keyEquals(table.getInt(base + KEY_OFFSET_OFFSET), key, offset, length))
            {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private boolean keyEquals(final int arenaOffset, final DirectBuffer key, final int offset, final int length)
    {
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            if (arena.getLong(arenaOffset + i) != key.getLong(offset + i))
            {
                return false;
            }
        }
        for (; i < length; i++)
        {
            if (arena.getByte(arenaOffset + i) != key.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * First slot whose hash and length match, without comparing the key bytes (which live in the arena, one more
     * cache miss). The caller must confirm the match against the subject it finds in the record, and fall back to
     * {@link #find} if it differs. -1 if no candidate.
     */
    public int findCandidate(final DirectBuffer key, final int offset, final int length)
    {
        return findCandidate(hash(key, offset, length), length);
    }

    /** {@link #findCandidate(DirectBuffer, int, int)} with the key's {@link #hash} computed beforehand. */
    public int findCandidate(final int h, final int length)
    {
        int slot = h & mask;
        while (true)
        {
            final int base = slot * SLOT_LENGTH;
            final int keyLength = table.getInt(base + KEY_LENGTH_OFFSET);
            if (keyLength == 0)
            {
                return -1;
            }
            if (table.getInt(base + HASH_OFFSET) == h && keyLength == length)
            {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    public long lastHint(final int slot)
    {
        return table.getLong(slot * SLOT_LENGTH + LAST_HINT_OFFSET);
    }

    public void lastHint(final int slot, final long value)
    {
        table.putLong(slot * SLOT_LENGTH + LAST_HINT_OFFSET, value);
    }

    /** Slot of the subject, inserting an entry with count 0 if absent. */
    public int findOrInsert(final DirectBuffer key, final int offset, final int length)
    {
        if (length <= 0)
        {
            throw new StoreException(StoreException.Reason.INVALID_ARGUMENT, "empty subject");
        }
        final int existing = find(key, offset, length);
        if (existing >= 0)
        {
            return existing;
        }
        if ((size + 1) * 10L > capacity * 6L)
        {
            rehash(capacity << 1);
        }
        if (arenaUsed + length > arena.capacity())
        {
            growArena(length);
        }
        final int h = hash(key, offset, length);
        int slot = h & mask;
        while (table.getInt(slot * SLOT_LENGTH + KEY_LENGTH_OFFSET) != 0)
        {
            slot = (slot + 1) & mask;
        }
        final int keyOffset = arenaUsed;
        arena.putBytes(keyOffset, key, offset, length);
        arenaUsed += length;
        final int base = slot * SLOT_LENGTH;
        table.putInt(base + KEY_OFFSET_OFFSET, keyOffset);
        table.putInt(base + KEY_LENGTH_OFFSET, length);
        table.putLong(base + FIRST_OFFSET, 0);
        table.putLong(base + LAST_OFFSET, 0);
        table.putLong(base + COUNT_OFFSET, 0);
        table.putInt(base + HASH_OFFSET, h);
        table.putInt(base + FLAGS_OFFSET, 0);
        table.putLong(base + LAST_HINT_OFFSET, 0);
        size++;
        return slot;
    }

    private void growArena(final int needed)
    {
        if (arenaGarbage > arenaUsed / 2)
        {
            compactArena(Math.max(arena.capacity(), (arenaUsed - arenaGarbage + needed) * 2));
        }
        else
        {
            compactArena(Math.max(arena.capacity() * 2, arenaUsed + needed));
        }
    }

    /** Copy live keys into a fresh arena, dropping the bytes of removed subjects. */
    private void compactArena(final int newLength)
    {
        final ByteBuffer oldByteBuffer = arenaByteBuffer;
        final UnsafeBuffer old = new UnsafeBuffer(oldByteBuffer);
        allocateArena(newLength);
        for (int slot = 0; slot < capacity; slot++)
        {
            final int base = slot * SLOT_LENGTH;
            final int keyLength = table.getInt(base + KEY_LENGTH_OFFSET);
            if (keyLength != 0)
            {
                arena.putBytes(arenaUsed, old, table.getInt(base + KEY_OFFSET_OFFSET), keyLength);
                table.putInt(base + KEY_OFFSET_OFFSET, arenaUsed);
                arenaUsed += keyLength;
            }
        }
        BufferUtil.free(oldByteBuffer);
    }

    private void rehash(final int newCapacity)
    {
        final ByteBuffer oldByteBuffer = tableByteBuffer;
        final UnsafeBuffer old = new UnsafeBuffer(oldByteBuffer);
        final int oldCapacity = capacity;
        allocateTable(newCapacity);
        for (int s = 0; s < oldCapacity; s++)
        {
            final int oldBase = s * SLOT_LENGTH;
            if (old.getInt(oldBase + KEY_LENGTH_OFFSET) != 0)
            {
                int slot = old.getInt(oldBase + HASH_OFFSET) & mask;
                while (table.getInt(slot * SLOT_LENGTH + KEY_LENGTH_OFFSET) != 0)
                {
                    slot = (slot + 1) & mask;
                }
                table.putBytes(slot * SLOT_LENGTH, old, oldBase, SLOT_LENGTH);
            }
        }
        BufferUtil.free(oldByteBuffer);
    }

    /** Remove the entry in the slot; entries after it in its probe run shift back (no tombstones). */
    public void remove(final int slot)
    {
        int hole = slot;
        arenaGarbage += keyLength(slot);
        table.setMemory(hole * SLOT_LENGTH, SLOT_LENGTH, (byte)0);
        size--;
        int next = (hole + 1) & mask;
        while (table.getInt(next * SLOT_LENGTH + KEY_LENGTH_OFFSET) != 0)
        {
            final int home = table.getInt(next * SLOT_LENGTH + HASH_OFFSET) & mask;
            // Move 'next' into the hole unless its home lies cyclically in (hole, next].
            final boolean homeBetween = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
            if (!homeBetween)
            {
                table.putBytes(hole * SLOT_LENGTH, table, next * SLOT_LENGTH, SLOT_LENGTH);
                table.setMemory(next * SLOT_LENGTH, SLOT_LENGTH, (byte)0);
                hole = next;
            }
            next = (next + 1) & mask;
        }
    }

    public void clear()
    {
        table.setMemory(0, capacity * SLOT_LENGTH, (byte)0);
        size = 0;
        arenaUsed = 0;
        arenaGarbage = 0;
    }

    public boolean isUsed(final int slot)
    {
        return table.getInt(slot * SLOT_LENGTH + KEY_LENGTH_OFFSET) != 0;
    }

    public DirectBuffer keyBuffer()
    {
        return arena;
    }

    public int keyOffset(final int slot)
    {
        return table.getInt(slot * SLOT_LENGTH + KEY_OFFSET_OFFSET);
    }

    public int keyLength(final int slot)
    {
        return table.getInt(slot * SLOT_LENGTH + KEY_LENGTH_OFFSET);
    }

    /** Allocates: for humans and maps returned to JetStream's API layer. */
    public String key(final int slot)
    {
        return arena.getStringWithoutLengthAscii(keyOffset(slot), keyLength(slot));
    }

    public long first(final int slot)
    {
        return table.getLong(slot * SLOT_LENGTH + FIRST_OFFSET);
    }

    public long last(final int slot)
    {
        return table.getLong(slot * SLOT_LENGTH + LAST_OFFSET);
    }

    public long count(final int slot)
    {
        return table.getLong(slot * SLOT_LENGTH + COUNT_OFFSET);
    }

    public int flags(final int slot)
    {
        return table.getInt(slot * SLOT_LENGTH + FLAGS_OFFSET);
    }

    public void first(final int slot, final long value)
    {
        table.putLong(slot * SLOT_LENGTH + FIRST_OFFSET, value);
    }

    public void last(final int slot, final long value)
    {
        table.putLong(slot * SLOT_LENGTH + LAST_OFFSET, value);
    }

    public void count(final int slot, final long value)
    {
        table.putLong(slot * SLOT_LENGTH + COUNT_OFFSET, value);
    }

    public void flags(final int slot, final int value)
    {
        table.putInt(slot * SLOT_LENGTH + FLAGS_OFFSET, value);
    }

    /**
     * Write table and arena to {@code file} (through a temp file and an atomic rename), stamped with the stream's
     * last sequence so a reader can tell a stale index from a current one.
     */
    public void writeTo(final Path file, final long streamLastSeq) throws IOException
    {
        final int tableLength = capacity * SLOT_LENGTH;
        final ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32C crc = new CRC32C();
        final ByteBuffer t = tableByteBuffer.duplicate().clear().limit(tableLength);
        crc.update(t);
        final ByteBuffer a = arenaByteBuffer.duplicate().clear().limit(arenaUsed);
        crc.update(a);
        header.putLong(0, FILE_MAGIC).putInt(8, FILE_VERSION).putInt(12, capacity).putInt(16, size)
            .putInt(20, arenaUsed).putInt(24, (int)crc.getValue()).putLong(32, streamLastSeq);
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            header.clear();
            writeFully(ch, header);
            writeFully(ch, tableByteBuffer.duplicate().clear().limit(tableLength));
            writeFully(ch, arenaByteBuffer.duplicate().clear().limit(arenaUsed));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeFully(final FileChannel ch, final ByteBuffer b) throws IOException
    {
        while (b.hasRemaining())
        {
            ch.write(b);
        }
    }

    /**
     * Replace this index with the file's content if the file is intact and was written at {@code expectedLastSeq}.
     *
     * @return false (and this index left empty) when the file is missing, truncated, stale or fails its checksum.
     */
    public boolean readFrom(final Path file, final long expectedLastSeq)
    {
        clear();
        if (!Files.isRegularFile(file))
        {
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, header, 0);
            if (header.getLong(0) != FILE_MAGIC || header.getInt(8) != FILE_VERSION)
            {
                return false;
            }
            final int cap = header.getInt(12);
            final int count = header.getInt(16);
            final int used = header.getInt(20);
            final int expectedCrc = header.getInt(24);
            if (header.getLong(32) != expectedLastSeq || Integer.bitCount(cap) != 1 || cap < 16 || used < 0 ||
                count < 0 || count > cap || ch.size() != FILE_HEADER_LENGTH + (long)cap * SLOT_LENGTH + used)
            {
                return false;
            }
            if (cap != capacity)
            {
                BufferUtil.free(tableByteBuffer);
                allocateTable(cap);
            }
            if (used > arena.capacity())
            {
                BufferUtil.free(arenaByteBuffer);
                allocateArena(Math.max(64 * 1024, used * 2));
            }
            final ByteBuffer t = tableByteBuffer.duplicate().clear().limit(cap * SLOT_LENGTH);
            readFully(ch, t, FILE_HEADER_LENGTH);
            final ByteBuffer a = arenaByteBuffer.duplicate().clear().limit(used);
            readFully(ch, a, FILE_HEADER_LENGTH + (long)cap * SLOT_LENGTH);
            final CRC32C crc = new CRC32C();
            crc.update(tableByteBuffer.duplicate().clear().limit(cap * SLOT_LENGTH));
            crc.update(arenaByteBuffer.duplicate().clear().limit(used));
            if ((int)crc.getValue() != expectedCrc)
            {
                clear();
                return false;
            }
            size = count;
            arenaUsed = used;
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            clear();
            return false;
        }
    }

    private static void readFully(final FileChannel ch, final ByteBuffer b, final long position) throws IOException
    {
        long pos = position;
        while (b.hasRemaining())
        {
            final int n = ch.read(b, pos);
            if (n < 0)
            {
                throw new IOException("short read");
            }
            pos += n;
        }
    }

    @Override
    public void close()
    {
        if (tableByteBuffer != null)
        {
            BufferUtil.free(tableByteBuffer);
            BufferUtil.free(arenaByteBuffer);
            tableByteBuffer = null;
            arenaByteBuffer = null;
            table.wrap(0, 0);
            arena.wrap(0, 0);
        }
    }
}
