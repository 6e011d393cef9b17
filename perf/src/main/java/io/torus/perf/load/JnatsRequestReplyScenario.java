package io.torus.perf.load;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Request/reply through {@code io.nats:jnats} against a Dispatcher that echoes the payload, i.e. what a service
 * call costs a Java application, inbox handling included. Closed loop ({@code rate == 0}):
 * {@code connection.request(subject, data, timeout)} one after the other. Fixed rate: asynchronous
 * {@code connection.request(subject, data)} issued on schedule, latency from the due time (no coordinated
 * omission), as in {@link RequestReplyScenario}.
 */
public final class JnatsRequestReplyScenario implements Scenario {
    private final String label;
    private final int size;
    private final long totalRequests;
    private final double rate;

    public JnatsRequestReplyScenario(String label, int size, long totalRequests, double rate) {
        Payload.template(size, 0);
        this.label = label;
        this.size = size;
        this.totalRequests = totalRequests;
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

    @Override
    public ScenarioResult run(Target target, double scale) throws Exception {
        long count = Math.max(1, Math.round(totalRequests * scale));
        String subject = "bench.jrr." + Long.toHexString(System.nanoTime());
        List<String> problems = new ArrayList<>();
        Connection responder = Jnats.connect(target, "jnats-responder");
        Connection requester = null;
        try {
            requester = Jnats.connect(target, "jnats-requester");
            Dispatcher d = responder.createDispatcher(m -> responder.publish(m.getReplyTo(), m.getData()));
            d.subscribe(subject);
            responder.flush(Duration.ofSeconds(10));
            Histogram h = ScenarioResult.newLatencyHistogram();
            long t0 = System.nanoTime();
            long end = rate > 0 ? fixedRate(requester, subject, count, h, problems)
                    : closedLoop(requester, subject, count, h, problems);
            double seconds = Math.max(1e-9, (end - t0) / 1e9);
            List<Metric> metrics = ScenarioResult.latencyMetrics(h);
            metrics.add(new Metric("req/s", "req/s", h.getTotalCount() / seconds, true));
            return ScenarioResult.measured(metrics, h, problems);
        } finally {
            if (requester != null) {
                requester.close();
            }
            responder.close();
        }
    }

    private long closedLoop(Connection requester, String subject, long count, Histogram h, List<String> problems)
            throws InterruptedException {
        byte[] template = Payload.template(size, 0);
        for (long seq = 0; seq < count; seq++) {
            byte[] data = template.clone();
            Payload.setSequence(data, 0, seq);
            long start = System.nanoTime();
            Message reply = requester.request(subject, data, Duration.ofSeconds(10));
            long now = System.nanoTime();
            if (reply == null) {
                problems.add("request " + seq + ": no reply within 10 s");
                break;
            }
            byte[] r = reply.getData();
            if (r.length != size || Payload.sequence(r, 0) != seq) {
                problems.add("request " + seq + ": wrong reply (" + r.length + " bytes)");
                break;
            }
            h.recordValue(now - start);
        }
        return System.nanoTime();
    }

    private long fixedRate(Connection requester, String subject, long count, Histogram h, List<String> problems)
            throws Exception {
        byte[] template = Payload.template(size, 0);
        BitSet answered = new BitSet((int) count);
        long[] lastAt = new long[1];
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        long interval = Math.max(1, Math.round(1e9 / rate));
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
        for (long seq = 0; seq < count; seq++) {
            long due = t0 + seq * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                // Sleep rather than spin, as in RequestReplyScenario: spinning on 2 cores starves the server.
                if (wait > 10_000) {
                    LockSupport.parkNanos(wait);
                } else {
                    Thread.onSpinWait();
                }
            }
            byte[] data = template.clone();
            Payload.setSequence(data, 0, seq);
            final long expected = seq;
            pending.add(requester.request(subject, data).orTimeout(10, TimeUnit.SECONDS).thenAccept(reply -> {
                long now = System.nanoTime();
                byte[] r = reply.getData();
                synchronized (h) {
                    if (r.length != size || Payload.sequence(r, 0) != expected || answered.get((int) expected)) {
                        if (problems.size() < 5) {
                            problems.add("request " + expected + ": wrong reply (" + r.length + " bytes)");
                        }
                        return;
                    }
                    answered.set((int) expected);
                    h.recordValue(Math.max(0, now - due));
                    lastAt[0] = Math.max(lastAt[0], now);
                }
            }));
        }
        for (CompletableFuture<Void> f : pending) {
            try {
                f.get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                synchronized (h) {
                    if (problems.size() < 5) {
                        problems.add("request failed: " + e.getCause());
                    }
                }
            }
        }
        synchronized (h) {
            if (answered.cardinality() != count) {
                problems.add(answered.cardinality() + " of " + count + " requests answered");
            }
            return lastAt[0];
        }
    }
}
