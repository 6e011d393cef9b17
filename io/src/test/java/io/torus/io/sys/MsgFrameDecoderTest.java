package io.torus.io.sys;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MsgFrameDecoderTest
{
    private static final String INPUT = "MSG a.b 1 5\r\nhello\r\n" +
        "PONG\r\n" +
        "MSG $SYS.REQ.SERVER.PING.VARZ 23 _INBOX.x.y 2\r\n{}\r\n" +
        "+OK\r\n" +
        "HMSG h 4 _INBOX.z 12 14\r\nNATS/1.0\r\n\r\nhi\r\n" +
        "MSG empty 7 0\r\n\r\n";

    private static List<String> decode(final MsgFrameDecoder d, final byte[] bytes)
    {
        final List<String> out = new ArrayList<>();
        d.decode(bytes, (subject, sid, reply, headers, payload) -> out.add(subject + "|" + sid + "|" + reply + "|" +
            (headers == null ? "-" : new String(headers, StandardCharsets.UTF_8).trim()) + "|" +
            new String(payload, StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void shouldDecodeMsgAndHmsgFramesAndSkipOtherLines()
    {
        assertEquals(List.of("a.b|1|null|-|hello", "$SYS.REQ.SERVER.PING.VARZ|23|_INBOX.x.y|-|{}",
            "h|4|_INBOX.z|NATS/1.0|hi", "empty|7|null|-|"),
            decode(new MsgFrameDecoder(), INPUT.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldKeepAFrameCutAcrossHandOversUntilItsRestArrives()
    {
        final byte[] all = INPUT.getBytes(StandardCharsets.UTF_8);
        final List<String> whole = decode(new MsgFrameDecoder(), all);
        for (int cut = 1; cut < all.length; cut++)
        {
            final MsgFrameDecoder d = new MsgFrameDecoder();
            final List<String> got = new ArrayList<>(decode(d, Arrays.copyOfRange(all, 0, cut)));
            got.addAll(decode(d, Arrays.copyOfRange(all, cut, all.length)));
            assertEquals(whole, got, "cut at " + cut);
        }
    }
}
