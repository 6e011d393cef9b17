package io.torus.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32C;

import io.torus.storage.AbstractStreamStore;
import io.torus.storage.BlockCompression;
import io.torus.storage.RecordDescriptor;
import io.torus.storage.StoreException;
import io.torus.storage.StreamConfig;
import io.torus.storage.SubjectIndex;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.torus.storage.file.BlockDescriptor.*;

/**
 * Stream store in a directory of fixed-size memory-mapped {@link MessageBlock}s (layout in
 * {@link BlockDescriptor}). Appends go to the tail block, and removals there turn records into tombstones in
 * place; a sealed block's file is never written again: its removals go to its {@link DeleteLog}, compaction and
 * truncation replace it whole, and with {@code compression} on it is replaced by its compressed form in the
 * background. Blocks left without live messages are deleted, and {@code max_age} drops whole blocks where every
 * message is old. Durability: an append is in the page cache when it returns (survives a process crash); the
 * background task msyncs every {@code sync_interval}, or every append under {@code sync: always}.
 *
 * <p>Open: when the {@code clean} marker, the index files' checksums and every block's tail agree, the indexes
 * are loaded as they are; otherwise every block is scanned and every record checked (torn tail cut off, corrupt
 * records logged and skipped). Never throws out of open for bad data; throws {@link StoreException} (IO) when the
 * directory cannot be used at all.
 *
 * <p>Threading: see {@link AbstractStreamStore}. One process per directory (not enforced by a lock file yet).
 */
public final class BlockFileStore extends AbstractStreamStore
{
    private static final Logger LOG = LoggerFactory.getLogger(BlockFileStore.class);
    private static final long CLEAN_MAGIC = 0x4E41_454C_4353_5254L;
    private static final int CLEAN_VERSION = 1;
    /** Skips larger than this start a new block instead of growing the sequence index over empty slots. */
    private static final long MAX_SKIP_IN_BLOCK = 4096;

    private final Path dir;
    private final List<MessageBlock> blocks = new ArrayList<>();
    private MessageBlock tail;
    private long nextBlockId = 1;
    private final UnsafeBuffer skipScratch = new UnsafeBuffer(ByteBuffer.allocateDirect(8));
    private final RecoveryReport report = new RecoveryReport();
    private long lastSyncNanos = System.nanoTime();
    private static final String LOCK_FILE = "lock";
    private java.nio.channels.FileChannel lockChannel;
    private java.nio.channels.FileLock dirLock;
    private final CRC32C verifyCrc = new CRC32C();
    private MessageBlock cursorBlock;
    /** Decompressed bytes of compressed blocks being read; bounded by {@code compressedCacheBlocks}. */
    private final BlockCache cache;

    private BlockFileStore(final Path dir, final StreamConfig config)
    {
        super(config, new SubjectIndex());
        this.dir = dir;
        this.cache = new BlockCache(config.compressedCacheBlocks);
    }

