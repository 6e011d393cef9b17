package io.torus.io.sys;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.SnappyFrameEncoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * How a {@code $SYS.REQ.SERVER} answer is encoded, from the request's {@code Accept-Encoding} header as Go's
 * {@code getAcceptEncoding} reads it: {@code snappy} or {@code s2} anywhere in it first (the snappy framing format,
 * which Go's s2 writer writes in its snappy-compatible mode), then {@code gzip}; any other value is answered
 * uncompressed with {@code Content-Encoding: identity}; no header, no encoding and no header on the answer.
 */
enum ResponseEncoding
{
    NONE(null), GZIP("gzip"), SNAPPY("snappy"), IDENTITY("identity");

    private final String name;

    ResponseEncoding(final String name)
    {
        this.name = name;
    }

    /** @param headers the request's header block (NATS/1.0 ...), or null */
    static ResponseEncoding accepted(final byte[] headers)
    {
        final String value = header(headers, "accept-encoding");
        if (value == null || value.isEmpty())
        {
            return NONE;
        }
        final String v = value.toLowerCase(Locale.ROOT);
        if (v.contains("snappy") || v.contains("s2"))
        {
            return SNAPPY;
        }
        return v.contains("gzip") ? GZIP : IDENTITY;
    }

    /** The answer's header block, or null for none. */
    byte[] headers()
    {
        return name == null ? null :
            ("NATS/1.0\r\nContent-Encoding: " + name + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    byte[] encode(final byte[] body)
    {
        switch (this)
        {
            case GZIP: return gzip(body);
            case SNAPPY: return snappy(body);
            default: return body;
        }
    }

    private static byte[] gzip(final byte[] body)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 32);
        try (GZIPOutputStream z = new GZIPOutputStream(out))
        {
            z.write(body);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] snappy(final byte[] body)
    {
        final EmbeddedChannel encoder = new EmbeddedChannel(new SnappyFrameEncoder());
        try
        {
            encoder.writeOutbound(Unpooled.wrappedBuffer(body));
            final ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 32);
            ByteBuf chunk;
            while ((chunk = encoder.readOutbound()) != null)
            {
                final byte[] b = new byte[chunk.readableBytes()];
                chunk.readBytes(b);
                chunk.release();
                out.write(b, 0, b.length);
            }
            return out.toByteArray();
        }
        finally
        {
            encoder.finishAndReleaseAll();
        }
    }

    /** A header's value (name matched without regard to case), or null. */
    private static String header(final byte[] headers, final String lowerName)
    {
        if (headers == null)
        {
            return null;
        }
        final String[] lines = new String(headers, StandardCharsets.UTF_8).split("\r\n");
        for (int i = 1; i < lines.length; i++)
        {
            final int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(lowerName))
            {
                return lines[i].substring(colon + 1).trim();
            }
        }
        return null;
    }
}
