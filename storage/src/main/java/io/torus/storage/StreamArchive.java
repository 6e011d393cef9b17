package io.torus.storage;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Snapshot format of a whole stream, the same for every store type so a stream can be restored into either:
 *
 * <pre>
 *  magic (long "TORUSARC") | version (int) | first seq (long) | last seq (long)
 *  then per message: seq (long, &gt; 0) | timestamp (long) | ttl (int) | subject len (int) | headers len (int)
 *                    | payload len (int) | subject | headers | payload
 *  then: 0 (long, end marker) | CRC32C of everything before (int)
 * </pre>
 *
 * Gaps between sequences are restored as skips, so sequence numbers survive a snapshot/restore round trip.
 * Big-endian (DataOutputStream); not a hot path.
 */
public final class StreamArchive
{
    static final long MAGIC = 0x544F_5255_5341_5243L; // "TORUSARC"
    static final int VERSION = 1;

    private StreamArchive()
    {
    }

    static void write(final StreamStore store, final OutputStream out) throws IOException
    {
        final StreamState state = new StreamState();
        store.state(state);
        final CheckedOutputStream checked =
            new CheckedOutputStream(new java.io.BufferedOutputStream(out, 1 << 16), new CRC32C());
        final DataOutputStream data = new DataOutputStream(checked);
        data.writeLong(MAGIC);
        data.writeInt(VERSION);
        data.writeLong(state.firstSeq);
        data.writeLong(state.lastSeq);
        final StoreMessage m = new StoreMessage();
        byte[] copy = new byte[256];
        long seq = state.firstSeq;
        while (seq <= state.lastSeq)
        {
            final long found = store.loadNext(SubjectFilter.ALL, seq, m);
            if (found == 0 || found > state.lastSeq)
            {
                break;
            }
            data.writeLong(found);
            data.writeLong(m.timestamp());
            data.writeInt(m.ttlSeconds());
            data.writeInt(m.subjectLength());
            data.writeInt(m.headersLength());
            data.writeInt(m.payloadLength());
            final int total = m.subjectLength() + m.headersLength() + m.payloadLength();
            if (total > copy.length)
            {
                copy = new byte[Math.max(total, copy.length * 2)];
            }
            m.buffer().getBytes(0, copy, 0, total);
            data.write(copy, 0, total);
            seq = found + 1;
        }
        data.writeLong(0);
        data.writeInt((int)checked.getChecksum().getValue());
        data.flush();
    }

    static void read(final StreamStore store, final InputStream in) throws IOException
    {
        try
        {
            readArchive(store, in);
        }
        catch (final java.io.EOFException | OutOfMemoryError ex)
        {
            throw new StoreException(StoreException.Reason.CORRUPT, "archive truncated or corrupt", ex);
        }
    }

    private static void readArchive(final StreamStore store, final InputStream in) throws IOException
    {
        final StreamState state = new StreamState();
        store.state(state);
        if (state.msgs != 0 || state.lastSeq != 0)
        {
            throw new StoreException(StoreException.Reason.INVALID_ARGUMENT, "restore needs an empty store");
        }
        final CheckedInputStream checked =
            new CheckedInputStream(new java.io.BufferedInputStream(in, 1 << 16), new CRC32C());
        final DataInputStream data = new DataInputStream(checked);
        if (data.readLong() != MAGIC || data.readInt() != VERSION)
        {
            throw new StoreException(StoreException.Reason.CORRUPT, "not a stream archive");
        }
        final long firstSeq = data.readLong();
        final long lastSeq = data.readLong();
        long next = 1;
        while (true)
        {
            final long seq = data.readLong();
            if (seq == 0)
            {
                break;
            }
            final long ts = data.readLong();
            final int ttl = data.readInt();
            final int sl = data.readInt();
            final int hl = data.readInt();
            final int pl = data.readInt();
            if (seq < next || sl <= 0 || hl < 0 || pl < 0 || (long)sl + hl + pl > 64L * 1024 * 1024)
            {
                throw new StoreException(StoreException.Reason.CORRUPT, "bad archive record at seq " + seq);
            }
            final byte[] bytes = new byte[sl + hl + pl];
            data.readFully(bytes);
            if (seq > next)
            {
                store.skip(next, seq - next);
            }
            final UnsafeBuffer b = new UnsafeBuffer(bytes);
            store.appendRaw(seq, b, 0, sl, b, sl, hl, b, sl + hl, pl, ts, ttl, false);
            next = seq + 1;
        }
        final int actual = (int)checked.getChecksum().getValue();
        if (data.readInt() != actual)
        {
            throw new StoreException(StoreException.Reason.CORRUPT, "archive checksum mismatch");
        }
        if (lastSeq >= next && lastSeq > 0)
        {
            store.skip(next, lastSeq - next + 1);
        }
        if (firstSeq > lastSeq + 1)
        {
            store.compact(firstSeq);
        }
    }
}
