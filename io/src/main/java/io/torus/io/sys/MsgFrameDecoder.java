package io.torus.io.sys;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits what the matching stage sends a client into its MSG and HMSG frames ({@code MSG <subject> <sid> [reply]
 * <size>\r\n<payload>\r\n}, {@code HMSG ... <header size> <total size>}) and PONGs; other lines (+OK, -ERR)
 * are skipped. The stage hands over whole frames, but a frame cut across two hand-overs is kept until its rest arrives.
 * <p>
 * Not thread-safe: the system client's thread only. Allocates per frame, which is fine off the hot path.
 */
final class MsgFrameDecoder
{
    /** One message. */
    interface FrameHandler
    {
        /**
         * @param reply   null when the message has none
         * @param headers the header block (NATS/1.0 ...), or null
         * @param payload the body without headers
         */
        void onMessage(String subject, String sid, String reply, byte[] headers, byte[] payload);

        /** A PONG: everything published before the PING that asked for it has been delivered. */
        default void onPong()
        {
        }
    }

    private byte[] rest = new byte[0];

    void decode(final byte[] data, final FrameHandler handler)
    {
        final byte[] buf;
        if (rest.length == 0)
        {
            buf = data;
        }
        else
        {
            buf = Arrays.copyOf(rest, rest.length + data.length);
            System.arraycopy(data, 0, buf, rest.length, data.length);
        }
        int pos = 0;
        while (pos < buf.length)
        {
            final int consumed = frame(buf, pos, handler);
            if (consumed == 0)
            {
                break;
            }
            pos += consumed;
        }
        rest = pos == buf.length ? new byte[0] : Arrays.copyOfRange(buf, pos, buf.length);
    }

    /** Decodes the frame at {@code pos}; returns its length, or 0 when it is not all there yet. */
    private static int frame(final byte[] buf, final int pos, final FrameHandler handler)
    {
        final int eol = indexOfCrlf(buf, pos);
        if (eol < 0)
        {
            return 0;
        }
        final String line = new String(buf, pos, eol - pos, StandardCharsets.UTF_8);
        final boolean hmsg = line.startsWith("HMSG ");
        if (!hmsg && !line.startsWith("MSG "))
        {
            if (line.equals("PONG"))
            {
                handler.onPong();
            }
            return eol + 2 - pos;
        }
        final String[] f = line.substring(hmsg ? 5 : 4).trim().split(" +");
        final int fixed = hmsg ? 4 : 3;
        if (f.length < fixed || f.length > fixed + 1)
        {
            return eol + 2 - pos;
        }
        final String reply = f.length == fixed + 1 ? f[2] : null;
        final int total = Integer.parseInt(f[f.length - 1]);
        final int headerLen = hmsg ? Integer.parseInt(f[f.length - 2]) : 0;
        final int body = eol + 2;
        if (body + total + 2 > buf.length)
        {
            return 0;
        }
        final byte[] headers = hmsg ? Arrays.copyOfRange(buf, body, body + headerLen) : null;
        final byte[] payload = Arrays.copyOfRange(buf, body + headerLen, body + total);
        handler.onMessage(f[0], f[1], reply, headers, payload);
        return body + total + 2 - pos;
    }

    private static int indexOfCrlf(final byte[] buf, final int from)
    {
        for (int i = from; i + 1 < buf.length; i++)
        {
            if (buf[i] == '\r' && buf[i + 1] == '\n')
            {
                return i;
            }
        }
        return -1;
    }
}
