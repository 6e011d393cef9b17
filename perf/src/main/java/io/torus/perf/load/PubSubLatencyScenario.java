package io.torus.perf.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One-way publish-to-delivery latency at a fixed offered rate, 1 publisher to K subscribers, through our own
 * {@link LoadClient}. Publisher and subscribers live in this JVM, so one clock serves both ends. As in
 * {@link RequestReplyScenario}'s fixed-rate mode, latency counts from the time a message was <em>due</em>, so
 * a server stall is charged to every message it delayed (no coordinated omission).
 */
public final class PubSubLatencyScenario implements Scenario {
    private final String label;
    private final int size;
    private final long totalMsgs;
    private final int subs;
    private final double rate;

    public PubSubLatencyScenario(String label, int size, long totalMsgs, int subs, double rate) {
        Payload.template(size, 0);
        if (rate <= 0) {
            throw new IllegalArgumentException("pub/sub latency needs a rate above 0");
        }
        this.label = label;
        this.size = size;
        this.totalMsgs = totalMsgs;
        this.subs = subs;
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

    private static final class Sub {
        final LoadClient client;
        final SequenceCheck check;
        final Histogram histogram = ScenarioResult.newLatencyHistogram();
        volatile long received;

        Sub(LoadClient client, SequenceCheck check) {
            this.client = client;
            this.check = check;
        }
    }

    @Override
    public ScenarioResult run(Target target, double scale) throws Exception {
        int count = (int) Math.max(1, Math.round(totalMsgs * scale));
        String subject = "bench.lat." + Long.toHexString(System.nanoTime());
        long[] due = new long[count];
        // Written by the publisher after due[seq]; subscribers read it first (volatile) to see due[seq].
        long[] published = new long[1];
        Object publishedLock = new Object();
        List<Sub> subList = new ArrayList<>();
        LoadClient pub = null;
        List<String> problems = new ArrayList<>();
        try {
            for (int i = 0; i < subs; i++) {
                LoadClient c = LoadClient.connect(target.host(), target.port(), "lat-sub-" + i);
                Sub s = new Sub(c, new SequenceCheck("subscriber " + i, 1, count, size, true));
                c.subscribe(subject, null, 1);
                c.start((sid, buf, ro, rl, po, pl) -> {
                    long now = System.nanoTime();
                    s.check.accept(buf, po, pl);
                    long seq = Payload.sequence(buf, po);
                    long known;
                    synchronized (publishedLock) {
                        known = published[0];
                    }
                    if (seq >= 0 && seq < known) {
                        s.histogram.recordValue(Math.max(0, now - due[(int) seq]));
                    }
                    s.received = s.received + 1;
                });
                c.flush(10_000);
                subList.add(s);
            }
            pub = LoadClient.connect(target.host(), target.port(), "lat-pub");
            pub.start(null);
            byte[] head = ("PUB " + subject + " " + size + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] frame = new byte[head.length + size + 2];
            System.arraycopy(head, 0, frame, 0, head.length);
            System.arraycopy(Payload.template(size, 0), 0, frame, head.length, size);
            frame[frame.length - 2] = '\r';
            frame[frame.length - 1] = '\n';
            long interval = Math.max(1, Math.round(1e9 / rate));
            long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
            for (int seq = 0; seq < count; seq++) {
                long sendAt = t0 + seq * interval;
                long wait;
                while ((wait = sendAt - System.nanoTime()) > 0) {
                    // Sleep rather than spin, as in RequestReplyScenario: spinning on 2 cores starves the server.
                    if (wait > 10_000) {
                        LockSupport.parkNanos(wait);
                    } else {
                        Thread.onSpinWait();
                    }
                }
                Payload.setSequence(frame, head.length, seq);
                due[seq] = sendAt;
                synchronized (publishedLock) {
                    published[0] = seq + 1;
                }
                pub.write(frame, 0, frame.length);
            }
            pub.flush(60_000);
            long end = System.nanoTime();
            long deadline = end + TimeUnit.SECONDS.toNanos(10);
            Histogram all = ScenarioResult.newLatencyHistogram();
            for (Sub s : subList) {
                while (s.received < count && System.nanoTime() < deadline && s.client.failure() == null) {
                    LockSupport.parkNanos(100_000);
                }
                problems.addAll(s.check.problems());
                if (s.client.failure() != null) {
                    problems.add(s.client.name() + ": " + s.client.failure());
                }
                all.add(s.histogram);
            }
            double seconds = Math.max(1e-9, (end - t0) / 1e9);
            List<Metric> metrics = ScenarioResult.latencyMetrics(all);
            metrics.add(new Metric("msg/s", "msg/s", count / seconds, true));
            return ScenarioResult.measured(metrics, all, problems);
        } finally {
            subList.forEach(s -> s.client.close());
            if (pub != null) {
                pub.close();
            }
        }
    }
}
