package io.torus.storage;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;

/**
 * The semantics shared by every store (limits, discard policies, per-subject accounting, purge, compact,
 * truncate, filtered reads and counts), written once over a few storage primitives that the memory store and the
 * file store implement. Every record a primitive exposes is in {@link RecordDescriptor} layout, so this class
 * reads subjects and sizes in place, without copying.
 *
 * <p>Threading: one {@link ReentrantLock} guards everything; primitives are called with it held. The background
 * task (expiry, and flushing in the file store) takes the same lock.
 */
public abstract class AbstractStreamStore implements StreamStore
{
    protected final ReentrantLock lock = new ReentrantLock();
    protected final SubjectIndex subjects;
    protected final Long2LongHashMap ttlExpiry = new Long2LongHashMap(-1);
    private final LongArrayList expiredScratch = new LongArrayList();
    protected StreamConfig config;
    protected long msgs;
    protected long bytes;
    protected long firstSeq;
    protected long lastSeq;
    protected long firstTs;
    protected long lastTs;
    protected volatile boolean closed;
    private ScheduledExecutorService background;

    /** Set by {@link #locate(long)}: the buffer and offset of the located record. */
    protected DirectBuffer cursorBuffer;
    protected int cursorOffset;

    protected AbstractStreamStore(final StreamConfig config, final SubjectIndex subjects)
    {
        this.config = config.copy();
        this.subjects = subjects;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Storage primitives, called with the lock held.

    /** Point the cursor at the live message record of {@code seq}. @return false if there is none. */
    protected abstract boolean locate(long seq);

    /** Persist a message record; must throw (changing nothing) if it cannot. */
    protected abstract void storeRecord(
        long seq, long timestamp, int ttl,
        DirectBuffer subject, int subjectOffset, int subjectLength,
        DirectBuffer headers, int headersOffset, int headersLength,
        DirectBuffer payload, int payloadOffset, int payloadLength);

    /** Where the record just stored lives, as a hint for {@link #locateHinted}; 0 when the store has none. */
    protected long lastStoredHint()
    {
        return 0;
    }

    /** Like {@link #locate} but may use a hint from {@link #lastStoredHint}; must verify the hint. */
    protected boolean locateHinted(final long seq, final long hint)
    {
        return locate(seq);
    }

    /**
     * The next message of {@code seq}'s subject as recorded at append time (a lower bound for the subject's first
     * once {@code seq} is removed), or 0 when the store keeps no such link.
     */
    protected long nextOfSameSubject(final long seq)
    {
        return 0;
    }

    /** Record that {@code next} follows {@code previous} in the same subject; optional. */
    protected void linkSameSubject(final long previous, final long next)
    {
    }

    /** Remove the live record of {@code seq}; with {@code secure} also overwrite its bytes. */
    protected abstract void removeRecord(long seq, boolean secure);

    /** Persist that sequences {@code seq .. seq + num - 1} are consumed without messages. */
    protected abstract void storeSkip(long seq, long num);

    /** Drop every record; the next stored sequence will be {@code nextSeq}. */
    protected abstract void dropAll(long nextSeq);

    /** Drop every record below {@code seq} (already accounted for by the caller). */
    protected abstract void dropBelow(long oldFirst, long seq);

    /** Drop every record above {@code seq} (already accounted for); {@code seq} becomes the last sequence. */
    protected abstract void dropAbove(long seq, long oldLast);

    /** Called after each append with the lock held; the file store syncs here under {@code sync: always}. */
    protected void afterAppend(final long seq)
    {
    }

    /** Hook for whole-block expiry: drop the oldest records older than {@code cutoff} cheaply if possible. */
    protected void expireWholeBlocks(final long cutoffNanos)
    {
    }

    /**
     * Check the record under the cursor before it is handed to a caller; the file store verifies its checksum so
     * a record corrupted on disk after open is never returned.
     */
    protected boolean verifyCursor()
    {
        return true;
    }

    /** Periodic work besides expiry (the file store flushes). */
    protected void backgroundTick(final long nowNanos)
    {
    }

    /** Periodic work that must not hold the lock (the file store's msync); takes the lock itself as needed. */
    protected void backgroundUnlocked(final long nowNanos)
    {
    }

    protected long backgroundIntervalNanos()
    {
        return config.expiryCheckIntervalNanos;
    }

    protected final void startBackground(final String name)
    {
        final long interval = Math.max(TimeUnit.MILLISECONDS.toNanos(10), backgroundIntervalNanos());
        background = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "torus-store-" + name);
            t.setDaemon(true);
            return t;
        });
        background.scheduleWithFixedDelay(this::runBackground, interval, interval, TimeUnit.NANOSECONDS);
    }

    private void runBackground()
    {
        try
        {
            final long now = System.currentTimeMillis() * 1_000_000L;
            if (config.maxAgeNanos > 0 || !ttlExpiry.isEmpty())
            {
                expire(now);
            }
            lock.lock();
            try
            {
                if (!closed)
                {
                    backgroundTick(System.nanoTime());
                }
            }
            finally
            {
                lock.unlock();
            }
            backgroundUnlocked(System.nanoTime());
        }
        catch (final Throwable t)
        {
            org.slf4j.LoggerFactory.getLogger(getClass()).warn("background task failed", t);
        }
    }

    protected final void stopBackground()
    {
        if (background != null)
        {
            background.shutdownNow();
            try
            {
                background.awaitTermination(60, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            background = null;
        }
    }

    protected final void checkOpen()
    {
        if (closed)
        {
            throw new StoreException(StoreException.Reason.CLOSED, "store is closed");
        }
    }

    protected static long nowNanos()
    {
        // Wall clock in nanos: message timestamps must be comparable across restarts and hosts.
        return System.currentTimeMillis() * 1_000_000L + (System.nanoTime() % 1_000_000L + 1_000_000L) % 1_000_000L;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Appends.

    @Override
    public long append(
        final DirectBuffer subject, final int subjectOffset, final int subjectLength,
        final DirectBuffer headers, final int headersOffset, final int headersLength,
        final DirectBuffer payload, final int payloadOffset, final int payloadLength,
        final long timestamp, final int ttlSeconds)
    {
        lock.lock();
        try
        {
            checkOpen();
            final long seq = lastSeq + 1;
            storeLocked(seq, subject, subjectOffset, subjectLength, headers, headersOffset, headersLength,
                payload, payloadOffset, payloadLength, timestamp == 0 ? nowNanos() : timestamp, ttlSeconds, true);
            return seq;
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public void appendRaw(
        final long seq, final DirectBuffer subject, final int subjectOffset, final int subjectLength,
        final DirectBuffer headers, final int headersOffset, final int headersLength,
        final DirectBuffer payload, final int payloadOffset, final int payloadLength,
        final long timestamp, final int ttlSeconds, final boolean discardNewCheck)
    {
        lock.lock();
        try
        {
            checkOpen();
            if (seq != lastSeq + 1)
            {
                throw new StoreException(StoreException.Reason.SEQUENCE_MISMATCH,
                    "expected " + (lastSeq + 1) + ", got " + seq);
            }
            storeLocked(seq, subject, subjectOffset, subjectLength, headers, headersOffset, headersLength,
                payload, payloadOffset, payloadLength, timestamp == 0 ? nowNanos() : timestamp, ttlSeconds,
                discardNewCheck);
        }
        finally
        {
            lock.unlock();
        }
    }

    private void storeLocked(
        final long seq, final DirectBuffer subject, final int subjectOffset, final int subjectLength,
        final DirectBuffer headers, final int headersOffset, final int headersLength,
        final DirectBuffer payload, final int payloadOffset, final int payloadLength,
        final long ts, final int ttl, final boolean discardNewCheck)
    {
        if (subjectLength <= 0 || subjectLength > RecordDescriptor.MAX_SUBJECT_LENGTH)
        {
            throw new StoreException(StoreException.Reason.INVALID_ARGUMENT, "bad subject length " + subjectLength);
        }
        final StreamConfig cfg = config;
        if (cfg.maxMsgSize > 0 && (long)subjectLength + headersLength + payloadLength > cfg.maxMsgSize)
        {
            throw new StoreException(StoreException.Reason.MSG_TOO_LARGE,
                (subjectLength + headersLength + payloadLength) + " > max_msg_size " + cfg.maxMsgSize);
        }
        final long size = StreamStore.messageSize(subjectLength, headersLength, payloadLength);
        int slot = subjects.find(subject, subjectOffset, subjectLength);
        final boolean atSubjectLimit = cfg.maxMsgsPerSubject > 0 && slot >= 0 &&
            subjects.count(slot) >= cfg.maxMsgsPerSubject;
        if (discardNewCheck && cfg.discard == DiscardPolicy.NEW)
        {
            if (atSubjectLimit && cfg.discardNewPerSubject)
            {
                throw new StoreException(StoreException.Reason.MAX_MSGS_PER_SUBJECT, "subject at its limit");
            }
            if (cfg.maxMsgs > 0 && msgs >= cfg.maxMsgs && !atSubjectLimit)
            {
                throw new StoreException(StoreException.Reason.MAX_MSGS, "max_msgs " + cfg.maxMsgs);
            }
            if (cfg.maxBytes > 0 && bytes + size > cfg.maxBytes)
            {
                // At the subject limit the oldest message of the subject goes: fine if that frees enough room.
                if (!atSubjectLimit || !locate(firstOfSubject(slot)) ||
                    RecordDescriptor.messageSize(cursorBuffer, cursorOffset) < size)
                {
                    throw new StoreException(StoreException.Reason.MAX_BYTES, "max_bytes " + cfg.maxBytes);
                }
            }
        }

        storeRecord(seq, ts, ttl, subject, subjectOffset, subjectLength, headers, headersOffset, headersLength,
            payload, payloadOffset, payloadLength);

        if (msgs == 0)
        {
            firstSeq = seq;
            firstTs = ts;
        }
        msgs++;
        bytes += size;
        lastSeq = seq;
        lastTs = ts;

        if (slot < 0)
        {
            slot = subjects.findOrInsert(subject, subjectOffset, subjectLength);
        }
        final long count = subjects.count(slot) + 1;
        if (count > 1 && (subjects.flags(slot) & LAST_STALE) == 0)
        {
            linkSameSubject(subjects.last(slot), seq);
        }
        subjects.count(slot, count);
        subjects.last(slot, seq);
        subjects.lastHint(slot, lastStoredHint());
        if (count == 1)
        {
            subjects.first(slot, seq);
            subjects.flags(slot, 0);
        }
        else if (cfg.maxMsgsPerSubject > 0 && count > cfg.maxMsgsPerSubject)
        {
            enforceSubjectLimit(slot);
        }
        if (ttl > 0 && cfg.allowMsgTtl)
        {
            ttlExpiry.put(seq, ts + ttl * 1_000_000_000L);
        }
        enforceMsgAndByteLimits();
        afterAppend(seq);
    }

    private void enforceSubjectLimit(final int slot)
    {
        final long max = config.maxMsgsPerSubject;
        while (subjects.count(slot) > max)
        {
            if (!removeLocked(firstOfSubject(slot), false))
            {
                break; // index inconsistent; never loop forever
            }
        }
    }

    private void enforceMsgAndByteLimits()
    {
        final StreamConfig cfg = config;
        if (cfg.maxMsgs > 0)
        {
            while (msgs > cfg.maxMsgs && removeLocked(firstSeq, false))
            {
                // removed the oldest
            }
        }
        if (cfg.maxBytes > 0)
        {
            while (bytes > cfg.maxBytes && removeLocked(firstSeq, false))
            {
                // removed the oldest
            }
        }
    }

    @Override
    public long skip(final long seq)
    {
        lock.lock();
        try
        {
            checkOpen();
            final long s = seq == 0 ? lastSeq + 1 : seq;
            if (s != lastSeq + 1)
            {
                throw new StoreException(StoreException.Reason.SEQUENCE_MISMATCH, "expected " + (lastSeq + 1));
            }
            skipLocked(s, 1);
            return s;
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public void skip(final long seq, final long num)
    {
        lock.lock();
        try
        {
            checkOpen();
            final long s = seq == 0 ? lastSeq + 1 : seq;
            if (s != lastSeq + 1 || num <= 0)
            {
                throw new StoreException(StoreException.Reason.SEQUENCE_MISMATCH, "expected " + (lastSeq + 1));
            }
            skipLocked(s, num);
        }
        finally
        {
            lock.unlock();
        }
    }

    private void skipLocked(final long seq, final long num)
    {
        storeSkip(seq, num);
        lastSeq = seq + num - 1;
        if (lastTs == 0)
        {
            lastTs = nowNanos();
        }
        if (msgs == 0)
        {
            firstSeq = lastSeq + 1;
            firstTs = 0;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Removal and subject accounting.

    /** Remove a live message; keeps counts, the subject index and the first sequence right. */
    protected final boolean removeLocked(final long seq, final boolean secure)
    {
        if (!accountRemoval(seq))
        {
            return false;
        }
        removeRecord(seq, secure);
        if (seq == firstSeq)
        {
            advanceFirst(seq + 1);
        }
        return true;
    }

    /** Update counts and the subject index for the removal of {@code seq}; false if not live. */
    protected final boolean accountRemoval(final long seq)
    {
        if (!locate(seq))
        {
            return false;
        }
        final DirectBuffer b = cursorBuffer;
        final int off = cursorOffset;
        final int subjectLength = RecordDescriptor.subjectLength(b, off);
        msgs--;
        bytes -= RecordDescriptor.messageSize(b, off);
        if (!ttlExpiry.isEmpty())
        {
            ttlExpiry.remove(seq);
        }
        final int slot = subjects.find(b, RecordDescriptor.subjectOffset(off), subjectLength);
        if (slot >= 0)
        {
            final long count = subjects.count(slot) - 1;
            if (count <= 0)
            {
                subjects.remove(slot);
            }
            else
            {
                subjects.count(slot, count);
                int flags = subjects.flags(slot);
                if (seq == subjects.first(slot))
                {
                    if (count == 1 && (flags & LAST_STALE) == 0)
                    {
                        // The one left is the last: no scan (keeps max_msgs_per_subject: 1 at O(1) per append).
                        subjects.first(slot, subjects.last(slot));
                    }
                    else
                    {
                        // The append-time link jumps straight to the subject's next message: no stream scan.
                        final long next = nextOfSameSubject(seq);
                        subjects.first(slot, next > seq ? next : seq + 1);
                        flags |= SubjectIndex.FIRST_STALE;
                    }
                }
                else if (seq == subjects.last(slot))
                {
                    if (count == 1 && (flags & SubjectIndex.FIRST_STALE) == 0)
                    {
                        subjects.last(slot, subjects.first(slot));
                    }
                    else
                    {
                        subjects.last(slot, seq - 1);
                        flags |= LAST_STALE;
                    }
                }
                subjects.flags(slot, flags);
            }
        }
        return true;
    }

    /** The last sequence is an upper bound only: the real last must be found scanning backwards. */
    static final int LAST_STALE = 2;

    protected final void advanceFirst(final long from)
    {
        if (msgs == 0)
        {
            firstSeq = lastSeq + 1;
            firstTs = 0;
            return;
        }
        for (long s = from; s <= lastSeq; s++)
        {
            if (locate(s))
            {
                firstSeq = s;
                firstTs = RecordDescriptor.timestamp(cursorBuffer, cursorOffset);
                return;
            }
        }
        firstSeq = lastSeq + 1;
        firstTs = 0;
    }

    private boolean cursorSubjectIs(final int slot)
    {
        final int len = RecordDescriptor.subjectLength(cursorBuffer, cursorOffset);
        if (len != subjects.keyLength(slot))
        {
            return false;
        }
        final DirectBuffer keys = subjects.keyBuffer();
        final int keyOffset = subjects.keyOffset(slot);
        final int subjectOffset = RecordDescriptor.subjectOffset(cursorOffset);
        for (int i = 0; i < len; i++)
        {
            if (keys.getByte(keyOffset + i) != cursorBuffer.getByte(subjectOffset + i))
            {
                return false;
            }
        }
        return true;
    }

    /** Resolve stale bounds lazily (Go's firstNeedsUpdate/lastNeedsUpdate): scans only when asked. */
    protected final long firstOfSubject(final int slot)
    {
        if ((subjects.flags(slot) & SubjectIndex.FIRST_STALE) != 0)
        {
            resolve(slot);
        }
        return subjects.first(slot);
    }

    protected final long lastOfSubject(final int slot)
    {
        if ((subjects.flags(slot) & LAST_STALE) != 0)
        {
            resolve(slot);
        }
        return subjects.last(slot);
    }

    private void resolve(final int slot)
    {
        final int flags = subjects.flags(slot);
        long lo = subjects.first(slot);
        long hi = subjects.last(slot);
        if ((flags & SubjectIndex.FIRST_STALE) != 0)
        {
            long s = Math.max(lo, firstSeq);
            final long end = Math.min(hi, lastSeq);
            while (s <= end && !(locate(s) && cursorSubjectIs(slot)))
            {
                s++;
            }
            lo = s;
            subjects.first(slot, lo);
        }
        if ((flags & LAST_STALE) != 0)
        {
            long s = Math.min(hi, lastSeq);
            while (s >= lo && !(locate(s) && cursorSubjectIs(slot)))
            {
                s--;
            }
            subjects.last(slot, s);
        }
        subjects.flags(slot, 0);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reads.

    @Override
    public boolean load(final long seq, final StoreMessage into)
    {
        lock.lock();
        try
        {
            checkOpen();
            if (!locate(seq) || !verifyCursor())
            {
                return false;
            }
            RecordDescriptor.copyTo(cursorBuffer, cursorOffset, into);
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public boolean loadLast(final SubjectFilter filter, final StoreMessage into)
    {
        lock.lock();
        try
        {
            checkOpen();
            if (filter.isLiteral())
            {
                // The filter's own array, hash precomputed: no rehash, and one object fewer to reach than
                // through its buffer wrapper (each is a cache miss when consumers' filters are many).
                return loadLastLocked(filter.literalBuffer(), 0, filter.literalLength(), filter.literalHash(),
                    filter.literalBytes(), into);
            }
            final long seq = lastMatch(filter);
            if (seq == 0 || !locate(seq) || !verifyCursor())
            {
                return false;
            }
            RecordDescriptor.copyTo(cursorBuffer, cursorOffset, into);
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public boolean loadLast(
        final DirectBuffer subject, final int subjectOffset, final int subjectLength, final StoreMessage into)
    {
        lock.lock();
        try
        {
            checkOpen();
            return loadLastLocked(subject, subjectOffset, subjectLength,
                SubjectIndex.hash(subject, subjectOffset, subjectLength), null, into);
        }
        finally
        {
            lock.unlock();
        }
    }

    private boolean loadLastLocked(
        final DirectBuffer subject, final int subjectOffset, final int subjectLength, final int hash,
        final byte[] subjectArray, final StoreMessage into)
    {
        // Fast path, two cache misses: the candidate slot (hash and length only) and the record through the
        // slot's location hint; the record's own subject confirms the key.
        final int candidate = subjects.findCandidate(hash, subjectLength);
        if (candidate < 0)
        {
            return false;
        }
        if ((subjects.flags(candidate) & LAST_STALE) == 0)
        {
            final long seq = subjects.last(candidate);
            if (locateHinted(seq, subjects.lastHint(candidate)) &&
                (subjectArray != null ? cursorSubjectEquals(subjectArray) :
                    cursorSubjectEquals(subject, subjectOffset, subjectLength)) && verifyCursor())
            {
                RecordDescriptor.copyTo(cursorBuffer, cursorOffset, into);
                return true;
            }
        }
        final int slot = subjects.find(subject, subjectOffset, subjectLength);
        if (slot < 0)
        {
            return false;
        }
        final long seq = lastOfSubject(slot);
        if (!locate(seq) || !verifyCursor())
        {
            return false;
        }
        RecordDescriptor.copyTo(cursorBuffer, cursorOffset, into);
        return true;
    }

    private static final java.lang.invoke.VarHandle LONG_LE =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private boolean cursorSubjectEquals(final byte[] subject)
    {
        final int length = subject.length;
        if (RecordDescriptor.subjectLength(cursorBuffer, cursorOffset) != length)
        {
            return false;
        }
        final int base = RecordDescriptor.subjectOffset(cursorOffset);
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            if (cursorBuffer.getLong(base + i, java.nio.ByteOrder.LITTLE_ENDIAN) != (long)LONG_LE.get(subject, i))
            {
                return false;
            }
        }
        for (; i < length; i++)
        {
            if (cursorBuffer.getByte(base + i) != subject[i])
            {
                return false;
            }
        }
        return true;
    }

    private boolean cursorSubjectEquals(final DirectBuffer subject, final int offset, final int length)
    {
        if (RecordDescriptor.subjectLength(cursorBuffer, cursorOffset) != length)
        {
            return false;
        }
        final int base = RecordDescriptor.subjectOffset(cursorOffset);
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            if (cursorBuffer.getLong(base + i) != subject.getLong(offset + i))
            {
                return false;
            }
        }
        for (; i < length; i++)
        {
            if (cursorBuffer.getByte(base + i) != subject.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    private long lastMatch(final SubjectFilter filter)
    {
        if (msgs == 0)
        {
            return 0;
        }
        if (filter.matchesAll())
        {
            for (long s = lastSeq; s >= firstSeq; s--)
            {
                if (locate(s))
                {
                    return s;
                }
            }
            return 0;
        }
        if (filter.isLiteral())
        {
            final int slot = subjects.find(filter.literalBuffer(), 0, filter.literalLength());
            return slot < 0 ? 0 : lastOfSubject(slot);
        }
        long last = 0;
        final int capacity = subjects.capacity();
        for (int slot = 0; slot < capacity; slot++)
        {
            if (subjects.isUsed(slot) &&
                filter.matches(subjects.keyBuffer(), subjects.keyOffset(slot), subjects.keyLength(slot)))
            {
                last = Math.max(last, lastOfSubject(slot));
            }
        }
        return last;
    }

    @Override
    public long loadNext(final SubjectFilter filter, final long start, final StoreMessage into)
    {
        lock.lock();
        try
        {
            checkOpen();
            long from = start;
            while (true)
            {
                final long seq = nextMatch(filter, from);
                if (seq == 0)
                {
                    return 0;
                }
                if (verifyCursor())
                {
                    if (into != null)
                    {
                        RecordDescriptor.copyTo(cursorBuffer, cursorOffset, into);
                    }
                    return seq;
                }
                from = seq + 1; // corrupt on disk: skip it, keep the valid records around it
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /** First live sequence at or after {@code start} matching; the cursor is left on it. 0 if none. */
    protected final long nextMatch(final SubjectFilter filter, final long start)
    {
        long from = Math.max(start, firstSeq);
        if (msgs == 0 || from > lastSeq)
        {
            return 0;
        }
        long to = lastSeq;
        if (filter.matchesAll())
        {
            for (long s = from; s <= to; s++)
            {
                if (locate(s))
                {
                    return s;
                }
            }
            return 0;
        }
        if (filter.isLiteral())
        {
            final int slot = subjects.find(filter.literalBuffer(), 0, filter.literalLength());
            if (slot < 0)
            {
                return 0;
            }
            from = Math.max(from, subjects.first(slot)); // a stale first is still a lower bound
            to = subjects.last(slot); // a stale last is still an upper bound
        }
        else if (subjects.size() < to - from)
        {
            // Narrow the scan with the index: cheaper than reading every record when subjects are few.
            long lo = Long.MAX_VALUE;
            long hi = 0;
            final int capacity = subjects.capacity();
            for (int slot = 0; slot < capacity; slot++)
            {
                if (subjects.isUsed(slot) && subjects.last(slot) >= from &&
                    filter.matches(subjects.keyBuffer(), subjects.keyOffset(slot), subjects.keyLength(slot)))
                {
                    lo = Math.min(lo, subjects.first(slot));
                    hi = Math.max(hi, subjects.last(slot));
                }
            }
            if (hi == 0)
            {
                return 0;
            }
            from = Math.max(from, lo);
            to = Math.min(to, hi);
        }
        for (long s = from; s <= to; s++)
        {
            if (locate(s) && filter.matches(cursorBuffer, RecordDescriptor.subjectOffset(cursorOffset),
                RecordDescriptor.subjectLength(cursorBuffer, cursorOffset)))
            {
                return s;
            }
        }
        return 0;
    }

    @Override
    public boolean remove(final long seq)
    {
        return removeChecked(seq, false);
    }

    @Override
    public boolean erase(final long seq)
    {
        return removeChecked(seq, true);
    }

    private boolean removeChecked(final long seq, final boolean secure)
    {
        lock.lock();
        try
        {
            checkOpen();
            return removeLocked(seq, secure);
        }
        finally
        {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Purge, compact, truncate.

    @Override
    public long purge()
    {
        lock.lock();
        try
        {
            checkOpen();
            return purgeLocked(lastSeq + 1);
        }
        finally
        {
            lock.unlock();
        }
    }

    private long purgeLocked(final long nextSeq)
    {
        final long purged = msgs;
        dropAll(nextSeq);
        subjects.clear();
        ttlExpiry.clear();
        msgs = 0;
        bytes = 0;
        firstSeq = nextSeq;
        firstTs = 0;
        lastSeq = nextSeq - 1;
        return purged;
    }

    @Override
    public long purge(final SubjectFilter filter, final long seq, final long keep)
    {
        if (seq == 1)
        {
            return 0;
        }
        lock.lock();
        try
        {
            checkOpen();
            if (filter.matchesAll())
            {
                if (keep == 0 && seq == 0)
                {
                    return purgeLocked(lastSeq + 1);
                }
                if (seq > 1)
                {
                    return compactLocked(seq);
                }
            }
            final SimpleState ss = filteredStateLocked(1, filter);
            if (ss.msgs == 0)
            {
                return 0;
            }
            long maxPurge = 0;
            if (keep > 0)
            {
                if (keep >= ss.msgs)
                {
                    return 0;
                }
                maxPurge = ss.msgs - keep;
            }
            final long last = seq >= 1 ? seq - 1 : ss.last;
            long purged = 0;
            for (long s = ss.first; s <= last; s++)
            {
                if (locate(s) && filter.matches(cursorBuffer, RecordDescriptor.subjectOffset(cursorOffset),
                    RecordDescriptor.subjectLength(cursorBuffer, cursorOffset)) && removeLocked(s, false))
                {
                    purged++;
                    if (maxPurge > 0 && purged >= maxPurge)
                    {
                        break;
                    }
                }
            }
            return purged;
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public long compact(final long seq)
    {
        lock.lock();
        try
        {
            checkOpen();
            return compactLocked(seq);
        }
        finally
        {
            lock.unlock();
        }
    }

    private long compactLocked(final long seq)
    {
        if (seq == 0)
        {
            return purgeLocked(lastSeq + 1);
        }
        if (firstSeq > seq)
        {
            return 0;
        }
        if (seq > lastSeq)
        {
            return purgeLocked(seq);
        }
        final long before = msgs;
        final long oldFirst = firstSeq;
        for (long s = oldFirst; s < seq && msgs > 0; s++)
        {
            accountRemoval(s);
        }
        dropBelow(oldFirst, seq);
        advanceFirst(seq);
        return before - msgs;
    }

    @Override
    public void truncate(final long seq)
    {
        lock.lock();
        try
        {
            checkOpen();
            if (seq == 0)
            {
                purgeLocked(1);
                firstSeq = 0;
                lastSeq = 0;
                lastTs = 0;
                return;
            }
            if (seq > lastSeq)
            {
                throw new StoreException(StoreException.Reason.INVALID_ARGUMENT,
                    "truncate to " + seq + " beyond last sequence " + lastSeq);
            }
            final long oldLast = lastSeq;
            for (long s = oldLast; s > seq && msgs > 0; s--)
            {
                accountRemoval(s);
            }
            dropAbove(seq, oldLast);
            lastSeq = seq;
            if (locate(seq))
            {
                lastTs = RecordDescriptor.timestamp(cursorBuffer, cursorOffset);
            }
            if (msgs == 0)
            {
                firstSeq = seq + 1;
                firstTs = 0;
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // State and counts.

    @Override
    public void state(final StreamState into)
    {
        lock.lock();
        try
        {
            into.msgs = msgs;
            into.bytes = bytes;
            into.firstSeq = firstSeq;
            into.firstTime = firstTs;
            into.lastSeq = lastSeq;
            into.lastTime = lastTs;
            into.numDeleted = msgs == 0 ? 0 : (lastSeq - firstSeq + 1) - msgs;
            into.numSubjects = subjects.size();
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public SimpleState filteredState(final long seq, final SubjectFilter filter)
    {
        lock.lock();
        try
        {
            checkOpen();
            return filteredStateLocked(seq, filter);
        }
        finally
        {
            lock.unlock();
        }
    }

    private SimpleState filteredStateLocked(final long seq, final SubjectFilter filter)
    {
        final SimpleState ss = new SimpleState();
        ss.msgs = numPendingLocked(seq, filter);
        if (ss.msgs > 0)
        {
            ss.first = nextMatch(filter, seq);
            final long last = lastMatch(filter);
            ss.last = last;
        }
        return ss;
    }

    @Override
    public Map<String, SimpleState> subjectsState(final SubjectFilter filter)
    {
        lock.lock();
        try
        {
            checkOpen();
            final Map<String, SimpleState> result = new TreeMap<>();
            for (int slot = 0; slot < subjects.capacity(); slot++)
            {
                if (subjects.isUsed(slot) &&
                    filter.matches(subjects.keyBuffer(), subjects.keyOffset(slot), subjects.keyLength(slot)))
                {
                    result.put(subjects.key(slot),
                        new SimpleState(subjects.count(slot), firstOfSubject(slot), lastOfSubject(slot)));
                }
            }
            return result;
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public Map<String, Long> subjectsTotals(final SubjectFilter filter)
    {
        lock.lock();
        try
        {
            checkOpen();
            final Map<String, Long> result = new TreeMap<>();
            for (int slot = 0; slot < subjects.capacity(); slot++)
            {
                if (subjects.isUsed(slot) &&
                    filter.matches(subjects.keyBuffer(), subjects.keyOffset(slot), subjects.keyLength(slot)))
                {
                    result.put(subjects.key(slot), subjects.count(slot));
                }
            }
            return result;
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public long numPending(final long seq, final SubjectFilter filter, final boolean lastPerSubject)
    {
        lock.lock();
        try
        {
            checkOpen();
            return lastPerSubject ? numPendingLastPerSubject(seq, filter) : numPendingLocked(seq, filter);
        }
        finally
        {
            lock.unlock();
        }
    }

    private long numPendingLastPerSubject(final long seq, final SubjectFilter filter)
    {
        long total = 0;
        if (filter.isLiteral())
        {
            final int slot = subjects.find(filter.literalBuffer(), 0, filter.literalLength());
            return slot >= 0 && lastOfSubject(slot) >= seq ? 1 : 0;
        }
        for (int slot = 0; slot < subjects.capacity(); slot++)
        {
            if (subjects.isUsed(slot) &&
                filter.matches(subjects.keyBuffer(), subjects.keyOffset(slot), subjects.keyLength(slot)) &&
                lastOfSubject(slot) >= seq)
            {
                total++;
            }
        }
        return total;
    }

    private long numPendingLocked(final long seq, final SubjectFilter filter)
    {
        final long from = Math.max(seq, firstSeq);
        if (msgs == 0 || from > lastSeq)
        {
            return 0;
        }
        if (filter.matchesAll())
        {
            if (from <= firstSeq)
            {
                return msgs;
            }
            // Count the smaller side: live below 'from', or live from 'from' on.
            if (from - firstSeq < lastSeq - from)
            {
                long below = 0;
                for (long s = firstSeq; s < from; s++)
                {
                    if (locate(s))
                    {
                        below++;
                    }
                }
                return msgs - below;
            }
            long count = 0;
            for (long s = from; s <= lastSeq; s++)
            {
                if (locate(s))
                {
                    count++;
                }
            }
            return count;
        }
        if (filter.isLiteral())
        {
            final int slot = subjects.find(filter.literalBuffer(), 0, filter.literalLength());
            if (slot < 0)
            {
                return 0;
            }
            return pendingOfSubject(slot, from);
        }
        long total = 0;
        boolean partial = false;
        for (int slot = 0; slot < subjects.capacity() && !partial; slot++)
        {
            if (subjects.isUsed(slot) &&
                filter.matches(subjects.keyBuffer(), subjects.keyOffset(slot), subjects.keyLength(slot)))
            {
                if (subjects.first(slot) >= from)
                {
                    total += subjects.count(slot);
                }
                else if (subjects.last(slot) >= from)
                {
                    partial = true;
                }
            }
        }
        if (!partial)
        {
            return total;
        }
        long count = 0;
        for (long s = from; s <= lastSeq; s++)
        {
            if (locate(s) && filter.matches(cursorBuffer, RecordDescriptor.subjectOffset(cursorOffset),
                RecordDescriptor.subjectLength(cursorBuffer, cursorOffset)))
            {
                count++;
            }
        }
        return count;
    }

    private long pendingOfSubject(final int slot, final long from)
    {
        if (subjects.first(slot) >= from)
        {
            return subjects.count(slot);
        }
        final long last = lastOfSubject(slot);
        if (last < from)
        {
            return 0;
        }
        long count = 0;
        for (long s = from; s <= last; s++)
        {
            if (locate(s) && cursorSubjectIs(slot))
            {
                count++;
            }
        }
        return count;
    }

    @Override
    public long sequenceForTime(final long epochNanos)
    {
        lock.lock();
        try
        {
            checkOpen();
            for (long s = firstSeq; s <= lastSeq && msgs > 0; s++)
            {
                if (locate(s) && RecordDescriptor.timestamp(cursorBuffer, cursorOffset) >= epochNanos)
                {
                    return s;
                }
            }
            return lastSeq + 1;
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public void updateConfig(final StreamConfig newConfig)
    {
        lock.lock();
        try
        {
            checkOpen();
            config = newConfig.copy();
            if (config.maxMsgsPerSubject > 0)
            {
                for (int slot = 0; slot < subjects.capacity(); slot++)
                {
                    if (subjects.isUsed(slot) && subjects.count(slot) > config.maxMsgsPerSubject)
                    {
                        enforceSubjectLimit(slot);
                    }
                }
            }
            enforceMsgAndByteLimits();
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public void expire(final long nowNanos)
    {
        lock.lock();
        try
        {
            if (closed)
            {
                return;
            }
            if (config.maxAgeNanos > 0)
            {
                final long cutoff = nowNanos - config.maxAgeNanos;
                expireWholeBlocks(cutoff);
                while (msgs > 0 && locate(firstSeq) &&
                    RecordDescriptor.timestamp(cursorBuffer, cursorOffset) <= cutoff)
                {
                    removeLocked(firstSeq, false);
                }
            }
            if (!ttlExpiry.isEmpty())
            {
                expiredScratch.clear();
                final Long2LongHashMap.EntryIterator it = ttlExpiry.entrySet().iterator();
                while (it.hasNext())
                {
                    it.next();
                    if (it.getLongValue() <= nowNanos)
                    {
                        expiredScratch.addLong(it.getLongKey());
                    }
                }
                for (int i = 0; i < expiredScratch.size(); i++)
                {
                    removeLocked(expiredScratch.getLong(i), false);
                }
            }
        }
        finally
        {
            lock.unlock();
        }
    }
}
