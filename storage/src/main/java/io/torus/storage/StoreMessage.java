package io.torus.storage;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Caller-owned, reusable holder a store copies one loaded message into, so a load allocates nothing once the
 * holder's buffer has grown to the largest message seen. The bytes are a copy: the holder stays valid after the
 * store moves on, compacts or closes. Not thread safe: one holder per reading thread.
 *
 * <p>Layout in {@link #buffer()}: subject at 0, headers right after, payload right after the headers.
 */
public final class StoreMessage
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private long sequence;
    private long timestamp;
    private int ttlSeconds;
    private int subjectLength;
    private int headersLength;
    private int payloadLength;

    /**
     * Fill from a store's encoded copy; used by stores, not by callers.
     */
    public void set(
        final long sequence,
        final long timestamp,
        final int ttlSeconds,
        final DirectBuffer src,
        final int subjectOffset,
        final int subjectLength,
        final int headersLength,
        final int payloadLength)
    {
        this.sequence = sequence;
        this.timestamp = timestamp;
        this.ttlSeconds = ttlSeconds;
        this.subjectLength = subjectLength;
        this.headersLength = headersLength;
        this.payloadLength = payloadLength;
        // subject, headers and payload are contiguous in every store encoding: one copy.
        buffer.putBytes(0, src, subjectOffset, subjectLength + headersLength + payloadLength);
    }

    public long sequence()
    {
        return sequence;
    }

    public long timestamp()
    {
        return timestamp;
    }

    public int ttlSeconds()
    {
        return ttlSeconds;
    }

    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    public int subjectOffset()
    {
        return 0;
    }

    public int subjectLength()
    {
        return subjectLength;
    }

    public int headersOffset()
    {
        return subjectLength;
    }

    public int headersLength()
    {
        return headersLength;
    }

    public int payloadOffset()
    {
        return subjectLength + headersLength;
    }

    public int payloadLength()
    {
        return payloadLength;
    }

    /** Allocates: for humans, logs and tests. */
    public String subject()
    {
        return buffer.getStringWithoutLengthAscii(0, subjectLength);
    }

    /** Allocates: for tests. */
    public byte[] headers()
    {
        final byte[] b = new byte[headersLength];
        buffer.getBytes(subjectLength, b);
        return b;
    }

    /** Allocates: for tests. */
    public byte[] payload()
    {
        final byte[] b = new byte[payloadLength];
        buffer.getBytes(subjectLength + headersLength, b);
        return b;
    }

    public String payloadAsString()
    {
        return new String(payload(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString()
    {
        return "StoreMessage{seq=" + sequence + ", subject=" + subject() + ", payload=" + payloadLength + "B}";
    }
}
