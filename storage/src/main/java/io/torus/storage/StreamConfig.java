package io.torus.storage;

import java.util.concurrent.TimeUnit;

/**
 * Limits and store options of one stream. Zero (or negative) means unlimited for every limit, as in the Go server.
 * Plain mutable fields with fluent setters; a store copies what it needs at open and on {@code updateConfig}.
 */
public final class StreamConfig
{
    public long maxMsgs;
    public long maxBytes;
    public long maxAgeNanos;
    public long maxMsgsPerSubject;
    public int maxMsgSize;
    public DiscardPolicy discard = DiscardPolicy.OLD;
    /** With {@link DiscardPolicy#NEW}, also refuse a message whose subject is at {@code max_msgs_per_subject}. */
    public boolean discardNewPerSubject;
    /** Per-message TTL honoured (the {@code ttl} argument of append); otherwise ignored. */
    public boolean allowMsgTtl = true;

    // File store options.
    /** Size of one message block file; Go uses 8-64 MB. */
    public int blockSize = 8 * 1024 * 1024;
    /** Background flush (msync + fsync) interval; 2 minutes as in the Go server. */
    public long syncIntervalNanos = TimeUnit.MINUTES.toNanos(2);
    /** Force every append to disk before it returns ({@code sync: always}). Slow: one msync per append. */
    public boolean syncAlways;
    /**
     * Write zeros over a new block file before mapping it, so a full disk fails the block creation with a clear
     * error instead of a fault on a later write into the mapping. Costs one extra write of every block.
     */
    public boolean preallocateBlocks = true;
    /** Compression of sealed blocks, done by the background task (or at sealing, see {@link #compressOnSeal}). */
    public BlockCompression compression = BlockCompression.NONE;
    /**
     * Compress a block on the appending thread the moment it is sealed instead of in the background: the append
     * that rolls the block pays for it. Deterministic, which tests want; the background is the default.
     */
    public boolean compressOnSeal;
    /** Decompressed blocks kept in memory per store (direct buffers of one block each), least recently used out. */
    public int compressedCacheBlocks = 4;
    /** How often the background task checks {@code max_age} and TTL expiry. */
    public long expiryCheckIntervalNanos = TimeUnit.SECONDS.toNanos(1);

    public StreamConfig maxMsgs(final long v) { maxMsgs = v; return this; }
    public StreamConfig maxBytes(final long v) { maxBytes = v; return this; }
    public StreamConfig maxAge(final long v, final TimeUnit unit) { maxAgeNanos = unit.toNanos(v); return this; }
    public StreamConfig maxMsgsPerSubject(final long v) { maxMsgsPerSubject = v; return this; }
    public StreamConfig maxMsgSize(final int v) { maxMsgSize = v; return this; }
    public StreamConfig discard(final DiscardPolicy v) { discard = v; return this; }
    public StreamConfig discardNewPerSubject(final boolean v) { discardNewPerSubject = v; return this; }
    public StreamConfig blockSize(final int v) { blockSize = v; return this; }
    public StreamConfig syncInterval(final long v, final TimeUnit unit) { syncIntervalNanos = unit.toNanos(v); return this; }
    public StreamConfig syncAlways(final boolean v) { syncAlways = v; return this; }
    public StreamConfig preallocateBlocks(final boolean v) { preallocateBlocks = v; return this; }
    public StreamConfig compression(final BlockCompression v) { compression = v; return this; }
    public StreamConfig compressOnSeal(final boolean v) { compressOnSeal = v; return this; }
    public StreamConfig compressedCacheBlocks(final int v) { compressedCacheBlocks = v; return this; }
    public StreamConfig expiryCheckInterval(final long v, final TimeUnit unit)
    {
        expiryCheckIntervalNanos = unit.toNanos(v);
        return this;
    }

    public StreamConfig copy()
    {
        final StreamConfig c = new StreamConfig();
        c.maxMsgs = maxMsgs;
        c.maxBytes = maxBytes;
        c.maxAgeNanos = maxAgeNanos;
        c.maxMsgsPerSubject = maxMsgsPerSubject;
        c.maxMsgSize = maxMsgSize;
        c.discard = discard;
        c.discardNewPerSubject = discardNewPerSubject;
        c.allowMsgTtl = allowMsgTtl;
        c.blockSize = blockSize;
        c.syncIntervalNanos = syncIntervalNanos;
        c.syncAlways = syncAlways;
        c.preallocateBlocks = preallocateBlocks;
        c.expiryCheckIntervalNanos = expiryCheckIntervalNanos;
        c.compression = compression;
        c.compressOnSeal = compressOnSeal;
        c.compressedCacheBlocks = compressedCacheBlocks;
        return c;
    }
}
