package io.torus.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import io.airlift.compress.lz4.Lz4Compressor;

import static io.torus.storage.file.BlockDescriptor.*;

/**
 * Writes the compressed form of a sealed block (layout in {@link BlockDescriptor}): the block's bytes up to its
 * write position cut into chunks of {@link BlockDescriptor#COMPRESSED_CHUNK_SIZE}, each compressed on its own with
 * LZ4 (or kept raw when that does not make it smaller) and checksummed, behind a header and chunk table.
 *
 * <p>Reads only the source block's mapping, which no one writes once the block is sealed, so it runs without the
 * store lock. Allocates its scratch per call (once per block).
 */
final class BlockCompressor
{
    /** A block is kept uncompressed unless compression saves at least this share of it. */
    static final double MIN_SAVING = 0.10;
    /** Chunks compressed before giving up on a block whose data does not compress (encrypted, random). */
    static final int SAMPLE_CHUNKS = 4;

    private BlockCompressor()
    {
    }

    /**
     * Write the compressed copy of {@code block} to {@code target}, fsynced.
     *
     * @return the size of the file written, or -1 when it saves less than {@link #MIN_SAVING} (nothing is worth
     * replacing then; the caller deletes {@code target}).
     */
    static long write(final MessageBlock block, final Path target) throws IOException
    {
        final int length = block.writePos;
        final int chunkSize = COMPRESSED_CHUNK_SIZE;
        final int chunks = (length + chunkSize - 1) / chunkSize;
        final int dataStart = COMPRESSED_HEADER_LENGTH + chunks * COMPRESSED_CHUNK_ENTRY_LENGTH;
        final Lz4Compressor compressor = new Lz4Compressor();
        final byte[] in = new byte[chunkSize];
        final byte[] out = new byte[compressor.maxCompressedLength(chunkSize)];
        final ByteBuffer header = ByteBuffer.allocate(dataStart).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32C crc = new CRC32C();
        long pos = dataStart;
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            for (int c = 0; c < chunks; c++)
            {
                final int from = c * chunkSize;
                final int ulen = Math.min(chunkSize, length - from);
                block.buffer.getBytes(from, in, 0, ulen);
                int clen = compressor.compress(in, 0, ulen, out, 0, out.length);
                final byte[] data;
                if (clen >= ulen)
                {
                    data = in; // incompressible: stored raw, marked by equal lengths
                    clen = ulen;
                }
                else
                {
                    data = out;
                }
                crc.reset();
                crc.update(data, 0, clen);
                final int entry = COMPRESSED_HEADER_LENGTH + c * COMPRESSED_CHUNK_ENTRY_LENGTH;
                header.putLong(entry, pos).putInt(entry + 8, clen).putInt(entry + 12, (int)crc.getValue());
                final ByteBuffer w = ByteBuffer.wrap(data, 0, clen);
                while (w.hasRemaining())
                {
                    pos += ch.write(w, pos);
                }
                if (c == SAMPLE_CHUNKS - 1 && pos - dataStart > (from + ulen) * (1 - MIN_SAVING / 2))
                {
                    return -1; // the first chunks hardly compress: do not spend a pass over the whole block
                }
            }
            if (pos > length * (1 - MIN_SAVING))
            {
                return -1;
            }
            header.putLong(MAGIC_OFFSET, COMPRESSED_MAGIC);
            header.putInt(VERSION_OFFSET, COMPRESSED_VERSION);
            header.putLong(BLOCK_ID_OFFSET, block.id);
            header.putLong(FIRST_SEQ_OFFSET, block.firstSeq);
            header.putLong(CREATED_OFFSET, block.buffer.getLong(CREATED_OFFSET));
            header.putInt(COMPRESSED_LENGTH_OFFSET, length);
            header.putInt(COMPRESSED_CHUNK_SIZE_OFFSET, chunkSize);
            header.putInt(COMPRESSED_CHUNKS_OFFSET, chunks);
            header.putInt(COMPRESSED_CODEC_OFFSET, COMPRESSED_CODEC_LZ4);
            crc.reset();
            crc.update(header.duplicate().position(HEADER_CHECKSUMMED_FROM).limit(dataStart));
            header.putInt(HEADER_CHECKSUM_OFFSET, (int)crc.getValue());
            header.clear();
            long at = 0;
            while (header.hasRemaining())
            {
                at += ch.write(header, at);
            }
            ch.force(true);
            return pos;
        }
    }
}
