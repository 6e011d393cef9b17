package io.torus.storage.file;

/**
 * What {@link BlockFileStore#open} found: whether the persisted indexes were trusted or why they were not, and
 * what a rebuild met in the blocks. Also logged at open.
 */
public final class RecoveryReport
{
    public boolean indexesTrusted;
    public String rebuildReason = "";
    public int blocks;
    public long records;
    public int corruptRegions;
    public long corruptBytes;
    public long tornTailBytes;
    public int unreadableBlocks;
    /** Messages found removed in the delete logs of sealed blocks. */
    public long loggedRemovals;
    /** Delete log entries that failed their check and were skipped (their messages stay live). */
    public int corruptDeleteEntries;
    /** Delete logs whose header was corrupt, set aside (removals of that block after sealing are lost). */
    public int corruptDeleteLogs;
    /** Chunks of compressed blocks that failed their checksum or did not decompress (their records are lost). */
    public int corruptChunks;
    public long openNanos;

    @Override
    public String toString()
    {
        return "RecoveryReport{indexesTrusted=" + indexesTrusted + ", rebuildReason='" + rebuildReason +
            "', blocks=" + blocks + ", records=" + records + ", corruptRegions=" + corruptRegions + ", corruptBytes=" +
            corruptBytes + ", tornTailBytes=" + tornTailBytes + ", unreadableBlocks=" + unreadableBlocks +
            ", loggedRemovals=" + loggedRemovals + ", corruptDeleteEntries=" + corruptDeleteEntries +
            ", corruptDeleteLogs=" + corruptDeleteLogs + ", corruptChunks=" + corruptChunks +
            ", openMillis=" + openNanos / 1_000_000 + '}';
    }
}
