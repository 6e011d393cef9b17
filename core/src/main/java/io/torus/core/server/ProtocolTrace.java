package io.torus.core.server;

import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code -V} protocol trace, line for line as the Go server writes it: {@code <label> - <<- [PUB foo 5]} for an
 * operation read, {@code <<- MSG_PAYLOAD: ["hello"]} for its payload, {@code ->> [MSG foo 1 5]} for one written,
 * {@code <-> [DELSUB 1]} for a subscription removed. The label is the connection's log prefix
 * ({@code 127.0.0.1:54321 - cid:5 - "v2.16.5:java"}).
 * <p>
 * Callers check the connection's trace flag first, so none of this runs, and nothing is allocated, when tracing is
 * off; when it is on, each line is built as a String (tracing is a debugging aid, not a hot path). Thread-safe:
 * stateless, called by event loops for what they read and by the matching thread for what it writes.
 */
public final class ProtocolTrace
{
    /** The logger of every trace line: logging configuration turns it to TRACE for -V. */
    public static final String LOGGER_NAME = "io.torus.trace";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
    /** Go's pattern for the password in a CONNECT: its value is replaced by [REDACTED] before tracing. */
    private static final Pattern PASSWORD = Pattern.compile("\"?\\s*pass\\S*?\"?\\s*[:=]\\s*\"?(([^\",\\r\\n}])*)");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ProtocolTrace()
    {
    }

    /** {@code <<- [OP arg]}, or {@code <<- [OP]} when {@code len < 0}. CONNECT arguments lose their password. */
    public static void in(final Object label, final String op, final DirectBuffer arg, final int off, final int len)
    {
        String text = len < 0 ? null : text(arg, off, len);
        if (text != null && "CONNECT".equals(op))
        {
            text = redactPassword(text);
        }
        LOG.trace("{} - <<- [{}]", label, text == null ? op : op + " " + text);
    }

    /**
     * {@code <<- MSG_PAYLOAD: ["hello"]}: the payload (headers and body) quoted as Go's {@code %q}; longer than
     * {@code maxLen} (when positive) it is cut, as Go cuts it: the first maxLen characters of the quoted text.
     */
    public static void payload(final Object label, final DirectBuffer buf, final int off, final int len,
        final int maxLen)
    {
        LOG.trace("{} - <<- MSG_PAYLOAD: [{}]", label, quotePayload(buf, off, len, maxLen));
    }

    /** The payload as Go's traceMsg prints it between the brackets. */
    static String quotePayload(final DirectBuffer buf, final int off, final int len, final int maxLen)
    {
        if (maxLen > 0 && len > maxLen)
        {
            // As Go: bytes 1 to maxLen+1 of the quoted form (so escapes count, and may be cut), then "...".
            final byte[] q = goQuote(buf, off, maxLen).getBytes(StandardCharsets.UTF_8);
            return "\"" + new String(q, 1, Math.min(q.length - 1, maxLen), StandardCharsets.UTF_8) + "...\"";
        }
        return goQuote(buf, off, len);
    }

    /** {@code ->> [OP arg]}, or {@code ->> [OP]} when arg is null. */
    public static void out(final Object label, final String op, final String arg)
    {
        LOG.trace("{} - ->> [{}]", label, arg == null ? op : op + " " + arg);
    }

    /** {@code ->> [MSG foo 1 5]}: a delivery's control line, without its CRLF. */
    public static void outLine(final Object label, final DirectBuffer buf, final int off, final int len)
    {
        LOG.trace("{} - ->> [{}]", label, text(buf, off, len));
    }

    /** {@code <-> [DELSUB sid]}: a subscription removed (UNSUB, auto-unsubscribe limit, or the connection closing). */
    public static void deleteSubscription(final Object label, final byte[] sid)
    {
        LOG.trace("{} - <-> [DELSUB {}]", label, new String(sid, StandardCharsets.UTF_8));
    }

