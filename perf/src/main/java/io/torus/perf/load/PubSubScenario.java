package io.torus.perf.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Core NATS throughput through our own {@link LoadClient}: N publishers on separate connections and threads
 * sending to one subject, M subscribers on separate connections (optionally one queue group). Covers pub-only
 * (M = 0), 1:1, fan-out 1:K, queue group 1:K and N:M.
 *
 * <p>Publishers write pre-encoded batches of about 64 KB per syscall. They stay at most a window of bytes ahead
 * of the slowest subscriber: without that, a fast publisher only measures how quickly the server fills a slow
 * consumer's buffer until it cuts it off, and the run ends in a "slow consumer" failure rather than a number.
 * The headline is delivered messages per second (published per second for pub-only), from the first publish
 * to the last delivery.
 */
public final class PubSubScenario implements Scenario {
    private static final int BATCH_BYTES = 64 * 1024;
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final String label;
    private final int pubs;
    private final int subs;
    private final boolean queue;
    private final int size;
    private final long totalMsgs;
    private final long windowBytes;

    public PubSubScenario(String label, int pubs, int subs, boolean queue, int size, long totalMsgs, long windowBytes) {
        if (pubs < 1 || subs < 0) {
            throw new IllegalArgumentException("need at least one publisher");
        }
        Payload.template(size, 0); // validates the size
        this.label = label;
        this.pubs = pubs;
        this.subs = subs;
        this.queue = queue;
        this.size = size;
        this.totalMsgs = totalMsgs;
        this.windowBytes = windowBytes;
    }

    @Override
    public String name() {
        return label + "/" + Sizes.label(size);
    }

    @Override
    public boolean latency() {
        return false;
    }

    /** One subscriber's state, written by its reader thread and read by publishers (window) and the main thread. */
    private static final class Sub {
        final LoadClient client;
        final SequenceCheck check;
        volatile long received;
        volatile long lastAt;

        Sub(LoadClient client, SequenceCheck check) {
            this.client = client;
            this.check = check;
        }
    }

    private static final class Pub {
        final LoadClient client;
        volatile long sent;
        volatile long doneAt;

        Pub(LoadClient client) {
            this.client = client;
        }
    }