    /** Open (or create) the stream in {@code dir}. */
    public static BlockFileStore open(final Path dir, final StreamConfig config)
    {
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new StoreException(StoreException.Reason.IO, "cannot create stream directory " + dir + ": " + ex, ex);
        }
        if (!Files.isDirectory(dir) || !Files.isReadable(dir))
        {
            throw new StoreException(StoreException.Reason.IO, "stream directory not readable: " + dir);
        }
        final BlockFileStore store = new BlockFileStore(dir, config);
        try
        {
            store.lockDirectory();
            store.recover();
        }
        catch (final RuntimeException ex)
        {
            store.closeBlocks();
            store.cache.close();
            store.subjects.close();
            store.unlockDirectory();
            throw ex;
        }
        store.startBackground(dir.getFileName().toString());
        return store;
    }

    /** One writer per directory, across processes and within this JVM: a second open fails with IO. */
    private void lockDirectory()
    {
        try
        {
            lockChannel = java.nio.channels.FileChannel.open(dir.resolve(LOCK_FILE),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            try
            {
                dirLock = lockChannel.tryLock();
            }
            catch (final java.nio.channels.OverlappingFileLockException ex)
            {
                dirLock = null;
            }
            if (dirLock == null)
            {
                throw new StoreException(StoreException.Reason.IO, "stream directory " + dir + " is in use");
            }
        }
        catch (final IOException ex)
        {
            throw new StoreException(StoreException.Reason.IO, "cannot lock stream directory " + dir + ": " + ex, ex);
        }
    }

    private void unlockDirectory()
    {
        try
        {
            if (dirLock != null)
            {
                dirLock.release();
                dirLock = null;
            }
            if (lockChannel != null)
            {
                lockChannel.close();
                lockChannel = null;
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot release lock of {}: {}", dir, ex.toString());
        }
    }

    public RecoveryReport recoveryReport()
    {
        return report;
    }

    public Path directory()
    {
        return dir;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Recovery.

    private void recover()
    {
        final long start = System.nanoTime();
        final List<Long> ids = listBlockIds();
        report.blocks = ids.size();
        boolean trusted = false;
        final Path cleanFile = dir.resolve(CLEAN_FILE);
        if (Files.isRegularFile(cleanFile))
        {
            trusted = tryTrustedOpen(ids, cleanFile);
        }
        else
        {
            report.rebuildReason = ids.isEmpty() ? "new stream" : "no clean marker (crash or first open)";
        }
        if (!trusted)
        {
            closeBlocks();
            subjects.clear();
            ttlExpiry.clear();
            rebuild(ids);
        }
        report.indexesTrusted = trusted;
        try
        {
            // From here on the indexes on disk go stale: a crash must force a rebuild.
            Files.deleteIfExists(cleanFile);
        }
        catch (final IOException ex)
        {
            throw new StoreException(StoreException.Reason.IO, "cannot remove " + cleanFile + ": " + ex, ex);
        }
        if (tail == null)
        {
            final long first = lastSeq + 1;
            tail = MessageBlock.create(dir, nextBlockId++, first, config.blockSize, config.preallocateBlocks);
            blocks.add(tail);
        }
        for (final MessageBlock block : blocks)
        {
            block.sealed = block != tail;
            block.preallocateDeleteLog = config.preallocateBlocks;
        }
        report.openNanos = System.nanoTime() - start;
        if (tail != null && tail.compressed)
        {
            // Trusted indexes, but the newest block is a compressed one (the tail was lost): start a new tail.
            tail = MessageBlock.create(dir, nextBlockId++, lastSeq + 1, config.blockSize, config.preallocateBlocks);
            blocks.add(tail);
        }
        if (report.corruptRegions > 0 || report.tornTailBytes > 0 || report.unreadableBlocks > 0 ||
            report.corruptChunks > 0 ||
            report.corruptDeleteEntries > 0 || report.corruptDeleteLogs > 0)
        {
            LOG.warn("stream {} recovered with damage: {}", dir, report);
        }
        else
        {
            LOG.info("stream {} opened: {}", dir, report);
        }
    }

    private List<Long> listBlockIds()
    {
        final List<Long> ids = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + BLOCK_SUFFIX))
        {
            for (final Path p : ds)
            {
                final String name = p.getFileName().toString();
                try
                {
                    ids.add(Long.parseLong(name.substring(0, name.length() - BLOCK_SUFFIX.length())));
                }
                catch (final NumberFormatException ex)
                {
                    LOG.warn("ignoring unexpected file {}", p);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new StoreException(StoreException.Reason.IO, "cannot list " + dir + ": " + ex, ex);
        }
        ids.sort(Comparator.naturalOrder());
        if (!ids.isEmpty())
        {
            nextBlockId = ids.get(ids.size() - 1) + 1;
        }
        return ids;
    }

    private boolean tryTrustedOpen(final List<Long> ids, final Path cleanFile)
    {
        try
        {
            final byte[] raw = Files.readAllBytes(cleanFile);
            final ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            final CRC32C crc = new CRC32C();
            crc.update(raw, 0, raw.length - 4);
            if (raw.length < 64 || (int)crc.getValue() != b.getInt(raw.length - 4) || b.getLong() != CLEAN_MAGIC ||
                b.getInt() != CLEAN_VERSION)
            {
                report.rebuildReason = "clean marker corrupt";
                return false;
            }
            final long savedLast = b.getLong();
            final long savedFirst = b.getLong();
            final long savedMsgs = b.getLong();
            final long savedBytes = b.getLong();
            final long savedFirstTs = b.getLong();
            final long savedLastTs = b.getLong();
            final int blockCount = b.getInt();
            if (blockCount != ids.size())
            {
                report.rebuildReason = "block files differ from the clean marker";
                return false;
            }
            for (int i = 0; i < blockCount; i++)
            {
                final long id = b.getLong();
                if (id != ids.get(i))
                {
                    report.rebuildReason = "block files differ from the clean marker";
                    return false;
                }
                final MessageBlock block = MessageBlock.open(dir.resolve(blockFileName(id)), id, cache);
                blocks.add(block);
                if (!block.readIndex(dir))
                {
                    report.rebuildReason = "index of block " + id + " missing, corrupt or disagrees with the block";
                    return false;
                }
            }
            final int ttlCount = b.getInt();
            for (int i = 0; i < ttlCount; i++)
            {
                ttlExpiry.put(b.getLong(), b.getLong());
            }
            if (!subjects.readFrom(dir.resolve(SUBJECTS_FILE), savedLast))
            {
                report.rebuildReason = "subject index missing, corrupt or stale";
                return false;
            }
            long total = 0;
            for (final MessageBlock block : blocks)
            {
                total += block.msgs;
            }
            if (total != savedMsgs)
            {
                report.rebuildReason = "message count disagrees";
                return false;
            }
            lastSeq = savedLast;
            firstSeq = savedFirst;
            msgs = savedMsgs;
            bytes = savedBytes;
            firstTs = savedFirstTs;
            lastTs = savedLastTs;
            tail = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
            for (final MessageBlock block : blocks)
            {
                report.records += block.msgs;
            }
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            report.rebuildReason = "clean open failed: " + ex;
            return false;
        }
    }

    private void rebuild(final List<Long> ids)
    {
        final MessageBlock.ScanResult scan = new MessageBlock.ScanResult();
        msgs = 0;
        bytes = 0;
        firstSeq = 0;
        lastSeq = 0;
        firstTs = 0;
        lastTs = 0;
        final MessageBlock.RecordVisitor visitor = this::onRecoveredMessage;
        for (int i = 0; i < ids.size(); i++)
        {
            final long id = ids.get(i);
            final Path path = dir.resolve(blockFileName(id));
            final MessageBlock block;
            try
            {
                block = MessageBlock.open(path, id, cache);
            }
            catch (final java.nio.file.AccessDeniedException ex)
            {
                throw new StoreException(StoreException.Reason.IO, "permission denied on block " + path, ex);
            }
            catch (final IOException ex)
            {
                if (neverWritten(path))
                {
                    continue;
                }
                report.unreadableBlocks++;
                LOG.error("block {} unreadable, set aside: {}", path, ex.toString());
                setAside(path);
                continue;
            }
            if (!block.headerValid())
            {
                LOG.error("block {}: header corrupt, recovering its records by scanning", path);
            }
            final boolean isTail = i == ids.size() - 1;
            block.scan(visitor, isTail, scan);
            if (block.firstSeq <= 0 && block.allZero())
            {
                block.close();
                removeNeverWritten(path);
                continue;
            }
            if (block.firstSeq <= 0)
            {
                report.unreadableBlocks++;
                LOG.error("block {}: no valid header and no valid record, set aside", path);
                block.close();
                setAside(path);
                continue;
            }
            blocks.add(block);
            report.corruptChunks += block.corruptChunks;
            lastSeq = Math.max(lastSeq, Math.max(block.firstSeq - 1, block.maxSeq));
        }
        report.records = scan.records;
        report.corruptRegions = scan.corruptRegions;
        report.corruptBytes = scan.corruptBytes;
        report.tornTailBytes = scan.tornTailBytes;
        report.loggedRemovals = scan.loggedRemovals;
        report.corruptDeleteEntries = scan.corruptDeleteEntries;
        report.corruptDeleteLogs = scan.corruptDeleteLogs;
        if (!blocks.isEmpty())
        {
            tail = blocks.get(blocks.size() - 1);
            if (!tail.headerValid() || tail.compressed)
            {
                tail = null; // never append into a block whose header we could not trust, or a compressed one
            }
            else
            {
                // Blocks after it were removed or set aside: it was scanned as sealed, so cut its torn end now.
                report.tornTailBytes += tail.cutAfterWritePos();
            }
        }
        if (msgs == 0)
        {
            firstSeq = lastSeq + 1;
            firstTs = 0;
        }
        if (lastSeq == 0)
        {
            firstSeq = 0;
        }
    }

    private void onRecoveredMessage(final MessageBlock block, final int offset)
    {
        final UnsafeBuffer b = block.buffer;
        final long seq = RecordDescriptor.sequence(b, offset);
        final long ts = RecordDescriptor.timestamp(b, offset);
        if (msgs == 0)
        {
            firstSeq = seq;
            firstTs = ts;
        }
        msgs++;
        bytes += RecordDescriptor.messageSize(b, offset);
        lastTs = ts;
        final int slot = subjects.findOrInsert(b, RecordDescriptor.subjectOffset(offset),
            RecordDescriptor.subjectLength(b, offset));
        if (subjects.count(slot) > 0)
        {
            final long previous = subjects.last(slot);
            final MessageBlock holder = previous >= block.firstSeq ? block : blockFor(previous);
            if (holder != null)
            {
                holder.link(previous, seq);
            }
        }
        final long count = subjects.count(slot) + 1;
        subjects.count(slot, count);
        subjects.last(slot, seq);
        subjects.lastHint(slot, offset);
        if (count == 1)
        {
            subjects.first(slot, seq);
        }
        final int ttl = RecordDescriptor.ttl(b, offset);
        if (ttl > 0)
        {
            ttlExpiry.put(seq, ts + ttl * 1_000_000_000L);
        }
    }

    /**
     * A block file that is empty or all zeros and too short to map: its creation was interrupted by a crash before
     * anything was written into it. Removed (not reported as damage). @return true if it was such a file.
     */
    private static boolean neverWritten(final Path path)
    {
        try
        {
            final byte[] content = Files.size(path) <= BlockDescriptor.HEADER_LENGTH ? Files.readAllBytes(path) : null;
            if (content == null)
            {
                return false;
            }
            for (final byte b : content)
            {
                if (b != 0)
                {
                    return false;
                }
            }
        }
        catch (final IOException ex)
        {
            return false;
        }
        removeNeverWritten(path);
        return true;
    }

    private static void removeNeverWritten(final Path path)
    {
        // A crash between creating a block file and writing its header: nothing was ever in it.
        LOG.info("block {}: empty, never written (creation interrupted by a crash), removed", path);
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot remove {}: {}", path, ex.toString());
        }
    }

    private void setAside(final Path path)
    {
        try
        {
            Files.move(path, path.resolveSibling(path.getFileName() + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            LOG.error("cannot set aside {}: {}", path, ex.toString());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Primitives.

    private MessageBlock blockFor(final long seq)
    {
        final MessageBlock t = tail;
        if (t != null && seq >= t.firstSeq)
        {
            return t;
        }
        int lo = 0;
        int hi = blocks.size() - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            final MessageBlock b = blocks.get(mid);
            if (b.firstSeq > seq)
            {
                hi = mid - 1;
            }
            else if (b.maxSeq < seq)
            {
                lo = mid + 1;
            }
            else
            {
                return b;
            }
        }
        return null;
    }

    @Override
    protected boolean locate(final long seq)
    {
        final MessageBlock block = blockFor(seq);
        if (block == null)
        {
            return false;
        }
        final int offset = block.offsetOf(seq);
        if (offset == 0)
        {
            return false;
        }
        block.ensureRecord(offset); // a compressed block decompresses the chunk(s) holding it, once
        cursorBuffer = block.buffer;
        cursorOffset = offset;
        cursorBlock = block;
        return true;
    }

    @Override
    protected long nextOfSameSubject(final long seq)
    {
        final MessageBlock block = blockFor(seq);
        return block == null ? 0 : block.nextOfSubject(seq);
    }

    @Override
    protected void linkSameSubject(final long previous, final long next)
    {
        final MessageBlock block = blockFor(previous);
        if (block != null)
        {
            block.link(previous, next);
        }
    }

    @Override
    protected long lastStoredHint()
    {
        return tail.lastRecordOffset;
    }

    /** The hint is the record's offset in the block holding {@code seq}; checked against the record's header. */
    @Override
    protected boolean locateHinted(final long seq, final long hint)
    {
        final MessageBlock block = blockFor(seq);
        if (block == null || block.compressed)
        {
            return block != null && locate(seq);
        }
        final UnsafeBuffer b = block.buffer;
        if (hint >= BlockDescriptor.HEADER_LENGTH && hint + RecordDescriptor.HEADER_LENGTH <= block.writePos &&
            (hint & (RecordDescriptor.ALIGNMENT - 1)) == 0 && RecordDescriptor.sequence(b, (int)hint) == seq &&
            RecordDescriptor.type(b, (int)hint) == RecordDescriptor.TYPE_MSG &&
            RecordDescriptor.plausible(b, (int)hint, block.writePos - (int)hint))
        {
            cursorBuffer = b;
            cursorOffset = (int)hint;
            cursorBlock = block;
            return true;
        }
        return locate(seq);
    }

    @Override
    protected boolean verifyCursor()
    {
        final int length = RecordDescriptor.length(cursorBuffer, cursorOffset);
        // Plausible first: a header damaged after open (or a lost compressed chunk, read as zeros) must not throw.
        if (RecordDescriptor.plausible(cursorBuffer, cursorOffset, cursorBlock.capacity() - cursorOffset) &&
            RecordDescriptor.checksum(verifyCrc, cursorView(), cursorOffset, length) ==
                cursorBuffer.getInt(cursorOffset))
        {
            return true;
        }
        LOG.error("stream {}: record of sequence {} fails its checksum, not returned", dir,
            RecordDescriptor.sequence(cursorBuffer, cursorOffset));
        return false;
    }

    private java.nio.ByteBuffer cursorView()
    {
        return cursorBlock.verifyView;
    }

    @Override
    protected void storeRecord(
        final long seq, final long timestamp, final int ttl,
        final DirectBuffer subject, final int subjectOffset, final int subjectLength,
        final DirectBuffer headers, final int headersOffset, final int headersLength,
        final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        if (tail == null || !tail.append(seq, timestamp, ttl, subject, subjectOffset, subjectLength,
            headers, headersOffset, headersLength, payload, payloadOffset, payloadLength))
        {
            final int needed = BlockDescriptor.HEADER_LENGTH +
                RecordDescriptor.alignedLength(RecordDescriptor.length(subjectLength, headersLength, payloadLength));
            roll(seq, Math.max(config.blockSize, needed));
            if (!tail.append(seq, timestamp, ttl, subject, subjectOffset, subjectLength,
                headers, headersOffset, headersLength, payload, payloadOffset, payloadLength))
            {
                throw new StoreException(StoreException.Reason.MSG_TOO_LARGE, "record does not fit a block");
            }
        }
    }

    private void roll(final long firstSeqOfNew, final int size)
    {
        // Create first: if the disk is full this throws and the store is unchanged (still readable).
        final MessageBlock block = MessageBlock.create(dir, nextBlockId, firstSeqOfNew, size, config.preallocateBlocks);
        nextBlockId++;
        block.preallocateDeleteLog = config.preallocateBlocks;
        final MessageBlock old = tail;
        blocks.add(block);
        tail = block;
        if (old != null)
        {
            old.sealed = true; // from now on its file is read-only; removals go to its delete log
            if (old.msgs == 0 && blocks.size() > 1)
            {
                removeBlock(old);
            }
            else if (config.compression != BlockCompression.NONE && config.compressOnSeal)
            {
                final Path target = compressionTarget(old);
                if (writeCompressedCopy(old, target) > 0)
                {
                    installCompressed(old, target);
                }
            }
        }
    }

    @Override
    protected void afterAppend(final long seq)
    {
        if (config.syncAlways)
        {
            tail.force(tail.lastRecordOffset, tail.writePos - tail.lastRecordOffset);
        }
    }

    @Override
    protected void removeRecord(final long seq, final boolean secure)
    {
        final MessageBlock block = blockFor(seq);
        if (block == null)
        {
            return;
        }
        if (secure && block.compressed)
        {
            // The bytes are in a compressed file that is never written: erase by rewriting the block without them.
            block.remove(seq, false);
            if (block.msgs > 0)
            {
                final MessageBlock replacement = rewrite(block, Long.MAX_VALUE);
                if (replacement == null)
                {
                    throw new StoreException(StoreException.Reason.IO,
                        "cannot erase from compressed block " + block.id);
                }
                blocks.set(blocks.indexOf(block), replacement);
                return;
            }
        }
        else
        {
            block.remove(seq, secure);
        }
        if (secure)
        {
            block.force();
        }
        if (block.msgs == 0 && block != tail)
        {
            // Space reclaimed at once: no other block depends on this one (tombstones live in place).
            removeBlock(block);
        }
    }

    /** Close a replaced block object, or leave that to the background flush if it is msyncing it right now. */
    private static void closeWhenUnpinned(final MessageBlock block)
    {
        if (block.pins > 0)
        {
            block.closePending = true;
        }
        else
        {
            block.close();
        }
    }

    private void removeBlock(final MessageBlock block)
    {
        blocks.remove(block);
        if (block.pins > 0)
        {
            block.deletePending = true; // the background flush holds it; it deletes the block when done
        }
        else
        {
            block.delete();
        }
    }

    @Override
    protected void storeSkip(final long seq, final long num)
    {
        if (num > MAX_SKIP_IN_BLOCK)
        {
            // A new block whose first sequence is past the gap records the skip by itself.
            roll(seq + num, config.blockSize);
            return;
        }
        if (tail == null || !tail.appendSkip(seq, num, nowNanos(), skipScratch))
        {
            roll(seq, config.blockSize);
            tail.appendSkip(seq, num, nowNanos(), skipScratch);
        }
    }

    @Override
    protected void dropAll(final long nextSeq)
    {
        // Free space first (a purge is what an operator runs on a full disk), keeping the tail so the sequence
        // stays durable even if no new block can be created.
        final MessageBlock oldTail = tail;
        for (final MessageBlock block : new ArrayList<>(blocks))
        {
            if (block != oldTail)
            {
                removeBlock(block);
            }
        }
        if (oldTail != null)
        {
            for (long s = oldTail.firstSeq; s <= oldTail.maxSeq && oldTail.msgs > 0; s++)
            {
                oldTail.remove(s, false);
            }
        }
        try
        {
            final MessageBlock fresh = MessageBlock.create(dir, nextBlockId, nextSeq, config.blockSize,
                config.preallocateBlocks);
            nextBlockId++;
            blocks.add(fresh);
            tail = fresh;
            if (oldTail != null)
            {
                removeBlock(oldTail);
            }
        }
        catch (final StoreException ex)
        {
            if (oldTail == null || Math.max(oldTail.firstSeq - 1, oldTail.maxSeq) != nextSeq - 1)
            {
                throw ex;
            }
            // The emptied old tail still records the last sequence; appends roll to a new block when space allows.
            LOG.warn("stream {}: purge kept the emptied tail block, no space for a new one: {}", dir, ex.getMessage());
        }
    }

    @Override
    protected void dropBelow(final long oldFirst, final long seq)
    {
        while (blocks.size() > 1 && blocks.get(0).maxSeq < seq)
        {
            removeBlock(blocks.get(0));
        }
        final MessageBlock head = blocks.get(0);
        for (long s = Math.max(oldFirst, head.firstSeq); s < seq && s <= head.maxSeq; s++)
        {
            head.remove(s, false);
        }
    }

    @Override
    protected void dropAbove(final long seq, final long oldLast)
    {
        while (!blocks.isEmpty() && blocks.get(blocks.size() - 1).firstSeq > seq)
        {
            removeBlock(blocks.get(blocks.size() - 1));
        }
        if (!blocks.isEmpty())
        {
            final int last = blocks.size() - 1;
            final MessageBlock block = blocks.get(last);
            if (!block.sealed)
            {
                block.truncateAfter(seq);
            }
            else if (block.maxSeq > seq)
            {
                // A sealed block is never written in place: replace it by a copy that ends at seq.
                final MessageBlock replacement = rewrite(block, seq);
                if (replacement == null)
                {
                    throw new StoreException(StoreException.Reason.IO, "cannot truncate block " + block.id);
                }
                blocks.set(last, replacement);
            }
        }
        for (final MessageBlock block : blocks)
        {
            block.unlinkAbove(seq); // sequences above may be reused by other subjects
        }
        // A fresh tail starting right after seq makes the new last sequence durable whatever the old tail held.
        tail = null;
        final MessageBlock fresh = MessageBlock.create(dir, nextBlockId++, seq + 1, config.blockSize, config.preallocateBlocks);
        fresh.preallocateDeleteLog = config.preallocateBlocks;
        for (final MessageBlock block : blocks)
        {
            block.sealed = true;
        }
        blocks.add(fresh);
        tail = fresh;
    }

    @Override
    protected void expireWholeBlocks(final long cutoffNanos)
    {
        boolean dropped = false;
        while (blocks.size() > 1 && blocks.get(0) != tail && blocks.get(0).maxTimestamp <= cutoffNanos)
        {
            final MessageBlock head = blocks.get(0);
            for (long s = head.firstSeq; s <= head.maxSeq && head.msgs > 0; s++)
            {
                if (head.offsetOf(s) != 0)
                {
                    accountRemoval(s);
                }
            }
            removeBlock(head);
            dropped = true;
        }
        if (dropped)
        {
            advanceFirst(blocks.get(0).firstSeq);
        }
    }

    @Override
    protected void backgroundTick(final long nowNanos)
    {
        // Runs with the lock held, so it does one bounded step: rewrite at most one sparse block per tick.
        compactSparseBlocks(1);
    }

    /**
     * Reclaim the space of removed messages: rewrite up to {@code maxBlocks} sealed blocks whose live records fill
     * less than half of their used space into smaller files holding only the live records (written aside,
     * fsynced, then renamed over the old file, so a crash leaves either the old or the new block whole).
     *
     * @return the number of blocks rewritten.
     */
    public int compactSparseBlocks(final int maxBlocks)
    {
        lock.lock();
        try
        {
            if (closed)
            {
                return 0;
            }
            int done = 0;
            for (int i = 0; i < blocks.size() && done < maxBlocks; i++)
            {
                final MessageBlock block = blocks.get(i);
                if (block == tail || block.pins > 0 || block.msgs == 0 || !block.headerValid())
                {
                    continue;
                }
                final long liveRecordBytes = block.bytes; // message sizes: a close lower bound of record bytes
                if (liveRecordBytes * 2 >= block.usedBytes())
                {
                    continue;
                }
                final MessageBlock replacement = rewrite(block, Long.MAX_VALUE);
                if (replacement != null)
                {
                    blocks.set(i, replacement);
                    done++;
                }
            }
            return done;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Replace a sealed block's file by a copy of its live records up to {@code upTo} (written aside, fsynced,
     * renamed over it). The copy has no removals to record, so the old delete log goes with the old file.
     */
    private MessageBlock rewrite(final MessageBlock block, final long upTo)
    {
        final Path target = block.path.resolveSibling(block.path.getFileName() + ".compact");
        final long msgsBefore;
        try
        {
            msgsBefore = block.writeCompacted(target, upTo);
            Files.move(target, block.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            LOG.warn("stream {}: compaction of block {} failed, block kept as it is: {}", dir, block.id, ex.toString());
            try
            {
                Files.deleteIfExists(target);
            }
            catch (final IOException ignore)
            {
                // best effort
            }
            return null;
        }
        // A crash before this delete leaves entries for records the new file no longer holds: harmless.
        block.closeDeleteLog();
        try
        {
            Files.deleteIfExists(DeleteLog.pathOf(block.path, block.id));
        }
        catch (final IOException ex)
        {
            LOG.warn("stream {}: cannot delete the old delete log of block {}: {}", dir, block.id, ex.toString());
        }
        try
        {
            final MessageBlock fresh = MessageBlock.open(block.path, block.id, cache);
            fresh.sealed = true;
            fresh.preallocateDeleteLog = config.preallocateBlocks;
            final MessageBlock.ScanResult scan = new MessageBlock.ScanResult();
            fresh.scan((b, offset) -> { }, false, scan);
            if (fresh.msgs != msgsBefore || scan.corruptRegions != 0)
            {
                throw new IllegalStateException("compacted block " + block.id + " holds " + fresh.msgs + " of " +
                    msgsBefore + " messages");
            }
            fresh.copyLinksFrom(block);
            closeWhenUnpinned(block); // the old mapping; the file under its name is now the compacted one
            return fresh;
        }
        catch (final IOException ex)
        {
            throw new StoreException(StoreException.Reason.IO, "cannot map compacted block " + block.path, ex);
        }
    }

    /**
     * Compress up to {@code maxBlocks} sealed blocks now; the background task does this on its own when
     * {@code compression} is on. Each block is written aside without the lock (a sealed block's bytes do not
     * change), then swapped in under it: reads and appends go on meanwhile.
     *
     * @return the number of blocks compressed.
     */
    public int compressSealedBlocks(final int maxBlocks)
    {
        int done = 0;
        long attempts = 0;
        while (done < maxBlocks && attempts++ < maxBlocks * 4L)
        {
            final MessageBlock candidate;
            final int writes;
            lock.lock();
            try
            {
                candidate = closed ? null : nextToCompress();
                if (candidate == null)
                {
                    break;
                }
                candidate.pins++;
                writes = candidate.inPlaceWrites;
            }
            finally
            {
                lock.unlock();
            }
            final Path target = compressionTarget(candidate);
            final long size = writeCompressedCopy(candidate, target);
            lock.lock();
            try
            {
                candidate.pins--;
                final boolean stillCurrent = !closed && !candidate.deletePending &&
                    candidate.inPlaceWrites == writes && blocks.contains(candidate);
                if (size > 0 && stillCurrent)
                {
                    if (installCompressed(candidate, target))
                    {
                        done++;
                    }
                }
                else
                {
                    deleteQuietly(target);
                    candidate.compressionTried = true; // not worth it, or changed meanwhile: not in this session
                    if (candidate.pins == 0 && candidate.deletePending)
                    {
                        candidate.delete();
                    }
                    else if (candidate.pins == 0 && candidate.closePending)
                    {
                        candidate.close();
                    }
                }
            }
            finally
            {
                lock.unlock();
            }
        }
        return done;
    }

    private MessageBlock nextToCompress()
    {
        for (final MessageBlock block : blocks)
        {
            if (block != tail && block.sealed && !block.compressed && !block.compressionTried && block.pins == 0 &&
                block.msgs > 0 && block.headerValid())
            {
                return block;
            }
        }
        return null;
    }

    private static Path compressionTarget(final MessageBlock block)
    {
        return block.path.resolveSibling(block.path.getFileName() + ".lz4");
    }

    /** @return the compressed size, or -1 when not worth it or on an I/O error (target removed then). */
    private long writeCompressedCopy(final MessageBlock block, final Path target)
    {
        try
        {
            final long size = BlockCompressor.write(block, target);
            if (size < 0)
            {
                deleteQuietly(target);
                block.compressionTried = true;
            }
            return size;
        }
        catch (final IOException | RuntimeException ex)
        {
            LOG.warn("stream {}: compression of block {} failed, block kept as it is: {}", dir, block.id,
                ex.toString());
            deleteQuietly(target);
            block.compressionTried = true;
            return -1;
        }
    }

    /** Rename the compressed copy over the block's file and swap the block object. Lock held. */
    private boolean installCompressed(final MessageBlock block, final Path target)
    {
        try
        {
            Files.move(target, block.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            LOG.warn("stream {}: cannot install compressed block {}: {}", dir, block.id, ex.toString());
            deleteQuietly(target);
            block.compressionTried = true;
            return false;
        }
        final MessageBlock fresh;
        try
        {
            fresh = MessageBlock.open(block.path, block.id, cache);
        }
        catch (final IOException ex)
        {
            // Our mapping of the old file stays valid (the inode lives while mapped): keep serving from it.
            LOG.error("stream {}: compressed block {} unreadable right after writing: {}", dir, block.id,
                ex.toString());
            block.compressionTried = true;
            return false;
        }
        fresh.adopt(block);
        blocks.set(blocks.indexOf(block), fresh);
        closeWhenUnpinned(block);
        return true;
    }

    private static void deleteQuietly(final Path p)
    {
        try
        {
            Files.deleteIfExists(p);
        }
        catch (final IOException ignore)
        {
            // best effort: a leftover *.lz4 is never read
        }
    }

    /** Blocks stored compressed; for tests and metrics. */
    public int compressedBlockCount()
    {
        lock.lock();
        try
        {
            int n = 0;
            for (final MessageBlock block : blocks)
            {
                n += block.compressed ? 1 : 0;
            }
            return n;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Chunks of compressed blocks decompressed since open; for tests and metrics. */
    public long chunksDecompressed()
    {
        lock.lock();
        try
        {
            return cache.chunksInflated;
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    protected void backgroundUnlocked(final long nowNanos)
    {
        if (config.compression != BlockCompression.NONE)
        {
            compressSealedBlocks(16);
        }
        if (nowNanos - lastSyncNanos < config.syncIntervalNanos)
        {
            return;
        }
        final List<MessageBlock> toFlush = new ArrayList<>();
        lock.lock();
        try
        {
            if (closed)
            {
                return;
            }
            for (final MessageBlock block : blocks)
            {
                if (block.dirty)
                {
                    block.dirty = false;
                    block.pins++;
                    toFlush.add(block);
                }
            }
            lastSyncNanos = nowNanos;
        }
        finally
        {
            lock.unlock();
        }
        // msync without the lock: appends and reads go on meanwhile. A pinned block is never unmapped under us.
        for (final MessageBlock block : toFlush)
        {
            try
            {
                block.forceMapped();
            }
            catch (final RuntimeException ex)
            {
                LOG.error("stream {}: background flush of block {} failed: {}", dir, block.id, ex.toString());
            }
        }
        lock.lock();
        try
        {
            for (final MessageBlock block : toFlush)
            {
                if (--block.pins == 0 && block.deletePending)
                {
                    block.delete();
                }
                else if (block.pins == 0 && block.closePending)
                {
                    block.close();
                }
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    protected long backgroundIntervalNanos()
    {
        return Math.min(config.expiryCheckIntervalNanos, config.syncIntervalNanos);
    }

    @Override
    public void flush()
    {
        lock.lock();
        try
        {
            checkOpen();
            flushLocked();
        }
        finally
        {
            lock.unlock();
        }
    }

    private void flushLocked()
    {
        for (final MessageBlock block : blocks)
        {
            block.force();
        }
        lastSyncNanos = System.nanoTime();
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
            flushLocked();
            writeCleanState();
            closeBlocks();
            cache.close();
            subjects.close();
            unlockDirectory();
        }
        finally
        {
            lock.unlock();
        }
    }

    private void writeCleanState()
    {
        try
        {
            for (final MessageBlock block : blocks)
            {
                block.writeIndex(dir);
            }
            subjects.writeTo(dir.resolve(SUBJECTS_FILE), lastSeq);
            final ByteBuffer b = ByteBuffer.allocate(64 + blocks.size() * 8 + 4 + ttlExpiry.size() * 16 + 4)
                .order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(CLEAN_MAGIC).putInt(CLEAN_VERSION);
            b.putLong(lastSeq).putLong(firstSeq).putLong(msgs).putLong(bytes).putLong(firstTs).putLong(lastTs);
            b.putInt(blocks.size());
            for (final MessageBlock block : blocks)
            {
                b.putLong(block.id);
            }
            b.putInt(ttlExpiry.size());
            final Long2LongHashMap.EntryIterator it = ttlExpiry.entrySet().iterator();
            while (it.hasNext())
            {
                it.next();
                b.putLong(it.getLongKey()).putLong(it.getLongValue());
            }
            final CRC32C crc = new CRC32C();
            crc.update(b.array(), 0, b.position());
            b.putInt((int)crc.getValue());
            final Path tmp = dir.resolve(CLEAN_FILE + ".tmp");
            Files.write(tmp, java.util.Arrays.copyOf(b.array(), b.position()));
            Files.move(tmp, dir.resolve(CLEAN_FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException | RuntimeException ex)
        {
            // Not fatal: the next open rebuilds from the blocks, which are flushed already.
            LOG.warn("stream {}: could not write clean indexes, next open will rebuild: {}", dir, ex.toString());
        }
    }

    private void closeBlocks()
    {
        for (final MessageBlock block : blocks)
        {
            closeWhenUnpinned(block); // a caller's compressSealedBlocks may still be reading one
        }
        blocks.clear();
        tail = null;
    }

    @Override
    public void delete()
    {
        close();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir))
        {
            for (final Path p : ds)
            {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
        catch (final IOException ex)
        {
            throw new StoreException(StoreException.Reason.IO, "cannot delete " + dir + ": " + ex, ex);
        }
    }

    /** Number of block files; for tests and metrics. */
    public int blockCount()
    {
        lock.lock();
        try
        {
            return blocks.size();
        }
        finally
        {
            lock.unlock();
        }
    }
}
