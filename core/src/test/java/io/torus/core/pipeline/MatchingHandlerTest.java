package io.torus.core.pipeline;

import io.torus.core.protocol.ConnectOptions;
import io.torus.core.server.Account;
import io.torus.core.server.ClientChannel;
import io.torus.core.server.ClientConnection;
import io.torus.core.server.ClosedReason;
import io.torus.core.server.ServerStats;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatchingHandlerTest
{
    private final Account account = new Account(Account.GLOBAL);
    private final ServerStats stats = new ServerStats();
    private final MatchingHandler handler = new MatchingHandler(stats, new PipelineLatency(), 1 << 30);
    private long sequence;

    static final class RecordingChannel implements ClientChannel
    {
        final List<String> sends = new ArrayList<>();

        @Override
        public void send(final DirectBuffer buf, final int off, final int len, final long ingressNanos)
        {
            final byte[] b = new byte[len];
            buf.getBytes(off, b);
            sends.add(new String(b, StandardCharsets.ISO_8859_1));
        }

        @Override
        public long pendingBytes()
        {
            return 0;
        }

        @Override
        public void close(final ClosedReason reason)
        {
        }
    }

    private ClientConnection client(final RecordingChannel channel)
    {
        final ClientConnection c = new ClientConnection(sequence + 1, channel, account);
        final OpEvent e = new OpEvent();
        e.type = OpType.CONNECT;
        e.connection = c;
        final ConnectOptions o = new ConnectOptions();
        o.verbose = false;
        o.headers = true;
        e.attachment = new ConnectCommand(o, null, null, -1);
        handler.onEvent(e, sequence++, true);
        return c;
    }

    private void subscribe(final ClientConnection c, final String subject, final String sid)
    {
        final OpEvent e = new OpEvent();
        e.type = OpType.SUBSCRIBE;
        e.connection = c;
        final byte[] s = subject.getBytes(StandardCharsets.US_ASCII);
        e.data.putBytes(0, s);
        e.subjectLen = s.length;
        e.data.putBytes(s.length, sid.getBytes(StandardCharsets.US_ASCII));
        e.sidOff = s.length;
        e.sidLen = sid.length();
        handler.onEvent(e, sequence++, true);
    }

    private void publish(final ClientConnection c, final String subject, final String reply, final String payload,
        final boolean endOfBatch)
    {
        final OpEvent e = new OpEvent();
        e.type = OpType.PUBLISH;
        e.connection = c;
        final byte[] s = subject.getBytes(StandardCharsets.US_ASCII);
        e.data.putBytes(0, s);
        e.subjectLen = s.length;
        final byte[] r = reply.getBytes(StandardCharsets.US_ASCII);
        e.data.putBytes(s.length, r);
        e.replyOff = s.length;
        e.replyLen = r.length;
        final byte[] p = payload.getBytes(StandardCharsets.US_ASCII);
        e.data.putBytes(s.length + r.length, p);
        e.payloadOff = s.length + r.length;
        e.totalLen = p.length;
        e.headerLen = -1;
        handler.onEvent(e, sequence++, endOfBatch);
    }

    @Test
    void shouldEncodeMessagesAndFlushEachRecipientOncePerBatch()
    {
        final RecordingChannel subChannel = new RecordingChannel();
        final ClientConnection sub = client(subChannel);
        subscribe(sub, "a.*", "7");
        subscribe(sub, "a.b", "8");
        final ClientConnection pub = client(new RecordingChannel());
        publish(pub, "a.b", "", "hi", false);
        publish(pub, "a.c", "r.1", "yo", true);
        assertEquals(List.of("MSG a.b 7 2\r\nhi\r\nMSG a.b 8 2\r\nhi\r\nMSG a.c 7 r.1 2\r\nyo\r\n"), subChannel.sends);
        assertEquals(3, stats.outMsgs);
    }

    @Test
    void shouldHandOverMidBatchBeyondTheThresholdAndOnceMoreAtTheEnd()
    {
        final RecordingChannel subChannel = new RecordingChannel();
        final ClientConnection sub = client(subChannel);
        subscribe(sub, "big", "1");
        final ClientConnection pub = client(new RecordingChannel());
        final String payload = "x".repeat(1000);
        final int messages = 200; // about 200 KB in one batch
        for (int i = 0; i < messages; i++)
        {
            publish(pub, "big", "", payload, i == messages - 1);
        }
        assertTrue(subChannel.sends.size() >= 3, "handed over in pieces: " + subChannel.sends.size());
        int total = 0;
        for (final String s : subChannel.sends)
        {
            assertTrue(s.length() <= MatchingHandler.FLUSH_THRESHOLD_BYTES + 1100, "piece of " + s.length());
            assertTrue(s.startsWith("MSG big 1 1000\r\n"), "pieces end on message boundaries");
            total += s.split("MSG big").length - 1;
        }
        assertEquals(messages, total);
    }
}
