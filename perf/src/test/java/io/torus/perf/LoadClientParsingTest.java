package io.torus.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torus.perf.load.LoadClient;
import io.torus.perf.load.Payload;
import io.torus.perf.load.SequenceCheck;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The load client's MSG/HMSG parser against a fake server that cuts the stream at random points, so frames
 * straddle reads; and how fast it parses, which must be far above what a server delivers to one connection.
 */
class LoadClientParsingTest {

    /** Frames of {@code count} messages from one publisher, every third with a reply subject, every fifth HMSG. */
    private static byte[] stream(int count, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] payload = Payload.template(size, 0);
        for (int seq = 0; seq < count; seq++) {
            Payload.setSequence(payload, 0, seq);
            String reply = seq % 3 == 0 ? " _INBOX.r" + seq : "";
            if (seq % 5 == 0) {
                byte[] hdr = "NATS/1.0\r\nX: y\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                out.writeBytes(("HMSG bench.x 7" + reply + " " + hdr.length + " " + (hdr.length + size) + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(hdr);
            } else {
                out.writeBytes(("MSG bench.x 7" + reply + " " + size + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes(payload);
            out.writeBytes(new byte[] {'\r', '\n'});
            if (seq % 1000 == 0) {
                out.writeBytes("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }

    private static long feed(byte[] data, int expected, int size, boolean randomCuts, SequenceCheck check,
                             AtomicLong replies) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicReference<Throwable> fakeFailure = new AtomicReference<>();
            Thread fake = new Thread(() -> {
                try (Socket s = server.accept()) {
                    OutputStream out = s.getOutputStream();
                    out.write("INFO {\"server_id\":\"fake\",\"max_payload\":1048576}\r\n".getBytes(StandardCharsets.US_ASCII));
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    assertTrue(in.readLine().startsWith("CONNECT "));
                    assertEquals("PING", in.readLine());
                    out.write("PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                    Random r = new Random(42);
                    int off = 0;
                    while (off < data.length) {
                        int n = randomCuts ? Math.min(data.length - off, 1 + r.nextInt(3000)) : Math.min(data.length - off, 1 << 20);
                        out.write(data, off, n);
                        off += n;
                    }
                    out.flush();
                    while (in.read() >= 0) {
                        // swallow the client's PONGs until it closes the connection
                    }
                } catch (Throwable t) {
                    fakeFailure.set(t);
                }
            });
            fake.start();
            AtomicLong received = new AtomicLong();
            long start;
            long end;
            try (LoadClient c = LoadClient.connect("127.0.0.1", server.getLocalPort(), "parse-test")) {
                start = System.nanoTime();
                c.start((sid, buf, ro, rl, po, pl) -> {
                    assertEquals(7, sid);
                    check.accept(buf, po, pl);
                    if (rl > 0) {
                        replies.incrementAndGet();
                    }
                    received.incrementAndGet();
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (received.get() < expected && System.nanoTime() < deadline && c.failure() == null) {
                    LockSupport.parkNanos(100_000);
                }
                end = System.nanoTime();
                assertEquals(null, c.failure());
            }
            fake.join(5000);
            assertEquals(null, fakeFailure.get());
            return end - start;
        }
    }

    /**
     * A sink that completes the handshake, then discards everything and answers the final flush PING: the
     * publish rate against it is what the load generator can offer at most on this machine.
     */
    @Test
    void publishesFarFasterThanAServerAccepts() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread sink = new Thread(() -> {
                try (Socket s = server.accept()) {
                    OutputStream out = s.getOutputStream();
                    out.write("INFO {\"server_id\":\"sink\"}\r\n".getBytes(StandardCharsets.US_ASCII));
                    var in = s.getInputStream();
                    byte[] buf = new byte[1 << 20];
                    byte[] tail = new byte[6];
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        // keep the last 6 bytes across reads: a PING may straddle two reads
                        if (n >= 6) {
                            System.arraycopy(buf, n - 6, tail, 0, 6);
                        } else {
                            System.arraycopy(tail, n, tail, 0, 6 - n);
                            System.arraycopy(buf, 0, tail, 6 - n, n);
                        }
                        if (new String(tail, StandardCharsets.US_ASCII).equals("PING\r\n")) {
                            out.write("PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                } catch (Exception e) {
                    // the test fails through the scenario's flush timeout
                }
            });
            sink.setDaemon(true);
            sink.start();
            var scenario = new io.torus.perf.load.PubSubScenario("pub-1:0", 1, 0, false, 16, 3_000_000, 1 << 23);
            var result = scenario.run(new io.torus.perf.load.Target("sink", "127.0.0.1", server.getLocalPort(), "{}"), 1.0);
            assertEquals(List.of(), result.problems());
            double rate = result.metrics().get(0).value();
            System.out.printf("LoadClient published %,.0f msg/s of 16 B into a sink%n", rate);
            assertTrue(rate > 300_000, "publisher too slow: " + rate + " msg/s");
        }
    }

    @Test
    void parsesFramesSplitAtRandomPoints() throws Exception {
        int count = 20_000;
        int size = 100;
        SequenceCheck check = new SequenceCheck("parser", 1, count, size, true);
        AtomicLong replies = new AtomicLong();
        feed(stream(count, size), count, size, true, check, replies);
        assertEquals(List.of(), check.problems());
        assertEquals((count + 2) / 3, replies.get());
    }

    @Test
    void parsesFarFasterThanAServerDelivers() throws Exception {
        int count = Integer.getInteger("parse.count", 1_000_000);
        int size = 16;
        SequenceCheck check = new SequenceCheck("parser", 1, count, size, true);
        long nanos = feed(stream(count, size), count, size, false, check, new AtomicLong());
        assertEquals(List.of(), check.problems());
        double rate = count / (nanos / 1e9);
        System.out.printf("LoadClient parsed %,.0f msg/s of 16 B (with verification)%n", rate);
        // Deliberately loose: a loaded 2-core CI machine must not fail this; it guards against a regression by
        // orders of magnitude, not against noise.
        assertTrue(rate > 300_000, "parser too slow: " + rate + " msg/s");
    }
}
