package io.torus.perf.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Request/reply round-trip latency through our own {@link LoadClient}: C requesters, each on its own connection
 * with its own reply subject, and one responder that echoes the payload back.
 *
 * <p>Closed loop ({@code rate == 0}): each requester sends the next request when the previous reply arrived;
 * latency is reply time minus send time. That measures service time but hides stalls (coordinated omission):
 * while the server stalls, no requests are sent, so the stall counts once. Fixed rate ({@code rate > 0},
 * requests/s over all requesters): requests are due on a fixed schedule regardless of replies, and latency is
 * measured from the time a request was <em>due</em>, so a stall is charged to every request it delayed.
 */
public final class RequestReplyScenario implements Scenario {
    private final String label;
    private final int size;
    private final long totalRequests;
    private final int clients;
    private final double rate;

    public RequestReplyScenario(String label, int size, long totalRequests, int clients, double rate) {
        Payload.template(size, 0);
        this.label = label;
        this.size = size;
        this.totalRequests = totalRequests;
        this.clients = clients;
        this.rate = rate;
    }

    @Override
    public String name() {
        return label + "/" + Sizes.label(size);
    }

    @Override
    public boolean latency() {
        return true;
    }

    /** One requester: its sender thread writes sendTimes then publishes {@code sent}; its reader records replies. */
    private static final class Requester {
        final LoadClient client;
        final long[] sendTimes;
        final Histogram histogram = ScenarioResult.newLatencyHistogram();
        final BitSet replied;
        volatile long sent;
        volatile long replies;
        volatile long lastReplyAt;
        volatile Thread waiter;
        long lastSeq = -1;
        final List<String> problems = new ArrayList<>();

        Requester(LoadClient client, int count) {
            this.client = client;
            this.sendTimes = new long[count];
            this.replied = new BitSet(count);
        }

        void onReply(byte[] buf, int off, int len, int expectedSize) {
            long now = System.nanoTime();
            long seq = Payload.sequence(buf, off);
            long known = sent; // volatile read: makes sendTimes[seq] written before the request visible
            if (len != expectedSize || seq < 0 || seq >= known || replied.get((int) seq)) {
                if (problems.size() < 5) {
                    problems.add(client.name() + ": unexpected reply (sequence " + seq + ", " + len + " bytes)");
                }
            } else {
                if (seq <= lastSeq && problems.size() < 5) {
                    problems.add(client.name() + ": reply " + seq + " after " + lastSeq + " (out of order)");
                }
                replied.set((int) seq);
                histogram.recordValue(Math.max(0, now - sendTimes[(int) seq]));
                lastSeq = seq;
            }
            lastReplyAt = now;
            replies = replies + 1;
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    @Override
    public ScenarioResult run(Target target, double scale) throws Exception {
        int perClient = (int) Math.max(1, Math.round(totalRequests * scale / clients));
        String subject = "bench.rr." + Long.toHexString(System.nanoTime());
        List<Requester> requesters = new ArrayList<>();
        LoadClient responder = LoadClient.connect(target.host(), target.port(), "responder");
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        try {
            byte[] replyFrame = new byte[size + 256];
            responder.subscribe(subject, null, 1);
            responder.start((sid, buf, ro, rl, po, pl) -> {
                // Echo the request: PUB <reply> <len>\r\n<payload>\r\n, in one write.
                int p = 0;
                replyFrame[p++] = 'P';
                replyFrame[p++] = 'U';
                replyFrame[p++] = 'B';
                replyFrame[p++] = ' ';
                System.arraycopy(buf, ro, replyFrame, p, rl);
                p += rl;
                replyFrame[p++] = ' ';
                byte[] len = Integer.toString(pl).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(len, 0, replyFrame, p, len.length);
                p += len.length;
                replyFrame[p++] = '\r';
                replyFrame[p++] = '\n';
                System.arraycopy(buf, po, replyFrame, p, pl);
                p += pl;
                replyFrame[p++] = '\r';
                replyFrame[p++] = '\n';
                try {
                    responder.write(replyFrame, 0, p);
                } catch (Exception e) {
                    problems.add("responder: " + e);
                }
            });
            responder.flush(10_000);
            for (int i = 0; i < clients; i++) {
                LoadClient c = LoadClient.connect(target.host(), target.port(), "requester-" + i);
                Requester r = new Requester(c, perClient);
                c.subscribe(subject + ".inbox." + i, null, 1);
                c.start((sid, buf, ro, rl, po, pl) -> r.onReply(buf, po, pl, size));
                c.flush(10_000);
                requesters.add(r);
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            long intervalNanos = rate > 0 ? Math.max(1, Math.round(1e9 * clients / rate)) : 0;
            long[] startTime = new long[1];
            for (int i = 0; i < clients; i++) {
                final int id = i;
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        send(requesters.get(id), id, subject, perClient, intervalNanos, startTime[0]);
                    } catch (Exception e) {
                        problems.add("requester " + id + ": " + e);
                    }
                }, "requester-" + i);
                t.start();
                threads.add(t);
            }
            startTime[0] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
            long t0 = startTime[0];
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            awaitReplies(requesters, perClient, problems);
            long end = t0;
            Histogram all = ScenarioResult.newLatencyHistogram();
            long replies = 0;
            for (Requester r : requesters) {
                end = Math.max(end, r.lastReplyAt);
                all.add(r.histogram);
                replies += r.replies;
                problems.addAll(r.problems);
                if (r.replied.cardinality() != perClient) {
                    problems.add(r.client.name() + ": " + r.replied.cardinality() + " of " + perClient + " requests answered");
                }
                if (r.client.failure() != null) {
                    problems.add(r.client.name() + ": " + r.client.failure());
                }
            }
            if (responder.failure() != null) {
                problems.add("responder: " + responder.failure());
            }
            double seconds = Math.max(1e-9, (end - t0) / 1e9);
            List<Metric> metrics = ScenarioResult.latencyMetrics(all);
            metrics.add(new Metric("req/s", "req/s", replies / seconds, true));
            return ScenarioResult.measured(metrics, all, new ArrayList<>(problems));
        } finally {
            requesters.forEach(r -> r.client.close());
            responder.close();
        }
    }

