package io.torus.core.server;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The trace's text pieces against what Go 2.9.10 prints (its {@code %q} and {@code removePassFromTrace}). */
class ProtocolTraceTest
{
    private static UnsafeBuffer bytes(final byte... b)
    {
        return new UnsafeBuffer(b);
    }

    private static String quote(final byte[] b)
    {
        return ProtocolTrace.goQuote(new UnsafeBuffer(b), 0, b.length);
    }

    private static String quote(final String s)
    {
        return quote(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void quotesAsGoDoes()
    {
        assertEquals("\"hello\"", quote("hello"));
        // Seen in Go's own trace: a control byte and a byte that is not UTF-8.
        assertEquals("\"h\\x01\\xe9\"", quote(new byte[] {'h', 1, (byte)0xe9}));
        assertEquals("\"NATS/1.0\\r\\n\\r\\nhello\"", quote("NATS/1.0\r\n\r\nhello"));
        assertEquals("\"\\a\\b\\f\\t\\v\\x00\\x7f\\\\\\\"\"", quote(new byte[] {7, 8, 12, 9, 11, 0, 0x7f, '\\', '"'}));
        assertEquals("\"é😀\"", quote("é😀"));
        assertEquals("\"\\u00a0\\u200b\"", quote("\u00a0\u200b"));
        // A truncated sequence is bytes, one \x each.
        assertEquals("\"\\xe2\\x82\"", quote(new byte[] {(byte)0xe2, (byte)0x82}));
    }

    @Test
    void truncatesAsGoDoesPastMaxTracedMsgLen()
    {
        final byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        assertEquals("\"hello\"", ProtocolTrace.quotePayload(bytes(hello), 0, 5, 0));
        assertEquals("\"hello\"", ProtocolTrace.quotePayload(bytes(hello), 0, 5, 5));
        assertEquals("\"hel...\"", ProtocolTrace.quotePayload(bytes(hello), 0, 5, 3));
        // Go cuts the quoted text, not the payload: escapes count and can be cut in two.
        final byte[] crlf = "\r\nabc".getBytes(StandardCharsets.US_ASCII);
        assertEquals("\"\\r\\...\"", ProtocolTrace.quotePayload(bytes(crlf), 0, 5, 3));
    }

    @Test
    void redactsTheFirstPasswordOfConnect()
    {
        assertEquals("{\"verbose\":true,\"user\":\"u\",\"pass\":\"[REDACTED]\",\"headers\":true}",
            ProtocolTrace.redactPassword("{\"verbose\":true,\"user\":\"u\",\"pass\":\"secret\",\"headers\":true}"));
        assertEquals("{\"pass\": \"[REDACTED]\"}", ProtocolTrace.redactPassword("{\"pass\": \"a b\"}"));
        assertEquals("{\"user\":\"u\"}", ProtocolTrace.redactPassword("{\"user\":\"u\"}"));
    }
}
