package io.torus.storage;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Layout of one stored record, the same bytes in a file block and in the memory store. Little endian, records
 * start 8-byte aligned so the header fields are aligned loads.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 Checksum (CRC32C of bytes 4..length)          |  0
 *  +---------------------------------------------------------------+
 *  |                 Length (header + subject + headers + payload) |  4
 *  +---------------------------------------------------------------+
 *  |                 Sequence                                      |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 Timestamp (epoch nanos)                       | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 TTL seconds (0 none, -1 never)                | 24
 *  +-------------------------------+-------------------------------+
 *  |   Subject length (unsigned)   |   Type (MSG, TOMBSTONE, SKIP) | 28
 *  +-------------------------------+-------------------------------+
 *  |                 Headers length                                | 32
 *  +---------------------------------------------------------------+
 *  |                 Payload length                                | 36
 *  +---------------------------------------------------------------+
 *  |  Subject ... | Headers ... | Payload ... | pad to 8          ...  40
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * A TOMBSTONE record's sequence is the removed message's; a SKIP record's sequence is the first skipped and its
 * payload holds the count as a long. The checksum covers the length so a torn or bit-flipped length is caught.
 */
public final class RecordDescriptor
{
    public static final int CHECKSUM_OFFSET = 0;
    public static final int LENGTH_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 8;
    public static final int TIMESTAMP_OFFSET = 16;
    public static final int TTL_OFFSET = 24;
    public static final int SUBJECT_LENGTH_OFFSET = 28;
    public static final int TYPE_OFFSET = 30;
    public static final int HEADERS_LENGTH_OFFSET = 32;
    public static final int PAYLOAD_LENGTH_OFFSET = 36;
    public static final int HEADER_LENGTH = 40;
    public static final int ALIGNMENT = 8;

    public static final short TYPE_MSG = 1;
    public static final short TYPE_TOMBSTONE = 2;
    public static final short TYPE_SKIP = 3;

    public static final int MAX_SUBJECT_LENGTH = 0xFFFF;

    private RecordDescriptor()
    {
    }

    public static int length(final int subjectLength, final int headersLength, final int payloadLength)
    {
        return HEADER_LENGTH + subjectLength + headersLength + payloadLength;
    }

    public static int alignedLength(final int length)
    {
        return BitUtil.align(length, ALIGNMENT);
    }

    /** Encode a message record at {@code offset}, checksum last. @return the unaligned record length. */
    public static int encode(
        final MutableDirectBuffer dst, final int offset, final short type, final long seq, final long timestamp,
        final int ttl,
        final DirectBuffer subject, final int subjectOffset, final int subjectLength,
        final DirectBuffer headers, final int headersOffset, final int headersLength,
        final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        final int length = length(subjectLength, headersLength, payloadLength);
        dst.putInt(offset + LENGTH_OFFSET, length);
        dst.putLong(offset + SEQUENCE_OFFSET, seq);
        dst.putLong(offset + TIMESTAMP_OFFSET, timestamp);
        dst.putInt(offset + TTL_OFFSET, ttl);
        dst.putShort(offset + SUBJECT_LENGTH_OFFSET, (short)subjectLength);
        dst.putShort(offset + TYPE_OFFSET, type);
        dst.putInt(offset + HEADERS_LENGTH_OFFSET, headersLength);
        dst.putInt(offset + PAYLOAD_LENGTH_OFFSET, payloadLength);
        int pos = offset + HEADER_LENGTH;
        if (subjectLength > 0)
        {
            dst.putBytes(pos, subject, subjectOffset, subjectLength);
            pos += subjectLength;
        }
        if (headersLength > 0)
        {
            dst.putBytes(pos, headers, headersOffset, headersLength);
            pos += headersLength;
        }
        if (payloadLength > 0)
        {
            dst.putBytes(pos, payload, payloadOffset, payloadLength);
        }
        return length;
    }

    public static int length(final DirectBuffer b, final int offset)
    {
        return b.getInt(offset + LENGTH_OFFSET);
    }

    public static long sequence(final DirectBuffer b, final int offset)
    {
        return b.getLong(offset + SEQUENCE_OFFSET);
    }

    public static long timestamp(final DirectBuffer b, final int offset)
    {
        return b.getLong(offset + TIMESTAMP_OFFSET);
    }

    public static int ttl(final DirectBuffer b, final int offset)
    {
        return b.getInt(offset + TTL_OFFSET);
    }

    public static int subjectLength(final DirectBuffer b, final int offset)
    {
        return b.getShort(offset + SUBJECT_LENGTH_OFFSET) & 0xFFFF;
    }

    public static short type(final DirectBuffer b, final int offset)
    {
        return b.getShort(offset + TYPE_OFFSET);
    }

    public static int headersLength(final DirectBuffer b, final int offset)
    {
        return b.getInt(offset + HEADERS_LENGTH_OFFSET);
    }

    public static int payloadLength(final DirectBuffer b, final int offset)
    {
        return b.getInt(offset + PAYLOAD_LENGTH_OFFSET);
    }

    public static int subjectOffset(final int offset)
    {
        return offset + HEADER_LENGTH;
    }

    /** Stored size of the message in the record, as counted against {@code max_bytes}. */
    public static long messageSize(final DirectBuffer b, final int offset)
    {
        return StreamStore.messageSize(subjectLength(b, offset), headersLength(b, offset), payloadLength(b, offset));
    }

    /** Copy the record's message into a caller's holder. */
    public static void copyTo(final DirectBuffer b, final int offset, final StoreMessage into)
    {
        into.set(sequence(b, offset), timestamp(b, offset), ttl(b, offset), b, offset + HEADER_LENGTH,
            subjectLength(b, offset), headersLength(b, offset), payloadLength(b, offset));
    }

    /**
     * CRC32C of bytes [4, length) of the record at {@code offset} of {@code view}, a duplicate of the buffer the
     * record lives in (position and limit are changed; it must not be shared between threads).
     */
    public static int checksum(final CRC32C crc, final ByteBuffer view, final int offset, final int length)
    {
        crc.reset();
        view.limit(offset + length).position(offset + LENGTH_OFFSET);
        crc.update(view);
        return (int)crc.getValue();
    }

    /** Structural sanity of a header before trusting its lengths (a corrupt header must not throw or overrun). */
    public static boolean plausible(final DirectBuffer b, final int offset, final int available)
    {
        if (available < HEADER_LENGTH)
        {
            return false;
        }
        final int length = b.getInt(offset + LENGTH_OFFSET);
        if (length < HEADER_LENGTH || length > available)
        {
            return false;
        }
        final short type = b.getShort(offset + TYPE_OFFSET);
        if (type != TYPE_MSG && type != TYPE_TOMBSTONE && type != TYPE_SKIP)
        {
            return false;
        }
        final long h = headersLength(b, offset);
        final long p = payloadLength(b, offset);
        return h >= 0 && p >= 0 && HEADER_LENGTH + subjectLength(b, offset) + h + p == length &&
            sequence(b, offset) > 0;
    }
}
