package io.torus.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import io.torus.storage.StoreException;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import static io.torus.storage.file.BlockDescriptor.*;

/**
 * The removals of one sealed {@link MessageBlock}, kept beside it so that the block file itself is never written
 * after sealing. A memory-mapped file of fixed-size entries, one per removed sequence, appended in place (a removal
 * survives a process kill the moment it returns, like an append); the file holds one entry per sequence of the
 * block, so it can never fill up. Layout in {@link BlockDescriptor}.
 *
 * <p>Each entry carries a check word derived from the block id, the first sequence and the slot, so a torn or
 * flipped entry is recognised and skipped on its own without losing the entries around it; an empty (zero) entry
 * is simply unused. Recovery reads every entry of the file, not just up to the first zero one.
 *
 * <p>Not thread safe: used under the store lock, like its block.
 */
final class DeleteLog
{
    private final Path path;
    private final long blockId;
    private final long firstSeq;
    private final int slots;
    private MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private int writeOffset;
    boolean dirty;

    private DeleteLog(final Path path, final MappedByteBuffer mapped, final long blockId, final long firstSeq,
        final int slots)
    {
        this.path = path;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.blockId = blockId;
        this.firstSeq = firstSeq;
        this.slots = slots;
        this.writeOffset = DELETE_LOG_HEADER_LENGTH;
    }

    static Path pathOf(final Path blockPath, final long blockId)
    {
        return blockPath.resolveSibling(deleteLogFileName(blockId));
    }