    /** Go's {@code removePassFromTrace}: the first password value in a CONNECT becomes [REDACTED]. */
    static String redactPassword(final String connect)
    {
        if (!connect.contains("pass"))
        {
            return connect;
        }
        final Matcher m = PASSWORD.matcher(connect);
        if (!m.find())
        {
            return connect;
        }
        return connect.substring(0, m.start(1)) + "[REDACTED]" + connect.substring(m.end(1));
    }

    /**
     * Go's {@code strconv.Quote} of bytes: printable UTF-8 as is; {@code \a \b \f \n \r \t \v \\ \"}; other control
     * characters and bytes that are not valid UTF-8 as {@code \xNN}; other unprintable code points as {@code \\uNNNN}
     * or {@code \\UNNNNNNNN}.
     */
    public static String goQuote(final DirectBuffer buf, final int off, final int len)
    {
        final StringBuilder sb = new StringBuilder(len + 2).append('"');
        int i = off;
        final int end = off + len;
        while (i < end)
        {
            final int b = buf.getByte(i) & 0xff;
            if (b < 0x80)
            {
                appendAscii(sb, b);
                i++;
                continue;
            }
            final int cp = decodeUtf8(buf, i, end);
            if (cp < 0)
            {
                appendHex(sb, 'x', b, 2);
                i++;
                continue;
            }
            final int n = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (isPrint(cp))
            {
                sb.appendCodePoint(cp);
            }
            else if (cp < 0x10000)
            {
                appendHex(sb, 'u', cp, 4);
            }
            else
            {
                appendHex(sb, 'U', cp, 8);
            }
            i += n;
        }
        return sb.append('"').toString();
    }

    private static void appendAscii(final StringBuilder sb, final int b)
    {
        switch (b)
        {
            case 0x07: sb.append("\\a"); return;
            case '\b': sb.append("\\b"); return;
            case '\f': sb.append("\\f"); return;
            case '\n': sb.append("\\n"); return;
            case '\r': sb.append("\\r"); return;
            case '\t': sb.append("\\t"); return;
            case 0x0b: sb.append("\\v"); return;
            case '\\': sb.append("\\\\"); return;
            case '"': sb.append("\\\""); return;
            default:
                if (b < 0x20 || b == 0x7f)
                {
                    appendHex(sb, 'x', b, 2);
                }
                else
                {
                    sb.append((char)b);
                }
        }
    }

    private static void appendHex(final StringBuilder sb, final char kind, final int value, final int digits)
    {
        sb.append('\\').append(kind);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        {
            sb.append(HEX[(value >>> shift) & 0xf]);
        }
    }

    /** The code point of the well-formed UTF-8 sequence at {@code i}, or -1 (as Go's RuneError of width 1). */
    private static int decodeUtf8(final DirectBuffer buf, final int i, final int end)
    {
        final int b0 = buf.getByte(i) & 0xff;
        final int n;
        int cp;
        int min;
        if (b0 >= 0xc2 && b0 <= 0xdf)
        {
            n = 2;
            cp = b0 & 0x1f;
            min = 0x80;
        }
        else if (b0 >= 0xe0 && b0 <= 0xef)
        {
            n = 3;
            cp = b0 & 0x0f;
            min = 0x800;
        }
        else if (b0 >= 0xf0 && b0 <= 0xf4)
        {
            n = 4;
            cp = b0 & 0x07;
            min = 0x10000;
        }
        else
        {
            return -1;
        }
        if (i + n > end)
        {
            return -1;
        }
        for (int k = 1; k < n; k++)
        {
            final int b = buf.getByte(i + k) & 0xff;
            if ((b & 0xc0) != 0x80)
            {
                return -1;
            }
            cp = (cp << 6) | (b & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        {
            return -1;
        }
        return cp;
    }

    /** Close to Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and U+0020. */
    private static boolean isPrint(final int cp)
    {
        switch (Character.getType(cp))
        {
            case Character.UNASSIGNED:
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.PRIVATE_USE:
            case Character.SURROGATE:
            case Character.SPACE_SEPARATOR:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return false;
            default:
                return true;
        }
    }

    private static String text(final DirectBuffer buf, final int off, final int len)
    {
        final byte[] bytes = new byte[len];
        buf.getBytes(off, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
