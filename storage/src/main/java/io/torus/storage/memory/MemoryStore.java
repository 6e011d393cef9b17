package io.torus.storage.memory;

import io.torus.storage.AbstractStreamStore;
import io.torus.storage.RecordDescriptor;
import io.torus.storage.StreamConfig;
import io.torus.storage.SubjectIndex;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Stream store held in memory: one encoded record ({@link RecordDescriptor} layout) per live message in a
 * primitive-keyed map, the subject index off-heap as in the file store. Nothing survives a close.
 *
 * <p>Each record's array has 8 bytes more than the record: the sequence of the next message of the same subject,
 * set when that message is appended. A per-subject limit then finds a subject's next-oldest message by following
 * the link instead of scanning the stream (as the file store does with its block index), at no extra object.
 *
 * <p>Threading: see {@link AbstractStreamStore}; all access under the store lock.
 */
public final class MemoryStore extends AbstractStreamStore
{
    private final Long2ObjectHashMap<byte[]> records = new Long2ObjectHashMap<>();
    private final UnsafeBuffer cursor = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer encoder = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer link = new UnsafeBuffer(new byte[0]);
    private static final int LINK_LENGTH = 8;

    public MemoryStore(final StreamConfig config)
    {
        super(config, new SubjectIndex());
        startBackground("memory");
    }

    @Override
    protected boolean locate(final long seq)
    {
        final byte[] record = records.get(seq);
        if (record == null)
        {
            return false;
        }
        cursor.wrap(record);
        cursorBuffer = cursor;
        cursorOffset = 0;
        return true;
    }

    @Override
    protected void storeRecord(
        final long seq, final long timestamp, final int ttl,
        final DirectBuffer subject, final int subjectOffset, final int subjectLength,
        final DirectBuffer headers, final int headersOffset, final int headersLength,
        final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        final int length = RecordDescriptor.length(subjectLength, headersLength, payloadLength);
        final byte[] record = new byte[length + LINK_LENGTH]; // the link starts as 0: no successor yet
        encoder.wrap(record);
        RecordDescriptor.encode(encoder, 0, RecordDescriptor.TYPE_MSG, seq, timestamp, ttl,
            subject, subjectOffset, subjectLength, headers, headersOffset, headersLength,
            payload, payloadOffset, payloadLength);
        records.put(seq, record);
    }

    @Override
    protected long nextOfSameSubject(final long seq)
    {
        final byte[] record = records.get(seq);
        if (record == null)
        {
            return 0;
        }
        link.wrap(record);
        return link.getLong(record.length - LINK_LENGTH);
    }

    @Override
    protected void linkSameSubject(final long previous, final long next)
    {
        final byte[] record = records.get(previous);
        if (record != null)
        {
            link.wrap(record);
            link.putLong(record.length - LINK_LENGTH, next);
        }
    }

    @Override
    protected void removeRecord(final long seq, final boolean secure)
    {
        final byte[] record = records.remove(seq);
        if (secure && record != null)
        {
            java.util.Arrays.fill(record, (byte)0);
        }
    }

    @Override
    protected void storeSkip(final long seq, final long num)
    {
        // Nothing to keep: the sequence counters in the base class are the whole story in memory.
    }

    @Override
    protected void dropAll(final long nextSeq)
    {
        records.clear();
    }

    @Override
    protected void dropBelow(final long oldFirst, final long seq)
    {
        for (long s = oldFirst; s < seq; s++)
        {
            records.remove(s);
        }
    }

    @Override
    protected void dropAbove(final long seq, final long oldLast)
    {
        for (long s = oldLast; s > seq; s--)
        {
            records.remove(s);
        }
        // Sequences above seq will be reused by other subjects: forget links into them (truncate is rare).
        for (final byte[] record : records.values())
        {
            link.wrap(record);
            if (link.getLong(record.length - LINK_LENGTH) > seq)
            {
                link.putLong(record.length - LINK_LENGTH, 0);
            }
        }
    }

    @Override
    public void flush()
    {
    }

    @Override
    public void delete()
    {
        close();
    }

    @Override
    public void close()
    {
        lock.lock();
        try
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        finally
        {
            lock.unlock();
        }
        stopBackground();
        lock.lock();
        try
        {
            records.clear();
            subjects.close();
        }
        finally
        {
            lock.unlock();
        }
    }
}