    /**
     * Create (or, if a valid one is there already, open) the delete log of a sealed block. Written with zeros
     * first when {@code preallocate}, so a full disk fails here with an exception rather than on a later write
     * into the mapping.
     */
    static DeleteLog createOrOpen(final Path blockPath, final long blockId, final long firstSeq, final int slots,
        final boolean preallocate)
    {
        final Path path = pathOf(blockPath, blockId);
        if (Files.isRegularFile(path))
        {
            final DeleteLog existing = open(path, blockId);
            // Never replace a valid log of this block: its entries are the only record of those removals.
            if (existing != null && existing.firstSeq == firstSeq)
            {
                return existing;
            }
            if (existing != null)
            {
                existing.close();
            }
        }
        final long size = DELETE_LOG_HEADER_LENGTH + (long)slots * DELETE_ENTRY_LENGTH;
        final Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try
        {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
            {
                final ByteBuffer header = ByteBuffer.allocate(DELETE_LOG_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
                header.putLong(0, DELETE_LOG_MAGIC).putInt(8, DELETE_LOG_VERSION);
                header.putLong(16, blockId).putLong(24, firstSeq).putInt(32, slots);
                final CRC32C crc = new CRC32C();
                crc.update(header.duplicate().position(16).limit(40));
                header.putInt(12, (int)crc.getValue());
                writeFully(ch, header, 0);
                if (preallocate)
                {
                    final ByteBuffer zeros = MessageBlock.zeros();
                    for (long pos = DELETE_LOG_HEADER_LENGTH; pos < size; )
                    {
                        zeros.clear().limit((int)Math.min(zeros.capacity(), size - pos));
                        pos += writeFully(ch, zeros, pos);
                    }
                }
                else
                {
                    ch.write(ByteBuffer.allocate(1), size - 1);
                }
                // No fsync: like the block's own pages, the log reaches the disk with the background flush. A
                // power cut before that can lose it, and with it only removals that were not yet synced either.
            }
            Files.move(tmp, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            final DeleteLog log = open(path, blockId);
            if (log == null)
            {
                throw new IOException("delete log unreadable right after creation");
            }
            return log;
        }
        catch (final IOException ex)
        {
            try
            {
                Files.deleteIfExists(tmp);
            }
            catch (final IOException ignore)
            {
                // best effort
            }
            throw new StoreException(StoreException.Reason.IO,
                "cannot create delete log " + path + ": " + ex.getClass().getSimpleName() + " " + ex.getMessage(), ex);
        }
    }

    private static int writeFully(final FileChannel ch, final ByteBuffer b, final long at) throws IOException
    {
        int written = 0;
        while (b.hasRemaining())
        {
            written += ch.write(b, at + written);
        }
        return written;
    }

    /** Map an existing delete log. @return null when it is missing or its header is not valid for the block. */
    static DeleteLog open(final Path path, final long blockId)
    {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long size = ch.size();
            if (size < DELETE_LOG_HEADER_LENGTH || size > Integer.MAX_VALUE)
            {
                return null;
            }
            final MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            mapped.order(ByteOrder.LITTLE_ENDIAN);
            final UnsafeBuffer b = new UnsafeBuffer(mapped);
            final CRC32C crc = new CRC32C();
            crc.update(mapped.duplicate().position(16).limit(40));
            final int slots = b.getInt(32);
            if (b.getLong(0) != DELETE_LOG_MAGIC || b.getInt(8) != DELETE_LOG_VERSION ||
                b.getInt(12) != (int)crc.getValue() || b.getLong(16) != blockId || slots < 0 ||
                DELETE_LOG_HEADER_LENGTH + (long)slots * DELETE_ENTRY_LENGTH > size)
            {
                IoUtil.unmap(mapped);
                return null;
            }
            final DeleteLog log = new DeleteLog(path, mapped, blockId, b.getLong(24), slots);
            log.writeOffset = log.endOfEntries();
            return log;
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    long firstSeq()
    {
        return firstSeq;
    }

    /** Offset after the last non-empty entry: appends go there (a skipped bad entry stays where it is). */
    private int endOfEntries()
    {
        final int end = DELETE_LOG_HEADER_LENGTH + slots * DELETE_ENTRY_LENGTH;
        for (int p = end - DELETE_ENTRY_LENGTH; p >= DELETE_LOG_HEADER_LENGTH; p -= DELETE_ENTRY_LENGTH)
        {
            if (buffer.getLong(p) != 0)
            {
                return p + DELETE_ENTRY_LENGTH;
            }
        }
        return DELETE_LOG_HEADER_LENGTH;
    }

    /** Record the removal of {@code seq}. @return false when it cannot be recorded here (out of range, full). */
    boolean record(final long seq)
    {
        final long slot = seq - firstSeq;
        if (slot < 0 || slot >= slots || writeOffset + DELETE_ENTRY_LENGTH > buffer.capacity())
        {
            return false;
        }
        // Check word first, then the slot, each an aligned 4-byte store: a reader never sees half an entry
        // pass its check.
        buffer.putInt(writeOffset + 4, check(blockId, firstSeq, (int)slot));
        buffer.putInt(writeOffset, (int)slot);
        writeOffset += DELETE_ENTRY_LENGTH;
        dirty = true;
        return true;
    }

    /** Visitor of recorded removals. */
    interface Visitor
    {
        void onRemoved(long seq);
    }

    /** Visit every valid entry. @return the number of non-empty entries that failed their check (skipped). */
    int forEach(final Visitor visitor)
    {
        int bad = 0;
        final int end = DELETE_LOG_HEADER_LENGTH + slots * DELETE_ENTRY_LENGTH;
        for (int p = DELETE_LOG_HEADER_LENGTH; p < end; p += DELETE_ENTRY_LENGTH)
        {
            final long word = buffer.getLong(p);
            if (word == 0)
            {
                continue;
            }
            final int slot = buffer.getInt(p);
            if (slot >= 0 && slot < slots && buffer.getInt(p + 4) == check(blockId, firstSeq, slot))
            {
                visitor.onRemoved(firstSeq + slot);
            }
            else
            {
                bad++;
            }
        }
        return bad;
    }

    /** A non-zero word tied to the block and slot: an entry copied from elsewhere or bit-flipped fails it. */
    static int check(final long blockId, final long firstSeq, final int slot)
    {
        long h = blockId * 0x9E37_79B9_7F4A_7C15L + (firstSeq + slot) * 0xC2B2_AE3D_27D4_EB4FL + slot;
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        return (int)h | 1;
    }

    void force()
    {
        if (dirty && mapped != null)
        {
            mapped.force();
            dirty = false;
        }
    }

    void forceMapped()
    {
        final MappedByteBuffer m = mapped;
        if (m != null)
        {
            m.force();
        }
    }

    void close()
    {
        if (mapped != null)
        {
            IoUtil.unmap(mapped);
            mapped = null;
            buffer.wrap(0, 0);
        }
    }

    Path path()
    {
        return path;
    }
}
