package io.torus.storage;

/**
 * Compression of a file store's sealed blocks (Go 2.10's stream option {@code compression: s2} asks for the same
 * thing: sealed blocks are compressed, the tail block never is).
 */
public enum BlockCompression
{
    /** Blocks stay as written. */
    NONE,
    /**
     * LZ4 (raw block format, aircompressor's pure-Java codec), in independent chunks so a read decompresses only
     * the chunk holding the record. Chosen over S2/Snappy for its decompression speed, which is what a read of a
     * compressed block pays; the ratio on message data is close.
     */
    LZ4
}
