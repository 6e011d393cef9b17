package io.torus.core.subject;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Subject validation rules of the Go server ({@code server/sublist.go}): tokens are separated by '.', no token is
 * empty, '*' and '>' are wildcards only as whole tokens, '>' only as the last token. Subjects stay bytes.
 */
public final class Subjects
{
    public static final byte SEP = '.';
    public static final byte PWC = '*';
    public static final byte FWC = '>';

    private Subjects()
    {
    }

    /** A subject that may be subscribed to: wildcards allowed as whole tokens, no empty token, no whitespace. */
    public static boolean isValidSubscribe(final DirectBuffer buf, final int off, final int len)
    {
        return check(buf, off, len, true);
    }

    /** A literal subject, as pedantic publishers must use: no wildcards at all. */
    public static boolean isValidLiteral(final DirectBuffer buf, final int off, final int len)
    {
        return check(buf, off, len, false);
    }

    private static boolean check(final DirectBuffer buf, final int off, final int len, final boolean wildcardsOk)
    {
        if (len == 0)
        {
            return false;
        }
        int tokenStart = off;
        final int end = off + len;
        for (int i = off; i <= end; i++)
        {
            if (i == end || buf.getByte(i) == SEP)
            {
                final int tokenLen = i - tokenStart;
                if (tokenLen == 0)
                {
                    return false;
                }
                if (tokenLen == 1)
                {
                    final byte b = buf.getByte(tokenStart);
                    if (b == FWC)
                    {
                        if (!wildcardsOk || i != end)
                        {
                            return false;
                        }
                    }
                    else if (b == PWC && !wildcardsOk)
                    {
                        return false;
                    }
                }
                tokenStart = i + 1;
            }
            else
            {
                final byte b = buf.getByte(i);
                if (b == ' ' || b == '\t' || b == '\r' || b == '\n')
                {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@link #isValidSubscribe(DirectBuffer, int, int)} for configuration text. */
    public static boolean isValidSubscribe(final String subject)
    {
        final byte[] b = subject.getBytes(StandardCharsets.UTF_8);
        return check(new UnsafeBuffer(b), 0, b.length, true);
    }

    /** Whether the subject has a '*' or '>' token. */
    public static boolean hasWildcard(final String subject)
    {
        for (final String t : subject.split("\\.", -1))
        {
            if ("*".equals(t) || ">".equals(t))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every subject {@code subject} matches is also matched by {@code test} (Go's subjectIsSubsetMatch):
     * {@code foo.bar} is a subset of {@code foo.*}, {@code foo.*} of {@code foo.>}, not the other way round.
     */
    public static boolean isSubsetMatch(final String subject, final String test)
    {
        final String[] s = subject.split("\\.", -1);
        final String[] t = test.split("\\.", -1);
        for (int i = 0; i < t.length; i++)
        {
            if (i >= s.length)
            {
                return false;
            }
            final String tt = t[i];
            if (">".equals(tt))
            {
                return true;
            }
            final String st = s[i];
            if ("*".equals(tt))
            {
                if (">".equals(st))
                {
                    return false;
                }
                continue;
            }
            if (!tt.equals(st))
            {
                return false;
            }
        }
        return s.length == t.length;
    }

    /** Whether the subject in the buffer region starts with {@code prefix}. */
    public static boolean hasPrefix(final DirectBuffer buf, final int off, final int len, final byte[] prefix)
    {
        if (len < prefix.length)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (buf.getByte(off + i) != prefix[i])
            {
                return false;
            }
        }
        return true;
    }
}