    @Override
    public ScenarioResult run(Target target, double scale) throws Exception {
        long perPub = Math.max(1, Math.round(totalMsgs * scale / pubs));
        String subject = "bench.ps." + Long.toHexString(System.nanoTime());
        List<Sub> subList = new ArrayList<>();
        List<Pub> pubList = new ArrayList<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        try {
            for (int i = 0; i < subs; i++) {
                LoadClient c = LoadClient.connect(target.host(), target.port(), "sub-" + i);
                Sub s = new Sub(c, new SequenceCheck("subscriber " + i, pubs, perPub, size, !queue));
                c.subscribe(subject, queue ? "bench-q" : null, 1);
                c.start((sid, buf, ro, rl, po, pl) -> {
                    s.check.accept(buf, po, pl);
                    s.lastAt = System.nanoTime();
                    s.received = s.received + 1; // single writer: the reader thread
                });
                c.flush(10_000);
                subList.add(s);
            }
            for (int i = 0; i < pubs; i++) {
                LoadClient c = LoadClient.connect(target.host(), target.port(), "pub-" + i);
                c.start(null);
                pubList.add(new Pub(c));
            }
            long windowMsgs = Math.max(16, windowBytes / size);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < pubs; i++) {
                final int id = i;
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        publish(pubList.get(id), id, subject, perPub, windowMsgs, pubList, subList);
                    } catch (Exception e) {
                        problems.add("publisher " + id + ": " + e);
                    }
                }, "pub-" + i);
                t.start();
                threads.add(t);
            }
            long t0 = System.nanoTime();
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            long end = 0;
            for (Pub p : pubList) {
                end = Math.max(end, p.doneAt);
            }
            long published = perPub * pubs;
            long expectedDelivered = subs == 0 ? 0 : queue ? published : published * subs;
            if (problems.isEmpty() && subs > 0) {
                awaitDelivery(subList, expectedDelivered, problems);
                for (Sub s : subList) {
                    end = Math.max(end, s.lastAt);
                }
            }
            long delivered = 0;
            for (Sub s : subList) {
                delivered += s.received;
            }
            if (queue && subs > 0) {
                List<SequenceCheck> checks = new ArrayList<>();
                subList.forEach(s -> checks.add(s.check));
                problems.addAll(SequenceCheck.mergeQueueShares(checks));
            } else {
                for (Sub s : subList) {
                    problems.addAll(s.check.problems());
                }
            }
            for (Sub s : subList) {
                if (s.client.failure() != null) {
                    problems.add(s.client.name() + ": " + s.client.failure());
                }
            }
            double seconds = Math.max(1e-9, (end - t0) / 1e9);
            List<Metric> metrics = new ArrayList<>();
            double headlineMsgs = subs == 0 ? published : delivered;
            metrics.add(Metric.throughput(headlineMsgs / seconds));
            metrics.add(new Metric("MB/s", "MB/s", headlineMsgs * size / seconds / 1e6, true));
            metrics.add(new Metric("published msg/s", "msg/s", published / seconds, true));
            return ScenarioResult.measured(metrics, null, new ArrayList<>(problems));
        } finally {
            subList.forEach(s -> s.client.close());
            pubList.forEach(p -> p.client.close());
        }
    }

    private void publish(Pub me, int id, String subject, long count, long windowMsgs, List<Pub> pubList,
                         List<Sub> subList) throws Exception {
        byte[] head = ("PUB " + subject + " " + size + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] payload = Payload.template(size, id);
        int frameLen = head.length + size + 2;
        int framesPerBatch = Math.max(1, BATCH_BYTES / frameLen);
        byte[] batch = new byte[framesPerBatch * frameLen];
        for (int f = 0; f < framesPerBatch; f++) {
            int off = f * frameLen;
            System.arraycopy(head, 0, batch, off, head.length);
            System.arraycopy(payload, 0, batch, off + head.length, size);
            batch[off + head.length + size] = '\r';
            batch[off + head.length + size + 1] = '\n';
        }
        long seq = 0;
        while (seq < count) {
            int n = (int) Math.min(framesPerBatch, count - seq);
            if (!subList.isEmpty()) {
                awaitWindow(me, pubList, subList, windowMsgs);
            }
            for (int f = 0; f < n; f++) {
                Payload.setSequence(batch, f * frameLen + head.length, seq + f);
            }
            me.client.write(batch, 0, n * frameLen);
            seq += n;
            me.sent = seq;
        }
        // The PONG proves the server has taken in (and routed) everything this publisher sent.
        me.client.flush(120_000);
        me.doneAt = System.nanoTime();
    }

    private void awaitWindow(Pub me, List<Pub> pubList, List<Sub> subList, long windowMsgs) throws Exception {
        long stallStart = 0;
        while (true) {
            long sent = 0;
            for (Pub p : pubList) {
                sent += p.sent;
            }
            long progress = queue ? 0 : Long.MAX_VALUE;
            for (Sub s : subList) {
                progress = queue ? progress + s.received : Math.min(progress, s.received);
            }
            if (sent - progress <= windowMsgs) {
                return;
            }
            for (Sub s : subList) {
                s.client.checkHealthy();
            }
            me.client.checkHealthy();
            long now = System.nanoTime();
            if (stallStart == 0) {
                stallStart = now;
            } else if (now - stallStart > STALL_NANOS) {
                throw new IllegalStateException("subscribers made no progress for 20 s (sent " + sent
                        + ", slowest subscriber has " + progress + ")");
            }
            LockSupport.parkNanos(20_000);
        }
    }

    private static void awaitDelivery(List<Sub> subList, long expected, ConcurrentLinkedQueue<String> problems) {
        long lastTotal = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long total = 0;
            for (Sub s : subList) {
                total += s.received;
            }
            if (total >= expected) {
                return;
            }
            for (Sub s : subList) {
                if (s.client.failure() != null) {
                    return; // reported by the caller
                }
            }
            long now = System.nanoTime();
            if (total != lastTotal) {
                lastTotal = total;
                lastChange = now;
            } else if (now - lastChange > TimeUnit.SECONDS.toNanos(10)) {
                problems.add("deliveries stopped at " + total + " of " + expected + " for 10 s");
                return;
            }
            LockSupport.parkNanos(100_000);
        }
    }
}
