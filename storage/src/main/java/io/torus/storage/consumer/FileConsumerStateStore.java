package io.torus.storage.consumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32C;

import io.torus.storage.StoreException;
import org.agrona.collections.Long2LongHashMap;

/**
 * Consumer state persisted as one small file, rewritten whole (temp file, fsync, atomic rename) on
 * {@link #flush()}, on close, and on every change when {@code syncAlways}. A torn or corrupt file is detected by its
 * CRC32C and reported at open.
 *
 * <pre>
 *  magic (long) | version (int) | delivered consumer seq, stream seq (long, long) | ack floor (long, long)
 *  | pending count (int) | pending entries: stream seq, delivery seq, timestamp (3 longs)
 *  | redelivered count (int) | entries: stream seq, count (2 longs) | CRC32C of all before (int)
 * </pre>
 */
public final class FileConsumerStateStore extends MemoryConsumerStateStore
{
    private static final long MAGIC = 0x4F43_5355_524F_5454L;
    private static final int VERSION = 1;

    private final Path file;
    private final boolean syncAlways;
    private boolean dirty;

    public FileConsumerStateStore(final Path file, final boolean explicitAck, final boolean syncAlways)
    {
        super(explicitAck);
        this.file = file;
        this.syncAlways = syncAlways;
        if (Files.exists(file))
        {
            load();
        }
    }

    private void load()
    {
        try
        {
            final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() < 52)
            {
                throw new StoreException(StoreException.Reason.CORRUPT, "consumer state file too short: " + file);
            }
            final CRC32C crc = new CRC32C();
            crc.update(b.array(), 0, b.limit() - 4);
            if ((int)crc.getValue() != b.getInt(b.limit() - 4) || b.getLong() != MAGIC || b.getInt() != VERSION)
            {
                throw new StoreException(StoreException.Reason.CORRUPT, "consumer state file corrupt: " + file);
            }
            state.deliveredConsumerSeq = b.getLong();
            state.deliveredStreamSeq = b.getLong();
            state.ackFloorConsumerSeq = b.getLong();
            state.ackFloorStreamSeq = b.getLong();
            final int pending = b.getInt();
            for (int i = 0; i < pending; i++)
            {
                final long sseq = b.getLong();
                state.pendingDeliverySeq.put(sseq, b.getLong());
                state.pendingTimestamp.put(sseq, b.getLong());
            }
            final int redelivered = b.getInt();
            for (int i = 0; i < redelivered; i++)
            {
                state.redelivered.put(b.getLong(), b.getLong());
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            if (ex instanceof StoreException se)
            {
                throw se;
            }
            throw new StoreException(StoreException.Reason.CORRUPT, "cannot read " + file, ex);
        }
    }

    @Override
    protected void changed()
    {
        dirty = true;
        if (syncAlways)
        {
            write();
        }
    }

    @Override
    public synchronized void flush()
    {
        if (dirty && !closed)
        {
            write();
        }
    }

    private void write()
    {
        final int size = 8 + 4 + 32 + 4 + state.pendingDeliverySeq.size() * 24 + 4 + state.redelivered.size() * 16 + 4;
        final ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MAGIC).putInt(VERSION);
        b.putLong(state.deliveredConsumerSeq).putLong(state.deliveredStreamSeq);
        b.putLong(state.ackFloorConsumerSeq).putLong(state.ackFloorStreamSeq);
        b.putInt(state.pendingDeliverySeq.size());
        final Long2LongHashMap.EntryIterator it = state.pendingDeliverySeq.entrySet().iterator();
        while (it.hasNext())
        {
            it.next();
            b.putLong(it.getLongKey()).putLong(it.getLongValue()).putLong(state.pendingTimestamp.get(it.getLongKey()));
        }
        b.putInt(state.redelivered.size());
        final Long2LongHashMap.EntryIterator rit = state.redelivered.entrySet().iterator();
        while (rit.hasNext())
        {
            rit.next();
            b.putLong(rit.getLongKey()).putLong(rit.getLongValue());
        }
        final CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int)crc.getValue());
        try
        {
            final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING))
            {
                b.flip();
                while (b.hasRemaining())
                {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            dirty = false;
        }
        catch (final IOException ex)
        {
            throw new StoreException(StoreException.Reason.IO, "cannot write " + file + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            flush();
            super.close();
        }
    }

    @Override
    public synchronized void delete()
    {
        super.close();
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
