package io.torus.core.protocol;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtocolParserTest
{
    private static final String MIXED =
        "CONNECT {\"verbose\":false,\"headers\":true}\r\n" +
        "SUB foo 1\r\n" +
        "sub bar.* q1 22\r\n" +
        "PUB foo 5\r\nhello\r\n" +
        "pub foo.bar reply.1 11\r\nhello world\r\n" +
        "PUB\tempty  0\r\n\r\n" +
        "HPUB h 12 17\r\nNATS/1.0\r\n\r\nhello\r\n" +
        "hpub h rep 12 12\r\nNATS/1.0\r\n\r\n\r\n" +
        "PING\r\n" +
        "pong\r\n" +
        "UNSUB 1\r\n" +
        "unsub 22 5\r\n" +
        "PUB big 300\r\n" + "x".repeat(300) + "\r\n" +
        "PING\r\n";

    private static final List<String> EXPECTED = List.of(
        "CONNECT {\"verbose\":false,\"headers\":true}",
        "SUB foo - 1",
        "SUB bar.* q1 22",
        "PUB foo - -1 hello",
        "PUB foo.bar reply.1 -1 hello world",
        "PUB empty - -1 ",
        "PUB h - 12 NATS/1.0\r\n\r\nhello",
        "PUB h rep 12 NATS/1.0\r\n\r\n",
        "PING",
        "PONG",
        "UNSUB 1 -1",
        "UNSUB 22 5",
        "PUB big - -1 " + "x".repeat(300),
        "PING");

    @Test
    void shouldParseMixedInputInOneRead()
    {
        final Recorder r = new Recorder();
        final ProtocolParser p = parser(r);
        assertTrue(feed(p, MIXED, 0, MIXED.length()));
        assertEquals(EXPECTED, r.ops);
    }

    @Test
    void shouldParseMixedInputSplitAtEveryPoint()
    {
        for (int split = 1; split < MIXED.length(); split++)
        {
            final Recorder r = new Recorder();
            final ProtocolParser p = parser(r);
            assertTrue(feed(p, MIXED, 0, split));
            assertTrue(feed(p, MIXED, split, MIXED.length()));
            assertEquals(EXPECTED, r.ops, "split at " + split);
        }
    }

    @Test
    void shouldParseMixedInputOneByteAtATime()
    {
        final Recorder r = new Recorder();
        final ProtocolParser p = parser(r);
        for (int i = 0; i < MIXED.length(); i++)
        {
            assertTrue(feed(p, MIXED, i, i + 1));
        }
        assertEquals(EXPECTED, r.ops);
    }

    @Test
    void shouldRejectUnknownOperation()
    {
        assertViolation("FOO bar\r\n", "Unknown Protocol Operation");
        assertViolation("PUBX foo 1\r\n", "Unknown Protocol Operation");
        assertViolation("MSG foo 1 1\r\nx\r\n", "Unknown Protocol Operation");
    }

    @Test
    void shouldRejectPayloadWhoseLengthDoesNotMatch()
    {
        assertViolation("PUB foo 3\r\nhello\r\n", "Unknown Protocol Operation");
        for (int split = 1; split < 18; split++)
        {
            final Recorder r = new Recorder();
            final ProtocolParser p = parser(r);
            final String in = "PUB foo 3\r\nhello\r\n";
            final boolean first = feed(p, in, 0, split);
            final boolean second = first && feed(p, in, split, in.length());
            assertFalse(second, "split " + split);
            assertEquals("Unknown Protocol Operation", r.violation, "split " + split);
        }
    }

    @Test
    void shouldRejectOversizedPayload()
    {
        assertViolation("PUB foo 1025\r\n", "Maximum Payload Violation");
    }

    @Test
    void shouldRejectOversizedControlLineEvenWhenSplit()
    {
        final String line = "SUB " + "a".repeat(5000) + " 1\r\n";
        assertViolation(line, "maximum control line exceeded");
        final Recorder r = new Recorder();
        final ProtocolParser p = parser(r);
        boolean ok = true;
        for (int i = 0; i < line.length() && ok; i += 100)
        {
            ok = feed(p, line, i, Math.min(line.length(), i + 100));
        }
        assertFalse(ok);
        assertEquals("maximum control line exceeded", r.violation);
    }

    @Test
    void shouldCloseSilentlyOnBadArguments()
    {
        assertViolation("PUB foo\r\n", null);
        assertViolation("PUB foo bar baz 1\r\n", null);
        assertViolation("PUB foo x1\r\n", null);
        assertViolation("SUB foo\r\n", null);
        assertViolation("UNSUB \r\n", null);
        assertViolation("UNSUB\r\n", "Unknown Protocol Operation");
        assertViolation("HPUB foo 10 5\r\n", null);
    }

    @Test
    void shouldRefuseHeadersFromClientThatDidNotDeclareThem()
    {
        final Recorder r = new Recorder();
        final ProtocolParser p = new ProtocolParser(r, 4096, 1024);
        assertFalse(feed(p, "HPUB foo 12 12\r\nNATS/1.0\r\n\r\n\r\n", 0, 30));
        assertEquals("message headers not supported", r.log);
    }

    @Test
    void shouldRequireConnectFirstWhenAwaitingAuth()
    {
        final Recorder r = new Recorder();
        final ProtocolParser p = parser(r);
        p.awaitingAuth(true);
        assertFalse(feed(p, "PING\r\n", 0, 6));
        assertEquals("Authorization Violation", r.violation);
    }

    @Test
    void shouldWarnOnWildcardPublishWhenPedantic()
    {
        final Recorder r = new Recorder();
        final ProtocolParser p = new ProtocolParser(r, 4096, 1024);
        p.clientOptions(true, false);
        final String in = "PUB foo.* 1\r\nx\r\nPUB foo..bar 1\r\nx\r\n";
        assertTrue(feed(p, in, 0, in.length()));
        assertEquals(List.of("Invalid Publish Subject", "PUB foo.* - -1 x", "Invalid Publish Subject",
            "PUB foo..bar - -1 x"), r.ops);
    }

    private static void assertViolation(final String input, final String expectedErr)
    {
        final Recorder r = new Recorder();
        final ProtocolParser p = parser(r);
        assertFalse(feed(p, input, 0, input.length()), input);
        assertTrue(r.violated, input);
        assertEquals(expectedErr, r.violation, input);
    }

    private static ProtocolParser parser(final Recorder r)
    {
        final ProtocolParser p = new ProtocolParser(r, 4096, 1024);
        p.clientOptions(false, true);
        return p;
    }

    private static boolean feed(final ProtocolParser p, final String s, final int from, final int to)
    {
        // Copy into a fresh buffer each time, as a socket read would, so no slice can outlive its read unnoticed.
        final byte[] all = s.getBytes(StandardCharsets.ISO_8859_1);
        final byte[] part = new byte[to - from + 16];
        java.util.Arrays.fill(part, (byte)'#');
        System.arraycopy(all, from, part, 8, to - from);
        return p.parse(new UnsafeBuffer(part), 8, to - from);
    }

    static final class Recorder implements ClientOpHandler
    {
        final List<String> ops = new ArrayList<>();
        boolean violated;
        String violation;
        String log;

        private static String t(final DirectBuffer b, final int off, final int len)
        {
            return ProtocolParser.text(b, off, len);
        }

        @Override
        public boolean onConnect(final DirectBuffer buf, final int off, final int len)
        {
            ops.add("CONNECT " + t(buf, off, len));
            return true;
        }

        @Override
        public boolean onPublish(
            final DirectBuffer argBuf, final int subjectOff, final int subjectLen, final int replyOff,
            final int replyLen, final DirectBuffer payloadBuf, final int payloadOff, final int headerLength,
            final int totalLength)
        {
            ops.add("PUB " + t(argBuf, subjectOff, subjectLen) + " " +
                (replyLen == 0 ? "-" : t(argBuf, replyOff, replyLen)) + " " + headerLength + " " +
                t(payloadBuf, payloadOff, totalLength));
            return true;
        }

        @Override
        public boolean onSubscribe(
            final DirectBuffer buf, final int subjectOff, final int subjectLen, final int queueOff, final int queueLen,
            final int sidOff, final int sidLen)
        {
            ops.add("SUB " + t(buf, subjectOff, subjectLen) + " " + (queueLen == 0 ? "-" : t(buf, queueOff, queueLen)) +
                " " + t(buf, sidOff, sidLen));
            return true;
        }

        @Override
        public boolean onUnsubscribe(final DirectBuffer buf, final int sidOff, final int sidLen, final long max)
        {
            ops.add("UNSUB " + t(buf, sidOff, sidLen) + " " + max);
            return true;
        }

        @Override
        public boolean onPing()
        {
            ops.add("PING");
            return true;
        }

        @Override
        public boolean onPong()
        {
            ops.add("PONG");
            return true;
        }

        @Override
        public void onProtocolViolation(final String errText, final String logText)
        {
            violated = true;
            violation = errText;
            log = logText;
        }

        @Override
        public boolean onProtocolWarning(final String errText)
        {
            ops.add(errText);
            return true;
        }
    }
}