    private void send(Requester r, int id, String subject, int count, long intervalNanos, long t0) throws Exception {
        byte[] head = ("PUB " + subject + " " + subject + ".inbox." + id + " " + size + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[head.length + size + 2];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(Payload.template(size, id), 0, frame, head.length, size);
        frame[frame.length - 2] = '\r';
        frame[frame.length - 1] = '\n';
        r.waiter = Thread.currentThread();
        for (int seq = 0; seq < count; seq++) {
            long sendAt;
            if (intervalNanos > 0) {
                // Due time, not actual send time: a late request is charged for the lateness (coordinated omission).
                sendAt = t0 + seq * intervalNanos;
                long wait;
                while ((wait = sendAt - System.nanoTime()) > 0) {
                    // Sleep, do not spin: on a 2-core machine a spinning (or yielding) sender takes the CPU the
                    // server needs and the tail then measures its own interference. The price is the kernel's
                    // timer slack (~50 us late wake-ups), charged as latency to both servers alike.
                    if (wait > 10_000) {
                        LockSupport.parkNanos(wait);
                    } else {
                        Thread.onSpinWait();
                    }
                }
            } else {
                sendAt = System.nanoTime();
            }
            Payload.setSequence(frame, head.length, seq);
            r.sendTimes[seq] = sendAt;
            r.sent = seq + 1;
            r.client.write(frame, 0, frame.length);
            if (intervalNanos == 0) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (r.replies <= seq) {
                    r.client.checkHealthy();
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no reply to request " + seq + " within 10 s");
                    }
                    LockSupport.parkNanos(1_000_000);
                }
            }
        }
    }

    private static void awaitReplies(List<Requester> requesters, int perClient, ConcurrentLinkedQueue<String> problems) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Requester r : requesters) {
            while (r.replies < perClient && r.client.failure() == null && System.nanoTime() < deadline) {
                LockSupport.parkNanos(200_000);
            }
        }
    }
}
