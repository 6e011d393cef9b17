package io.torus.core.subject;

import org.agrona.DirectBuffer;

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
}
