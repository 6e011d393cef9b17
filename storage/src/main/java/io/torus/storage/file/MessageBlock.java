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

import io.torus.storage.RecordDescriptor;
import io.torus.storage.StoreException;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.torus.storage.file.BlockDescriptor.*;

/**
 * One fixed-size memory-mapped block file of a stream plus its sequence index (sequence to record offset), kept
 * off-heap in a direct buffer that grows by doubling. Only the tail block is written: appends, and removals as a
 * TOMBSTONE type flip in place (checksum rewritten). Once sealed (a newer tail exists) the block file is read-only:
 * removals go to the block's {@link DeleteLog}, and the file is only ever replaced whole (compaction, truncation:
 * written aside, renamed over) or deleted. The one exception is {@code erase}, whose point is to overwrite the
 * message's bytes where they are. No other block ever depends on this one.
 *
 * <p>Not thread safe: used by {@link BlockFileStore} under its lock. Heap cost per block is this object and
 * three buffer wrappers, independent of the number of records.
 */
final class MessageBlock
{
    private static final Logger LOG = LoggerFactory.getLogger(MessageBlock.class);
    private static final int ZERO_CHUNK = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZERO_CHUNK);

    /** A view of a shared 1 MB direct buffer of zeros, for preallocating files (never written to). */
    static ByteBuffer zeros()
    {
        return ZEROS.duplicate();
    }

    final long id;
    final Path path;
    long firstSeq;
    /** Highest sequence of any record in the block; firstSeq - 1 when none. */
    long maxSeq;
    long msgs;
    long bytes;
    long maxTimestamp;
    int writePos;
    int lastRecordOffset;
    boolean dirty;
    /** Background flushes in progress on this block; it is unmapped only at zero. Guarded by the store lock. */
    int pins;
    boolean deletePending;
    /** Replaced by a rewritten or compressed version while pinned: the background flush closes it when done. */
    boolean closePending;
    /** A newer tail exists: the file is not written any more; removals go to {@link #deleteLog}. */
    boolean sealed;
    /** Zero-fill a new delete log before mapping it (the store's {@code preallocateBlocks}). */
    boolean preallocateDeleteLog = true;
    /** Removals since sealing; opened or created on the first removal after sealing (or by a rebuild scan). */
    DeleteLog deleteLog;

    /** Bytes addressable through {@link #buffer}: the file size, or a compressed block's uncompressed length. */
    private final int capacity;
    /** The file: the records themselves, or for a compressed block its header, chunk table and chunks. */
    private MappedByteBuffer mapped;
    /** The block's bytes at their original offsets; for a compressed block, a cache slot while it has one. */
    final UnsafeBuffer buffer;
    private ByteBuffer crcView;
    /** A second view for checksum checks on reads, so a read never disturbs the append path's view. */
    ByteBuffer verifyView;

    /** The file holds the compressed form: bytes reach {@link #buffer} through {@link #ensure}. */
    final boolean compressed;
    private final int chunkSize;
    private final int chunkCount;
    private BlockCache cache;
    private BlockCache.Slot slot;
    private ByteBuffer inflateIn;
    private ByteBuffer inflateOut;
    /** Chunks found damaged when decompressed: their bytes read as zeros (records in them fail their checksum). */
    int corruptChunks;
    /** A compression attempt found it not worth it; not tried again while this object lives. */
    boolean compressionTried;
    /** Writes into the file after sealing (erase, or a removal when no delete log could be made). */
    int inPlaceWrites;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer indexByteBuffer;
    private final UnsafeBuffer index = new UnsafeBuffer(0, 0);
    private int indexSlots;
    /** Per sequence: record offset (int, 0 = none) and distance to the next message of the same subject (int). */
    static final int INDEX_SLOT_LENGTH = 8;
    private static final int LINK_OFFSET = 4;

    private MessageBlock(final long id, final Path path, final MappedByteBuffer mapped, final long firstSeq)
    {
        this.id = id;
        this.path = path;
        this.mapped = mapped;
        this.capacity = mapped.capacity();
        this.buffer = new UnsafeBuffer(mapped);
        this.crcView = mapped.duplicate();
        this.verifyView = mapped.duplicate();
        this.firstSeq = firstSeq;
        this.maxSeq = firstSeq - 1;
        this.writePos = HEADER_LENGTH;
        this.compressed = false;
        this.chunkSize = 0;
        this.chunkCount = 0;
        allocateIndex(1024);
    }

    /** A compressed block: {@code buffer} is empty until the first {@link #ensure}. */
    private MessageBlock(final long id, final Path path, final MappedByteBuffer mapped, final long firstSeq,
        final int uncompressedLength, final int chunkSize, final int chunkCount, final BlockCache cache)
    {
        this.id = id;
        this.path = path;
        this.mapped = mapped;
        this.capacity = uncompressedLength;
        this.buffer = new UnsafeBuffer(0, 0);
        this.firstSeq = firstSeq;
        this.maxSeq = firstSeq - 1;
        this.writePos = uncompressedLength;
        this.compressed = true;
        this.chunkSize = chunkSize;
        this.chunkCount = chunkCount;
        this.cache = cache;
        this.sealed = true;
        allocateIndex(1024);
    }

    /** Create, preallocate (so ENOSPC surfaces here as an exception) and map a new block file. */
    static MessageBlock create(
        final Path dir, final long id, final long firstSeq, final int size, final boolean preallocate)
    {
        final Path path = dir.resolve(blockFileName(id));
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            try
            {
                long pos = preallocate ? 0 : size;
                if (!preallocate)
                {
                    ch.truncate(0);
                }
                while (pos < size)
                {
                    final ByteBuffer z = ZEROS.duplicate().clear().limit((int)Math.min(ZERO_CHUNK, size - pos));
                    while (z.hasRemaining())
                    {
                        pos += ch.write(z, pos);
                    }
                }
                final MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
                mapped.order(ByteOrder.LITTLE_ENDIAN);
                final MessageBlock block = new MessageBlock(id, path, mapped, firstSeq);
                block.writeHeader();
                return block;
            }
            catch (final IOException ex)
            {
                Files.deleteIfExists(path);
                throw ex;
            }
        }
        catch (final IOException ex)
        {
            throw new StoreException(StoreException.Reason.IO,
                "cannot create block " + path + ": " + ex.getClass().getSimpleName() + " " + ex.getMessage(), ex);
        }
    }

    /**
     * Map an existing block file; its header is checked, its records are not (see {@link #scan}). A compressed
     * block's header and chunk table must be intact (else IOException: the caller sets the file aside); its chunks
     * are checked when decompressed, into {@code cache}.
     */
    static MessageBlock open(final Path path, final long id, final BlockCache cache) throws IOException
    {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long size = ch.size();
            if (size < HEADER_LENGTH || size > Integer.MAX_VALUE)
            {
                throw new IOException("block file size " + size);
            }
            // The header is read with a plain read, not through the mapping: a page fault on a mapping makes the
            // kernel read around it (read_ahead_kb, often megabytes: most of a block), and an open with trusted
            // indexes must not read every block from a cold disk.
            final ByteBuffer head = readAt(ch, 0, HEADER_LENGTH);
            final UnsafeBuffer b = new UnsafeBuffer(head);
            if (b.getLong(MAGIC_OFFSET) == COMPRESSED_MAGIC)
            {
                return openCompressed(path, id, ch, size, b, cache);
            }
            long firstSeq = -1;
            if (b.getLong(MAGIC_OFFSET) == BLOCK_MAGIC && b.getInt(VERSION_OFFSET) == BLOCK_VERSION &&
                b.getLong(BLOCK_ID_OFFSET) == id)
            {
                final CRC32C crc = new CRC32C();
                crc.update(head.duplicate().position(HEADER_CHECKSUMMED_FROM).limit(HEADER_CHECKSUMMED_TO));
                if ((int)crc.getValue() == b.getInt(HEADER_CHECKSUM_OFFSET))
                {
                    firstSeq = b.getLong(FIRST_SEQ_OFFSET);
                }
            }
            final MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            mapped.order(ByteOrder.LITTLE_ENDIAN);
            return new MessageBlock(id, path, mapped, firstSeq);
        }
    }

    /** Read {@code length} bytes at {@code position} (fewer at the end of the file; the rest stays zero). */
    private static ByteBuffer readAt(final FileChannel ch, final long position, final int length) throws IOException
    {
        final ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining())
        {
            if (ch.read(buf, position + buf.position()) < 0)
            {
                break;
            }
        }
        return buf.clear();
    }

    private static MessageBlock openCompressed(final Path path, final long id, final FileChannel ch,
        final long size, final UnsafeBuffer b, final BlockCache cache) throws IOException
    {
        final int chunks = b.getInt(COMPRESSED_CHUNKS_OFFSET);
        final int length = b.getInt(COMPRESSED_LENGTH_OFFSET);
        final int chunkSize = b.getInt(COMPRESSED_CHUNK_SIZE_OFFSET);
        final long tableEnd = COMPRESSED_HEADER_LENGTH + (long)chunks * COMPRESSED_CHUNK_ENTRY_LENGTH;
        boolean valid = b.getInt(VERSION_OFFSET) == COMPRESSED_VERSION && b.getLong(BLOCK_ID_OFFSET) == id &&
            b.getInt(COMPRESSED_CODEC_OFFSET) == COMPRESSED_CODEC_LZ4 && chunks > 0 && chunkSize > 0 &&
            length > HEADER_LENGTH && (long)chunks * chunkSize >= length &&
            (long)(chunks - 1) * chunkSize < length && tableEnd <= size;
        if (valid)
        {
            final CRC32C crc = new CRC32C();
            crc.update(readAt(ch, 0, (int)tableEnd).position(HEADER_CHECKSUMMED_FROM));
            valid = (int)crc.getValue() == b.getInt(HEADER_CHECKSUM_OFFSET);
        }
        if (!valid)
        {
            throw new IOException("compressed block header or chunk table corrupt");
        }
        final MappedByteBuffer mapped = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
        mapped.order(ByteOrder.LITTLE_ENDIAN);
        return new MessageBlock(id, path, mapped, b.getLong(FIRST_SEQ_OFFSET), length, chunkSize, chunks, cache);
    }

    /**
     * Make the bytes [{@code from}, {@code to}) readable through {@link #buffer}: nothing to do for a plain block;
     * a compressed one takes a cache slot if it has none and decompresses the chunks not there yet.
     */
    void ensure(final int from, final int to)
    {
        if (!compressed)
        {
            return;
        }
        if (slot == null)
        {
            slot = cache.attach(this, capacity, chunkCount);
            buffer.wrap(slot.memory, 0, capacity);
            crcView = slot.memory.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            verifyView = slot.memory.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            inflateOut = slot.memory.duplicate();
            if (inflateIn == null)
            {
                inflateIn = mapped.duplicate();
            }
        }
        else
        {
            cache.touch(slot);
        }
        final int end = Math.min(to, capacity);
        for (int c = Math.max(0, from) / chunkSize; c * chunkSize < end; c++)
        {
            if (!slot.has(c))
            {
                inflate(c);
                slot.set(c);
            }
        }
    }

    /** {@link #ensure} the record at {@code offset}: its header, then its whole length. */
    void ensureRecord(final int offset)
    {
        if (compressed)
        {
            ensure(offset, offset + RecordDescriptor.HEADER_LENGTH);
            final int length = RecordDescriptor.length(buffer, offset);
            if (length > RecordDescriptor.HEADER_LENGTH)
            {
                ensure(offset, offset + length);
            }
        }
    }

    private void inflate(final int chunk)
    {
        final int from = chunk * chunkSize;
        final int ulen = Math.min(chunkSize, capacity - from);
        final int entry = COMPRESSED_HEADER_LENGTH + chunk * COMPRESSED_CHUNK_ENTRY_LENGTH;
        final long at = mapped.getLong(entry);
        final int stored = mapped.getInt(entry + 8);
        final int expectedCrc = mapped.getInt(entry + 12);
        // Reused views (no allocation per chunk): the file's for reading, the slot's for writing.
        final ByteBuffer out = inflateOut.limit(from + ulen).position(from);
        cache.chunksInflated++;
        String problem = null;
        if (at < COMPRESSED_HEADER_LENGTH || stored <= 0 || at + stored > mapped.capacity())
        {
            problem = "chunk beyond the end of the file (truncated?)";
        }
        else
        {
            final ByteBuffer in = inflateIn.limit((int)(at + stored)).position((int)at);
            crc.reset();
            crc.update(in);
            in.position((int)at);
            if ((int)crc.getValue() != expectedCrc)
            {
                problem = "chunk checksum mismatch";
            }
            else if (stored == ulen)
            {
                out.put(in);
            }
            else
            {
                try
                {
                    cache.decompressor.decompress(in, out);
                    if (out.position() != from + ulen)
                    {
                        problem = "chunk decompressed to " + (out.position() - from) + " bytes, not " + ulen;
                    }
                }
                catch (final RuntimeException ex)
                {
                    problem = "chunk does not decompress: " + ex;
                }
            }
        }
        if (problem != null)
        {
            // The records in this chunk fail their checksums and are skipped; the others are unaffected.
            buffer.setMemory(from, ulen, (byte)0);
            corruptChunks++;
            LOG.error("compressed block {}: {} at uncompressed offsets [{}, {}); records there are lost", path,
                problem, from, from + ulen);
        }
    }

    /** Give the cache slot back (the cache evicts this block); bytes are decompressed again on next use. */
    void detach()
    {
        if (slot != null)
        {
            slot.owner = null;
            slot = null;
            buffer.wrap(0, 0);
            crcView = null;
            verifyView = null;
            inflateOut = null;
        }
    }

    /**
     * Take over the in-memory state of the uncompressed block this compressed one replaces (same id, same
     * offsets): sequence index, counters, delete log. {@code old} must only be closed afterwards.
     */
    void adopt(final MessageBlock old)
    {
        if (indexByteBuffer != null)
        {
            BufferUtil.free(indexByteBuffer);
        }
        indexByteBuffer = old.indexByteBuffer;
        indexSlots = old.indexSlots;
        index.wrap(indexByteBuffer);
        old.indexByteBuffer = null;
        old.index.wrap(0, 0);
        firstSeq = old.firstSeq;
        maxSeq = old.maxSeq;
        msgs = old.msgs;
        bytes = old.bytes;
        maxTimestamp = old.maxTimestamp;
        lastRecordOffset = old.lastRecordOffset;
        deleteLog = old.deleteLog;
        old.deleteLog = null;
        preallocateDeleteLog = old.preallocateDeleteLog;
        sealed = true;
    }

    private void writeHeader()
    {
        buffer.putLong(MAGIC_OFFSET, BLOCK_MAGIC);
        buffer.putInt(VERSION_OFFSET, BLOCK_VERSION);
        buffer.putLong(BLOCK_ID_OFFSET, id);
        buffer.putLong(FIRST_SEQ_OFFSET, firstSeq);
        buffer.putLong(CREATED_OFFSET, System.currentTimeMillis() * 1_000_000L);
        crc.reset();
        crc.update(crcView.limit(HEADER_CHECKSUMMED_TO).position(HEADER_CHECKSUMMED_FROM));
        buffer.putInt(HEADER_CHECKSUM_OFFSET, (int)crc.getValue());
        dirty = true;
    }

    boolean headerValid()
    {
        return firstSeq > 0;
    }

    int capacity()
    {
        return capacity;
    }

    int remaining()
    {
        return capacity - writePos;
    }

    private void allocateIndex(final int slots)
    {
        final ByteBuffer old = indexByteBuffer;
        final int oldSlots = indexSlots;
        indexByteBuffer = ByteBuffer.allocateDirect(slots * INDEX_SLOT_LENGTH);
        index.wrap(indexByteBuffer);
        index.setMemory(0, slots * INDEX_SLOT_LENGTH, (byte)0);
        if (old != null)
        {
            index.putBytes(0, new UnsafeBuffer(old), 0, oldSlots * INDEX_SLOT_LENGTH);
            BufferUtil.free(old);
        }
        indexSlots = slots;
    }

    private void indexPut(final long seq, final int offset)
    {
        final long slot = seq - firstSeq;
        if (slot >= indexSlots)
        {
            int n = indexSlots;
            while (n <= slot)
            {
                n <<= 1;
            }
            allocateIndex(n);
        }
        index.putInt((int)slot * INDEX_SLOT_LENGTH, offset);
        index.putInt((int)slot * INDEX_SLOT_LENGTH + LINK_OFFSET, 0); // a new message has no successor yet
    }

    /**
     * Remember that the next message of {@code seq}'s subject is {@code next} (set when {@code next} is appended).
     * Kept when {@code seq} is removed, so removals walk a subject's chain instead of scanning the stream.
     */
    void link(final long seq, final long next)
    {
        final long slot = seq - firstSeq;
        final long delta = next - seq;
        if (slot >= 0 && slot < indexSlots && delta > 0 && delta <= Integer.MAX_VALUE)
        {
            index.putInt((int)slot * INDEX_SLOT_LENGTH + LINK_OFFSET, (int)delta);
        }
    }

    /** The next message of {@code seq}'s subject as linked at append time, or 0 when unknown. */
    long nextOfSubject(final long seq)
    {
        final long slot = seq - firstSeq;
        if (slot < 0 || slot >= indexSlots)
        {
            return 0;
        }
        final int delta = index.getInt((int)slot * INDEX_SLOT_LENGTH + LINK_OFFSET);
        return delta == 0 ? 0 : seq + delta;
    }

    /** Forget links that point above {@code seq} (truncate: those sequences may be reused by other subjects). */
    void unlinkAbove(final long seq)
    {
        final long last = Math.min(maxSeq, firstSeq + indexSlots - 1);
        for (long s = firstSeq; s <= last; s++)
        {
            final int at = (int)(s - firstSeq) * INDEX_SLOT_LENGTH + LINK_OFFSET;
            final int delta = index.getInt(at);
            if (delta != 0 && s + delta > seq)
            {
                index.putInt(at, 0);
            }
        }
    }

    /** Copy the subject links of another version of this block (same first sequence): compaction keeps them. */
    void copyLinksFrom(final MessageBlock other)
    {
        final long last = Math.min(other.maxSeq, other.firstSeq + other.indexSlots - 1);
        for (long s = firstSeq; s <= last; s++)
        {
            final long next = other.nextOfSubject(s);
            if (next != 0)
            {
                if (s - firstSeq >= indexSlots)
                {
                    int n = indexSlots;
                    while (n <= s - firstSeq)
                    {
                        n <<= 1;
                    }
                    allocateIndex(n);
                }
                link(s, next);
            }
        }
    }

    /** Offset of the live message record of {@code seq} in this block, or 0. */
    int offsetOf(final long seq)
    {
        final long slot = seq - firstSeq;
        if (slot < 0 || slot >= indexSlots || seq > maxSeq)
        {
            return 0;
        }
        return index.getInt((int)slot * INDEX_SLOT_LENGTH);
    }

    /** Append a message record. @return false when it does not fit (the caller rolls to a new block). */
    boolean append(
        final long seq, final long timestamp, final int ttl,
        final DirectBuffer subject, final int subjectOffset, final int subjectLength,
        final DirectBuffer headers, final int headersOffset, final int headersLength,
        final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        final int length = RecordDescriptor.length(subjectLength, headersLength, payloadLength);
        final int aligned = RecordDescriptor.alignedLength(length);
        if (writePos + aligned > capacity)
        {
            return false;
        }
        final int offset = writePos;
        RecordDescriptor.encode(buffer, offset, RecordDescriptor.TYPE_MSG, seq, timestamp, ttl,
            subject, subjectOffset, subjectLength, headers, headersOffset, headersLength,
            payload, payloadOffset, payloadLength);
        buffer.putInt(offset + RecordDescriptor.CHECKSUM_OFFSET,
            RecordDescriptor.checksum(crc, crcView, offset, length));
        writePos = offset + aligned;
        lastRecordOffset = offset;
        indexPut(seq, offset);
        maxSeq = seq;
        msgs++;
        bytes += io.torus.storage.StreamStore.messageSize(subjectLength, headersLength, payloadLength);
        if (timestamp > maxTimestamp)
        {
            maxTimestamp = timestamp;
        }
        dirty = true;
        return true;
    }

    /** Append a SKIP record for {@code seq .. seq + num - 1}. @return false when it does not fit. */
    boolean appendSkip(final long seq, final long num, final long timestamp, final UnsafeBuffer scratch)
    {
        final int length = RecordDescriptor.length(0, 0, 8);
        final int aligned = RecordDescriptor.alignedLength(length);
        if (writePos + aligned > capacity)
        {
            return false;
        }
        scratch.putLong(0, num);
        final int offset = writePos;
        RecordDescriptor.encode(buffer, offset, RecordDescriptor.TYPE_SKIP, seq, timestamp, 0,
            scratch, 0, 0, scratch, 0, 0, scratch, 0, 8);
        buffer.putInt(offset, RecordDescriptor.checksum(crc, crcView, offset, length));
        writePos = offset + aligned;
        lastRecordOffset = offset;
        maxSeq = seq + num - 1;
        dirty = true;
        return true;
    }

    /**
     * Remove the message of {@code seq}. In the tail block its record becomes a tombstone in place (type flipped,
     * checksum rewritten); in a sealed block the removal is written to the delete log and the block file is not
     * touched. With {@code secure} (erase) the subject, headers and payload are zeroed in place in either case:
     * erasing is about the bytes on disk.
     */
    void remove(final long seq, final boolean secure)
    {
        final int offset = offsetOf(seq);
        if (offset == 0)
        {
            return;
        }
        ensureRecord(offset);
        final long size = RecordDescriptor.messageSize(buffer, offset);
        if (compressed)
        {
            // Nothing can be written into a compressed file; the store rewrites the block for an erase.
            if (!recordRemoval(seq))
            {
                LOG.error("block {}: removal of {} not recorded on disk (no delete log); it reappears after a " +
                    "crash", path, seq);
            }
        }
        else if (secure || !sealed || !recordRemoval(seq))
        {
            if (sealed)
            {
                inPlaceWrites++;
            }
            final int length = RecordDescriptor.length(buffer, offset);
            if (secure)
            {
                buffer.setMemory(offset + RecordDescriptor.HEADER_LENGTH, length - RecordDescriptor.HEADER_LENGTH,
                    (byte)0);
            }
            buffer.putShort(offset + RecordDescriptor.TYPE_OFFSET, RecordDescriptor.TYPE_TOMBSTONE);
            buffer.putInt(offset, RecordDescriptor.checksum(crc, crcView, offset, length));
        }
        msgs--;
        bytes -= size;
        index.putInt((int)(seq - firstSeq) * INDEX_SLOT_LENGTH, 0);
        dirty = true;
    }

    /** Write the removal to the delete log, creating it on first use. @return false if it cannot (disk full). */
    private boolean recordRemoval(final long seq)
    {
        if (deleteLog == null)
        {
            try
            {
                deleteLog = DeleteLog.createOrOpen(path, id, firstSeq, (int)Math.max(1, maxSeq - firstSeq + 1),
                    preallocateDeleteLog);
            }
            catch (final StoreException ex)
            {
                // Falling back to the in-place tombstone keeps the removal durable; only the read-only rule bends.
                LOG.warn("block {}: {}; removal written into the sealed block instead", path, ex.getMessage());
                return false;
            }
        }
        return deleteLog.record(seq);
    }

    /** Visitor of live message records found by {@link #scan}. */
    interface RecordVisitor
    {
        void onMessage(MessageBlock block, int offset);
    }

    /** What a scan found. */
    static final class ScanResult
    {
        /** Messages removed after sealing, found in delete logs. */
        int loggedRemovals;
        int corruptDeleteEntries;
        int corruptDeleteLogs;
        int records;
        int corruptRegions;
        long corruptBytes;
        long tornTailBytes;
    }

    /**
     * Rebuild this block's index from its records, checking every checksum. A corrupt region is logged and
     * skipped by searching forward (8-byte steps) for the next valid record; garbage after the last valid record
     * of the tail block (a torn write) is zeroed so appends continue cleanly.
     */
    void scan(final RecordVisitor visitor, final boolean isTail, final ScanResult result)
    {
        int pos = HEADER_LENGTH;
        long lastGoodSeq = 0;
        msgs = 0;
        bytes = 0;
        ensure(0, capacity);
        if (firstSeq <= 0)
        {
            // Header lost: the first valid record tells the block's base sequence.
            final int found = findValid(HEADER_LENGTH, 0);
            if (found < 0)
            {
                firstSeq = -1;
                return;
            }
            firstSeq = RecordDescriptor.sequence(buffer, found);
            maxSeq = firstSeq - 1;
        }
        final LongHashSet removed = readDeleteLog(result);
        while (pos + RecordDescriptor.HEADER_LENGTH <= capacity)
        {
            if (isValid(pos, lastGoodSeq))
            {
                pos = accept(pos, visitor, result, removed);
                lastGoodSeq = maxSeq;
                continue;
            }
            final int next = findValid(pos + RecordDescriptor.ALIGNMENT, lastGoodSeq);
            if (next < 0)
            {
                // Nothing valid after: this is the end of the data, possibly with a torn record.
                final int dirtyEnd = lastNonZero(pos);
                if (dirtyEnd > pos)
                {
                    result.tornTailBytes += dirtyEnd - pos;
                    LOG.warn("block {}: {} bytes of incomplete record after offset {} {}", path, dirtyEnd - pos, pos,
                        isTail ? "cut off" : "ignored");
                    if (isTail)
                    {
                        buffer.setMemory(pos, dirtyEnd - pos, (byte)0);
                        dirty = true;
                    }
                }
                break;
            }
            result.corruptRegions++;
            result.corruptBytes += next - pos;
            LOG.error("block {}: corrupt data at offsets [{}, {}) skipped, records after it kept", path, pos, next);
            pos = next;
        }
        // A compressed block's end is fixed by its header; a damaged chunk at its end does not move it.
        writePos = compressed ? capacity : Math.min(pos, capacity);
    }

    /** The removals recorded after sealing, or null when the block has no delete log. */
    private LongHashSet readDeleteLog(final ScanResult result)
    {
        final Path logPath = DeleteLog.pathOf(path, id);
        if (!Files.exists(logPath))
        {
            return null;
        }
        final DeleteLog log = DeleteLog.open(logPath, id);
        if (log == null)
        {
            result.corruptDeleteLogs++;
            LOG.error("block {}: delete log {} unreadable (header corrupt), set aside; messages removed from this " +
                "block after it was sealed are live again", path, logPath);
            try
            {
                Files.move(logPath, logPath.resolveSibling(logPath.getFileName() + ".corrupt"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final IOException ex)
            {
                LOG.error("cannot set aside {}: {}", logPath, ex.toString());
            }
            return null;
        }
        final LongHashSet removed = new LongHashSet();
        final int bad = log.forEach(removed::add);
        if (bad > 0)
        {
            result.corruptDeleteEntries += bad;
            LOG.error("block {}: {} corrupt entries in its delete log skipped, the others applied", path, bad);
        }
        if (deleteLog != null)
        {
            deleteLog.close();
        }
        deleteLog = log; // kept for this block's next removals
        return removed;
    }

    private int accept(final int pos, final RecordVisitor visitor, final ScanResult result, final LongHashSet removed)
    {
        final int length = RecordDescriptor.length(buffer, pos);
        final long seq = RecordDescriptor.sequence(buffer, pos);
        final short type = RecordDescriptor.type(buffer, pos);
        result.records++;
        lastRecordOffset = pos;
        if (type == RecordDescriptor.TYPE_SKIP)
        {
            maxSeq = Math.max(maxSeq, seq + buffer.getLong(pos + RecordDescriptor.HEADER_LENGTH) - 1);
        }
        else
        {
            maxSeq = Math.max(maxSeq, seq);
            final long ts = RecordDescriptor.timestamp(buffer, pos);
            if (ts > maxTimestamp)
            {
                maxTimestamp = ts;
            }
            if (type == RecordDescriptor.TYPE_MSG && removed != null && removed.contains(seq))
            {
                result.loggedRemovals++;
            }
            else if (type == RecordDescriptor.TYPE_MSG && seq >= firstSeq)
            {
                indexPut(seq, pos);
                msgs++;
                bytes += RecordDescriptor.messageSize(buffer, pos);
                visitor.onMessage(this, pos);
            }
        }
        return pos + RecordDescriptor.alignedLength(length);
    }

    private boolean isValid(final int pos, final long lastGoodSeq)
    {
        if (!RecordDescriptor.plausible(buffer, pos, capacity - pos))
        {
            return false;
        }
        final long seq = RecordDescriptor.sequence(buffer, pos);
        if (seq <= lastGoodSeq || seq < firstSeq)
        {
            return false;
        }
        final int length = RecordDescriptor.length(buffer, pos);
        return RecordDescriptor.checksum(crc, crcView, pos, length) == buffer.getInt(pos);
    }

    private int findValid(final int from, final long lastGoodSeq)
    {
        for (int p = from; p + RecordDescriptor.HEADER_LENGTH <= capacity; p += RecordDescriptor.ALIGNMENT)
        {
            if (buffer.getLong(p) != 0 && isValid(p, lastGoodSeq))
            {
                return p;
            }
        }
        return -1;
    }

    /**
     * Zero anything after the write position (a torn record), so appends continue on clean space; used when this
     * block becomes the tail after the scan. @return the bytes cut.
     */
    int cutAfterWritePos()
    {
        if (compressed)
        {
            return 0;
        }
        final int dirtyEnd = lastNonZero(writePos);
        if (dirtyEnd > writePos)
        {
            LOG.warn("block {}: {} bytes of incomplete record after offset {} cut off", path, dirtyEnd - writePos,
                writePos);
            buffer.setMemory(writePos, dirtyEnd - writePos, (byte)0);
            dirty = true;
            return dirtyEnd - writePos;
        }
        return 0;
    }

    /** Every byte of the file is zero (a plain block whose creation was interrupted before its header). */
    boolean allZero()
    {
        if (compressed)
        {
            return false;
        }
        for (int p = 0; p + 8 <= capacity; p += 8)
        {
            if (buffer.getLong(p) != 0)
            {
                return false;
            }
        }
        for (int p = capacity & ~7; p < capacity; p++)
        {
            if (buffer.getByte(p) != 0)
            {
                return false;
            }
        }
        return true;
    }

    private int lastNonZero(final int from)
    {
        int end = from;
        for (int p = from; p + 8 <= capacity; p += 8)
        {
            if (buffer.getLong(p) != 0)
            {
                end = p + 8;
            }
        }
        return end;
    }

    /**
     * Cut every record above {@code seq}: zero the bytes from the first such record to the write position and
     * shorten a SKIP record that spans {@code seq}.
     */
    void truncateAfter(final long seq)
    {
        int pos = HEADER_LENGTH;
        long newMax = firstSeq - 1;
        int newLast = 0;
        while (pos < writePos)
        {
            final int length = RecordDescriptor.length(buffer, pos);
            if (length < RecordDescriptor.HEADER_LENGTH)
            {
                break;
            }
            final long s = RecordDescriptor.sequence(buffer, pos);
            if (s > seq)
            {
                break;
            }
            if (RecordDescriptor.type(buffer, pos) == RecordDescriptor.TYPE_SKIP)
            {
                final long num = buffer.getLong(pos + RecordDescriptor.HEADER_LENGTH);
                if (s + num - 1 > seq)
                {
                    buffer.putLong(pos + RecordDescriptor.HEADER_LENGTH, seq - s + 1);
                    buffer.putInt(pos, RecordDescriptor.checksum(crc, crcView, pos, length));
                }
                newMax = Math.max(newMax, Math.min(seq, s + num - 1));
            }
            else
            {
                newMax = Math.max(newMax, s);
            }
            newLast = pos;
            pos += RecordDescriptor.alignedLength(length);
        }
        for (long s = seq + 1; s <= maxSeq; s++)
        {
            final int offset = offsetOf(s);
            if (offset != 0)
            {
                msgs--;
                bytes -= RecordDescriptor.messageSize(buffer, offset);
                index.putInt((int)(s - firstSeq) * INDEX_SLOT_LENGTH, 0);
            }
        }
        if (pos < writePos)
        {
            buffer.setMemory(pos, writePos - pos, (byte)0);
        }
        writePos = pos;
        lastRecordOffset = newLast;
        maxSeq = newMax;
        dirty = true;
    }

    void force()
    {
        if (dirty && mapped != null)
        {
            mapped.force(); // a sealed block's pages are clean unless erased: nothing to write then
            if (deleteLog != null)
            {
                deleteLog.force();
            }
            dirty = false;
        }
    }

    /** msync without touching the dirty flag; called by the background flush without the store lock. */
    void forceMapped()
    {
        final MappedByteBuffer m = mapped;
        if (m != null)
        {
            m.force();
        }
        final DeleteLog log = deleteLog;
        if (log != null)
        {
            log.forceMapped();
        }
    }

    void force(final int offset, final int length)
    {
        mapped.force(offset, length);
    }

    /** Bytes of the file taken by records (live, tombstones and skips). */
    int usedBytes()
    {
        return writePos - HEADER_LENGTH;
    }

    /**
     * Write a copy of this block holding only its live message records (same id and first sequence) to
     * {@code target}, fsynced, ready to be renamed over this block's file. Tombstones and skips are dropped: no
     * other block depends on them, and a sealed block's skips carry no information the next block does not.
     * Records above {@code upTo} are left out too (a truncation).
     *
     * @return the number of message records written.
     */
    long writeCompacted(final Path target, final long upTo) throws IOException
    {
        ensure(0, capacity);
        final long last = Math.min(maxSeq, upTo);
        int live = 0;
        long count = 0;
        for (long s = firstSeq; s <= last; s++)
        {
            final int offset = offsetOf(s);
            if (offset != 0)
            {
                live += RecordDescriptor.alignedLength(RecordDescriptor.length(buffer, offset));
                count++;
            }
        }
        final int size = HEADER_LENGTH + live;
        final ByteBuffer out = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
        try
        {
            final UnsafeBuffer b = new UnsafeBuffer(out);
            b.putBytes(0, buffer, 0, HEADER_LENGTH);
            int pos = HEADER_LENGTH;
            for (long s = firstSeq; s <= last; s++)
            {
                final int offset = offsetOf(s);
                if (offset != 0)
                {
                    final int aligned = RecordDescriptor.alignedLength(RecordDescriptor.length(buffer, offset));
                    b.putBytes(pos, buffer, offset, aligned);
                    pos += aligned;
                }
            }
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                out.clear();
                while (out.hasRemaining())
                {
                    ch.write(out);
                }
                ch.force(true);
            }
        }
        finally
        {
            BufferUtil.free(out);
        }
        return count;
    }

    /** Write the sequence index file for a clean close. */
    void writeIndex(final Path dir) throws IOException
    {
        final int slots = (int)Math.max(0, maxSeq - firstSeq + 1);
        final ByteBuffer out = ByteBuffer.allocateDirect(INDEX_HEADER_LENGTH + slots * INDEX_SLOT_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        final UnsafeBuffer b = new UnsafeBuffer(out);
        b.putLong(0, INDEX_MAGIC);
        b.putInt(8, INDEX_VERSION);
        b.putLong(INDEX_BLOCK_ID_OFFSET, id);
        b.putLong(INDEX_FIRST_SEQ_OFFSET, firstSeq);
        b.putLong(INDEX_MAX_SEQ_OFFSET, maxSeq);
        b.putInt(INDEX_WRITE_POS_OFFSET, writePos);
        b.putInt(INDEX_LAST_RECORD_OFFSET, lastRecordOffset);
        b.putLong(INDEX_MSGS_OFFSET, msgs);
        b.putLong(INDEX_BYTES_OFFSET, bytes);
        b.putLong(INDEX_MAX_TS_OFFSET, maxTimestamp);
        b.putInt(INDEX_SLOTS_OFFSET, slots);
        if (slots > 0)
        {
            b.putBytes(INDEX_HEADER_LENGTH, index, 0, Math.min(slots, indexSlots) * INDEX_SLOT_LENGTH);
        }
        final CRC32C c = new CRC32C();
        c.update(out.duplicate().position(16).limit(out.capacity()));
        b.putInt(INDEX_CHECKSUM_OFFSET, (int)c.getValue());
        try (FileChannel ch = FileChannel.open(dir.resolve(indexFileName(id)), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
        {
            out.clear();
            while (out.hasRemaining())
            {
                ch.write(out);
            }
            ch.force(false);
        }
        finally
        {
            BufferUtil.free(out);
        }
    }

    /**
     * Load the index file written at clean close. @return false if missing, corrupt, or if the block's tail does
     * not agree with it (then the caller rebuilds from the records).
     */
    boolean readIndex(final Path dir)
    {
        final Path file = dir.resolve(indexFileName(id));
        if (!Files.isRegularFile(file) || firstSeq <= 0)
        {
            return false;
        }
        ByteBuffer in = null;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = ch.size();
            if (size < INDEX_HEADER_LENGTH || size > Integer.MAX_VALUE)
            {
                return false;
            }
            in = ByteBuffer.allocateDirect((int)size).order(ByteOrder.LITTLE_ENDIAN);
            while (in.hasRemaining())
            {
                if (ch.read(in) < 0)
                {
                    return false;
                }
            }
            final UnsafeBuffer b = new UnsafeBuffer(in);
            final CRC32C c = new CRC32C();
            c.update(in.duplicate().position(16).limit((int)size));
            final int slots = b.getInt(INDEX_SLOTS_OFFSET);
            if (b.getLong(0) != INDEX_MAGIC || b.getInt(8) != INDEX_VERSION ||
                b.getInt(INDEX_CHECKSUM_OFFSET) != (int)c.getValue() || b.getLong(INDEX_BLOCK_ID_OFFSET) != id ||
                b.getLong(INDEX_FIRST_SEQ_OFFSET) != firstSeq || slots < 0 ||
                INDEX_HEADER_LENGTH + (long)slots * INDEX_SLOT_LENGTH != size)
            {
                return false;
            }
            final int wp = b.getInt(INDEX_WRITE_POS_OFFSET);
            final int last = b.getInt(INDEX_LAST_RECORD_OFFSET);
            if (!tailAgrees(wp, last))
            {
                return false;
            }
            
            if (slots > indexSlots)
            {
                int n = indexSlots;
                while (n < slots)
                {
                    n <<= 1;
                }
                allocateIndex(n);
            }
            index.putBytes(0, b, INDEX_HEADER_LENGTH, slots * INDEX_SLOT_LENGTH);
            maxSeq = b.getLong(INDEX_MAX_SEQ_OFFSET);
            writePos = wp;
            lastRecordOffset = last;
            msgs = b.getLong(INDEX_MSGS_OFFSET);
            bytes = b.getLong(INDEX_BYTES_OFFSET);
            maxTimestamp = b.getLong(INDEX_MAX_TS_OFFSET);
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            return false;
        }
        finally
        {
            if (in != null)
            {
                BufferUtil.free(in);
            }
        }
    }

    /** The last record is intact and ends at the write position, and nothing follows it. */
    /**
     * The last record is intact and ends at the write position, and nothing follows it. Read with plain reads of
     * those few bytes, not through the mapping (see {@link #open}: a fault would read megabytes around it).
     */
    private boolean tailAgrees(final int wp, final int last) throws IOException
    {
        if (compressed)
        {
            return wp == capacity && last >= 0 && last < wp; // the compressed header's checksum vouches for the rest
        }
        if (wp < HEADER_LENGTH || wp > capacity || (last != 0 && (last < HEADER_LENGTH || last >= wp)))
        {
            return false;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ))
        {
            if (wp + 8 <= capacity && readAt(ch, wp, 8).getLong(0) != 0)
            {
                return false;
            }
            if (last == 0)
            {
                return wp == HEADER_LENGTH;
            }
            final ByteBuffer record = readAt(ch, last, wp - last);
            final UnsafeBuffer r = new UnsafeBuffer(record);
            if (!RecordDescriptor.plausible(r, 0, wp - last))
            {
                return false;
            }
            final int length = RecordDescriptor.length(r, 0);
            if (RecordDescriptor.alignedLength(length) != wp - last)
            {
                return false;
            }
            final CRC32C c = new CRC32C();
            c.update(record.limit(length).position(RecordDescriptor.LENGTH_OFFSET));
            return (int)c.getValue() == r.getInt(0);
        }
    }

    void close()
    {
        closeDeleteLog();
        detach();
        if (mapped != null)
        {
            IoUtil.unmap(mapped);
            mapped = null;
            buffer.wrap(0, 0);
        }
        if (indexByteBuffer != null)
        {
            BufferUtil.free(indexByteBuffer);
            indexByteBuffer = null;
            index.wrap(0, 0);
        }
    }

    void delete()
    {
        close();
        try
        {
            Files.deleteIfExists(path);
            Files.deleteIfExists(path.resolveSibling(indexFileName(id)));
            Files.deleteIfExists(DeleteLog.pathOf(path, id));
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot delete block {}: {}", path, ex.toString());
        }
    }

    void closeDeleteLog()
    {
        if (deleteLog != null)
        {
            deleteLog.close();
            deleteLog = null;
        }
    }

    @Override
    public String toString()
    {
        return "MessageBlock{id=" + id + ", firstSeq=" + firstSeq + ", maxSeq=" + maxSeq + ", msgs=" + msgs + '}';
    }
}
