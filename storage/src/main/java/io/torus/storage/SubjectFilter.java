package io.torus.storage;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A compiled NATS subject filter ({@code foo.*.bar}, {@code foo.>}, a literal, or {@code >} / empty for all),
 * matched against subject bytes in place without allocation. Immutable and thread safe once built; compile a
 * filter once per consumer, not per message.
 */
public final class SubjectFilter
{
    public static final SubjectFilter ALL = new SubjectFilter(">");

    private static final byte DOT = '.';
    private static final byte STAR = '*';
    private static final byte GT = '>';

    private final String text;
    private final byte[] bytes;
    private final byte[][] tokens;
    private final boolean literal;
    private final boolean all;
    private final boolean trailingFull;
    private final UnsafeBuffer literalBuffer;
    /** {@link SubjectIndex#hash} of a literal filter, computed once: a lookup by filter does not rehash. */
    private final int literalHash;
    /** The bytes' length as a field: a lookup does not wait for the array to arrive from memory to start. */
    private final int length;

    private SubjectFilter(final String filter)
    {
        this.text = filter == null ? "" : filter;
        this.bytes = text.getBytes(StandardCharsets.US_ASCII);
        this.all = text.isEmpty() || text.equals(">");
        // A filter without wildcard characters is matched on its bytes alone: no tokens kept, so the many literal
        // filters of KV-style consumers stay small on the heap (each is a cache miss on a lookup).
        final boolean plain = text.indexOf('*') < 0 && text.indexOf('>') < 0;
        final String[] parts = text.isEmpty() || plain ? new String[0] : text.split("\\.", -1);
        tokens = new byte[parts.length][];
        boolean lit = !all;
        boolean full = false;
        for (int i = 0; i < parts.length; i++)
        {
            tokens[i] = parts[i].getBytes(StandardCharsets.US_ASCII);
            if (parts[i].equals("*"))
            {
                lit = false;
            }
            else if (parts[i].equals(">"))
            {
                if (i != parts.length - 1)
                {
                    throw new StoreException(StoreException.Reason.INVALID_ARGUMENT, "'>' must be last: " + filter);
                }
                lit = false;
                full = true;
            }
        }
        this.literal = lit;
        this.trailingFull = full;
        this.literalBuffer = new UnsafeBuffer(bytes);
        this.literalHash = SubjectIndex.hash(literalBuffer, 0, bytes.length);
        this.length = bytes.length;
    }

    public static SubjectFilter of(final String filter)
    {
        if (filter == null || filter.isEmpty() || filter.equals(">"))
        {
            return ALL;
        }
        return new SubjectFilter(filter);
    }

    /** True when the filter has no wildcard: a lookup in the subject index answers it. */
    public boolean isLiteral()
    {
        return literal;
    }

    /** True for {@code >} or the empty filter. */
    public boolean matchesAll()
    {
        return all;
    }

    /** The filter's bytes, valid as a subject key when {@link #isLiteral()}. */
    public DirectBuffer literalBuffer()
    {
        return literalBuffer;
    }

    public int literalLength()
    {
        return length;
    }

    /** The filter's bytes themselves, for the store's key comparison; never modified. */
    byte[] literalBytes()
    {
        return bytes;
    }

    /** The subject index hash of the literal's bytes. */
    public int literalHash()
    {
        return literalHash;
    }

    public boolean matches(final DirectBuffer buffer, final int offset, final int length)
    {
        if (all)
        {
            return true;
        }
        if (literal)
        {
            if (length != bytes.length)
            {
                return false;
            }
            for (int i = 0; i < length; i++)
            {
                if (buffer.getByte(offset + i) != bytes[i])
                {
                    return false;
                }
            }
            return true;
        }

        int pos = offset;
        final int end = offset + length;
        final int tokenCount = tokens.length;
        for (int t = 0; t < tokenCount; t++)
        {
            if (pos > end || (pos == end && t > 0 && length > 0 && buffer.getByte(end - 1) != DOT))
            {
                return false; // subject has fewer tokens than the filter
            }
            final byte[] token = tokens[t];
            if (token.length == 1 && token[0] == GT && t == tokenCount - 1 && trailingFull)
            {
                return pos < end; // '>' needs at least one more token
            }
            int tokenEnd = pos;
            while (tokenEnd < end && buffer.getByte(tokenEnd) != DOT)
            {
                tokenEnd++;
            }
            if (!(token.length == 1 && token[0] == STAR))
            {
                final int tokenLength = tokenEnd - pos;
                if (tokenLength != token.length)
                {
                    return false;
                }
                for (int i = 0; i < tokenLength; i++)
                {
                    if (buffer.getByte(pos + i) != token[i])
                    {
                        return false;
                    }
                }
            }
            else if (tokenEnd == pos)
            {
                return false; // '*' does not match an empty token
            }
            pos = tokenEnd + 1; // skip the dot; may go one past end when this was the last token
        }
        return pos == end + 1; // consumed exactly all tokens
    }

    public boolean matches(final String subject)
    {
        final byte[] b = subject.getBytes(StandardCharsets.US_ASCII);
        return matches(new UnsafeBuffer(b), 0, b.length);
    }

    @Override
    public String toString()
    {
        return text;
    }
}
