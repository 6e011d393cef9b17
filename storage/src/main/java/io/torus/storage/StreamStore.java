package io.torus.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

import org.agrona.DirectBuffer;

/**
 * The message store of one JetStream stream: what the Go server's {@code StreamStore} (server/store.go) offers,
 * with the same semantics for sequences, purge, compact, truncate, skips and limits.
 *
 * <p>Sequences start at 1 and never go backwards; 0 means "none". Subjects, headers and payloads are bytes in
 * Agrona buffers; the {@code String} overloads are conveniences that allocate.
 *
 * <p>Threading: every method is safe to call from any thread (one internal lock); the intended use is a single
 * writer, the JetStream append stage, plus readers (consumers, the API) on other threads. The background
 * expiry and flush tasks take the same lock.
 */
public interface StreamStore extends AutoCloseable
{
    /** Stored size of a message, used for {@code max_bytes} and {@link StreamState#bytes}; same for every store. */
    static long messageSize(final int subjectLength, final int headersLength, final int payloadLength)
    {
        return 40L + subjectLength + headersLength + payloadLength;
    }

    /**
     * Append a message with the next sequence and the given timestamp.
     *
     * @param timestamp  epoch nanoseconds; 0 means now.
     * @param ttlSeconds per-message TTL, 0 for none, -1 for never expire.
     * @return the message's sequence.
     * @throws StoreException on a limit with discard new, a too large message, I/O failure or a closed store.
     */
    long append(
        DirectBuffer subject, int subjectOffset, int subjectLength,
        DirectBuffer headers, int headersOffset, int headersLength,
        DirectBuffer payload, int payloadOffset, int payloadLength,
        long timestamp, int ttlSeconds);

    /**
     * Append with an expected sequence (replication); refuses with {@code SEQUENCE_MISMATCH} unless
     * {@code seq == lastSeq + 1}. Discard-new limits are checked only when {@code discardNewCheck}.
     */
    void appendRaw(
        long seq, DirectBuffer subject, int subjectOffset, int subjectLength,
        DirectBuffer headers, int headersOffset, int headersLength,
        DirectBuffer payload, int payloadOffset, int payloadLength,
        long timestamp, int ttlSeconds, boolean discardNewCheck);

    /** Convenience, allocates. */
    default long append(final String subject, final byte[] headers, final byte[] payload)
    {
        final org.agrona.concurrent.UnsafeBuffer s = new org.agrona.concurrent.UnsafeBuffer(
            subject.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        final byte[] h = headers == null ? new byte[0] : headers;
        final byte[] p = payload == null ? new byte[0] : payload;
        return append(s, 0, s.capacity(), new org.agrona.concurrent.UnsafeBuffer(h), 0, h.length,
            new org.agrona.concurrent.UnsafeBuffer(p), 0, p.length, 0, 0);
    }

    /** Consume {@code seq} without a message; {@code seq} 0 means next. @return the skipped sequence. */
    long skip(long seq);

    /** Consume {@code num} sequences from {@code seq} (which must be {@code lastSeq + 1}). */
    void skip(long seq, long num);

    /** Load a live message. @return false when the sequence was never stored, was removed, or is out of range. */
    boolean load(long seq, StoreMessage into);

    /** Load the last message whose subject matches the filter (literal or wildcard). @return false if none. */
    boolean loadLast(SubjectFilter filter, StoreMessage into);

    /**
     * Load the last message of one literal subject given as bytes (the key-value get path: no filter object).
     *
     * @return false if the subject has no message.
     */
    boolean loadLast(DirectBuffer subject, int subjectOffset, int subjectLength, StoreMessage into);

    /**
     * Load the first message at or after {@code start} matching the filter.
     *
     * @return its sequence, or 0 when there is none (Go's {@code ErrStoreEOF}).
     */
    long loadNext(SubjectFilter filter, long start, StoreMessage into);

    /** Remove a message (a tombstone in the file store). @return false if it was not there. */
    boolean remove(long seq);

    /** Remove and overwrite the message's bytes so they cannot be recovered from the files. */
    boolean erase(long seq);

    /** Remove every message; the next append gets {@code lastSeq + 1}. @return messages removed. */
    long purge();

    /**
     * Go's {@code PurgeEx}: remove messages matching {@code filter} (empty or {@code >} = all) below {@code seq}
     * (0 = no bound), keeping the newest {@code keep} (0 = none kept). @return messages removed.
     */
    long purge(SubjectFilter filter, long seq, long keep);

    /** Remove every message below {@code seq}; past the end it empties the store and the next append gets seq. */
    long compact(long seq);

    /** Remove every message above {@code seq}; {@code lastSeq} becomes seq. 0 resets the store. */
    void truncate(long seq);

    /** Fill {@code into}; no allocation. */
    void state(StreamState into);

    /** Count and range of messages at or after {@code seq} matching the filter. */
    SimpleState filteredState(long seq, SubjectFilter filter);

    /** Per-subject state for every subject matching the filter; allocates, for the API layer. */
    Map<String, SimpleState> subjectsState(SubjectFilter filter);

    /** Per-subject message counts for every subject matching the filter; allocates, for the API layer. */
    Map<String, Long> subjectsTotals(SubjectFilter filter);

    /**
     * Messages at or after {@code seq} matching the filter; with {@code lastPerSubject} only the newest message of
     * each subject counts (and only if it is at or after {@code seq}).
     */
    long numPending(long seq, SubjectFilter filter, boolean lastPerSubject);

    /** First sequence whose timestamp is at or after {@code epochNanos}; lastSeq + 1 if none. */
    long sequenceForTime(long epochNanos);

    /** Apply new limits, enforcing them at once. Block size and sync options apply to new blocks only. */
    void updateConfig(StreamConfig config);

    /** Remove messages past {@code max_age} or their TTL as of {@code nowNanos}; the background task calls this. */
    void expire(long nowNanos);

    /** Make every appended message durable on disk (msync/fsync); a no-op for the memory store. */
    void flush();

    /** Write the whole stream (messages, sequence range, gaps) as one archive. */
    default void snapshot(final OutputStream out) throws IOException
    {
        StreamArchive.write(this, out);
    }

    /** Replace this (empty) store's content with an archive written by {@link #snapshot}. */
    default void restore(final InputStream in) throws IOException
    {
        StreamArchive.read(this, in);
    }

    /** Close and delete every file of the stream. */
    void delete();

    @Override
    void close();
}
