package io.torus.storage.file;

/**
 * Layout of the files of a stream directory. Little endian throughout.
 *
 * <p>Message block {@code <id>.blk}: fixed size (the {@code block_size} option, larger only for one message that
 * does not fit), preallocated on creation so a full disk fails the creation rather than a later page fault,
 * then memory-mapped. Records ({@link io.torus.storage.RecordDescriptor}) follow the header, 8-byte aligned, in
 * sequence order; a zero checksum-and-length word marks the end of the data.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Magic "TORUSBLK"                           |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    Version                                    |  8
 *  +---------------------------------------------------------------+
 *  |                    Header checksum (CRC32C of 16..40)         | 12
 *  +---------------------------------------------------------------+
 *  |                    Block id                                   | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    First sequence of the block                | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    Created (epoch nanos)                      | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    Reserved (zero) up to 64                   | 40
 *  +---------------------------------------------------------------+
 *  |                    Records ...                                | 64
 * </pre>
 *
 * <p>Sequence index {@code <id>.idx}, written on clean close only and trusted at open only when the
 * {@code clean} marker, its checksum and the block's tail agree: a header then, per sequence from the block's
 * first sequence, the record's offset in the block (int, 0 for none) and the distance to the next message of the
 * same subject (int, 0 unknown), which lets a per-subject limit find a subject's next-oldest message without
 * scanning the stream.
 *
 * <pre>
 *   0: magic (long)            8: version (int)         12: checksum CRC32C of 16..end (int)
 *  16: block id (long)        24: first seq (long)      32: max seq (long)
 *  40: write position (int)   44: last record offset (int)
 *  48: live msgs (long)       56: live bytes (long)     64: max timestamp (long)
 *  72: slots (int)            76: reserved (int)        80: slots x (offset int, next-same-subject delta int)
 * </pre>
 *
 * <p>Compressed block, same name {@code <id>.blk} (written aside, renamed over the sealed block it replaces): the
 * original block's bytes up to its write position, in chunks compressed independently (LZ4 raw block format; a
 * chunk whose compressed and uncompressed lengths are equal is stored raw), so a read decompresses only the chunk
 * holding the record, and a damaged chunk loses only the records in it. Offsets inside the decompressed bytes are
 * the original block's, so sequence indexes, delete logs and location hints carry over unchanged.
 *
 * <pre>
 *   0: magic "TORUSBLZ" (long)  8: version (int)    12: checksum CRC32C of 16..end of chunk table (int)
 *  16: block id (long)         24: first seq (long) 32: created (long)
 *  40: uncompressed length (int, the original write position)   44: chunk size (int, uncompressed)
 *  48: chunk count (int)       52: codec (int, 1 = LZ4)          56: reserved up to 64
 *  64: chunk table, 16 bytes per chunk: file offset (long), stored length (int), CRC32C of the stored bytes (int)
 *      then the chunks' stored bytes
 * </pre>
 *
 * <p>Delete log {@code <id>.del} of a sealed block ({@link DeleteLog}): a sealed block file is never written
 * again (only replaced whole by compaction, or by a truncation, through a rename), so its removals are recorded
 * here instead, created on the first removal after sealing, preallocated to one entry per sequence of the block.
 *
 * <pre>
 *   0: magic "TORUSDEL" (long)  8: version (int)        12: checksum CRC32C of 16..40 (int)
 *  16: block id (long)         24: first seq (long)     32: slots (int)            36: reserved up to 64
 *  64: entries, 8 bytes each: slot (int, sequence - first seq), check (int, a hash of block id, first seq
 *      and slot; never zero); an all-zero entry is unused
 * </pre>
 *
 * <p>{@code clean}: written last on clean close, deleted at open; its absence forces a rebuild from the blocks.
 * {@code subjects.idx}: the {@link io.torus.storage.SubjectIndex} file.
 */
public final class BlockDescriptor
{
    public static final long BLOCK_MAGIC = 0x4B4C_4253_5552_4F54L; // "TORUSBLK" little endian
    public static final int BLOCK_VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int HEADER_CHECKSUM_OFFSET = 12;
    public static final int BLOCK_ID_OFFSET = 16;
    public static final int FIRST_SEQ_OFFSET = 24;
    public static final int CREATED_OFFSET = 32;
    public static final int HEADER_CHECKSUMMED_FROM = 16;
    public static final int HEADER_CHECKSUMMED_TO = 40;
    public static final int HEADER_LENGTH = 64;

    public static final long INDEX_MAGIC = 0x5844_4953_5552_4F54L;
    public static final int INDEX_VERSION = 2;
    public static final int INDEX_CHECKSUM_OFFSET = 12;
    public static final int INDEX_BLOCK_ID_OFFSET = 16;
    public static final int INDEX_FIRST_SEQ_OFFSET = 24;
    public static final int INDEX_MAX_SEQ_OFFSET = 32;
    public static final int INDEX_WRITE_POS_OFFSET = 40;
    public static final int INDEX_LAST_RECORD_OFFSET = 44;
    public static final int INDEX_MSGS_OFFSET = 48;
    public static final int INDEX_BYTES_OFFSET = 56;
    public static final int INDEX_MAX_TS_OFFSET = 64;
    public static final int INDEX_SLOTS_OFFSET = 72;
    public static final int INDEX_HEADER_LENGTH = 80;

    public static final long COMPRESSED_MAGIC = 0x5A4C_4253_5552_4F54L; // "TORUSBLZ" little endian
    public static final int COMPRESSED_VERSION = 1;
    public static final int COMPRESSED_LENGTH_OFFSET = 40;
    public static final int COMPRESSED_CHUNK_SIZE_OFFSET = 44;
    public static final int COMPRESSED_CHUNKS_OFFSET = 48;
    public static final int COMPRESSED_CODEC_OFFSET = 52;
    public static final int COMPRESSED_HEADER_LENGTH = 64;
    public static final int COMPRESSED_CHUNK_ENTRY_LENGTH = 16;
    public static final int COMPRESSED_CHUNK_SIZE = 16 * 1024;
    public static final int COMPRESSED_CODEC_LZ4 = 1;

    public static final long DELETE_LOG_MAGIC = 0x4C45_4453_5552_4F54L; // "TORUSDEL" little endian
    public static final int DELETE_LOG_VERSION = 1;
    public static final int DELETE_LOG_HEADER_LENGTH = 64;
    public static final int DELETE_ENTRY_LENGTH = 8;

    public static final String BLOCK_SUFFIX = ".blk";
    public static final String DELETE_LOG_SUFFIX = ".del";
    public static final String INDEX_SUFFIX = ".idx";
    public static final String CLEAN_FILE = "clean";
    public static final String SUBJECTS_FILE = "subjects.idx";

    private BlockDescriptor()
    {
    }

    public static String blockFileName(final long id)
    {
        return String.format("%016d%s", id, BLOCK_SUFFIX);
    }

    public static String deleteLogFileName(final long id)
    {
        return String.format("%016d%s", id, DELETE_LOG_SUFFIX);
    }

    public static String indexFileName(final long id)
    {
        return String.format("%016d%s", id, INDEX_SUFFIX);
    }
}
