package io.torus.perf.load;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Publish/subscribe 1:K through {@code io.nats:jnats}, the way a Java application does it: a fresh byte array
 * per publish, a Dispatcher per subscriber. Numbers here include the client's own costs, which is the point:
 * they are what applications see. Same window rule and verification as {@link PubSubScenario}.
 */
public final class JnatsPubSubScenario implements Scenario {
    private final String label;
    private final int subs;
    private final int size;
    private final long totalMsgs;
    private final long windowBytes;

    public JnatsPubSubScenario(String label, int subs, int size, long totalMsgs, long windowBytes) {
        Payload.template(size, 0);
        this.label = label;
        this.subs = subs;
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

    private static final class Sub {
        final SequenceCheck check;
        volatile long received;
        volatile long lastAt;

        Sub(SequenceCheck check) {
            this.check = check;
        }
    }

    @Override
    public ScenarioResult run(Target target, double scale) throws Exception {
        long count = Math.max(1, Math.round(totalMsgs * scale));
        String subject = "bench.jps." + Long.toHexString(System.nanoTime());
        List<Connection> connections = new ArrayList<>();
        List<Sub> subList = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try {
            for (int i = 0; i < subs; i++) {
                Connection c = Jnats.connect(target, "jnats-sub-" + i);
                connections.add(c);
                Sub s = new Sub(new SequenceCheck("jnats subscriber " + i, 1, count, size, true));
                Dispatcher d = c.createDispatcher(m -> {
                    byte[] data = m.getData();
                    s.check.accept(data, 0, data.length);
                    s.lastAt = System.nanoTime();
                    s.received = s.received + 1;
                });
                d.setPendingLimits(-1, -1); // the window bounds what is pending; never drop silently
                d.subscribe(subject);
                c.flush(Duration.ofSeconds(10));
                subList.add(s);
            }
            Connection pub = Jnats.connect(target, "jnats-pub");
            connections.add(pub);
            byte[] template = Payload.template(size, 0);
            long windowMsgs = Math.max(16, windowBytes / size);
            long t0 = System.nanoTime();
            for (long seq = 0; seq < count; seq++) {
                if (!subList.isEmpty() && (seq & 63) == 0) {
                    awaitWindow(seq, windowMsgs, subList, connections);
                }
                byte[] data = template.clone();
                Payload.setSequence(data, 0, seq);
                pub.publish(subject, data);
            }
            pub.flush(Duration.ofSeconds(120));
            long end = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (Sub s : subList) {
                while (s.received < count && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(100_000);
                }
                end = Math.max(end, s.lastAt);
            }
            long delivered = 0;
            for (Sub s : subList) {
                delivered += s.received;
                problems.addAll(s.check.problems());
            }
            double seconds = Math.max(1e-9, (end - t0) / 1e9);
            double headline = subList.isEmpty() ? count : delivered;
            List<Metric> metrics = new ArrayList<>();
            metrics.add(Metric.throughput(headline / seconds));
            metrics.add(new Metric("MB/s", "MB/s", headline * size / seconds / 1e6, true));
            metrics.add(new Metric("published msg/s", "msg/s", count / seconds, true));
            return ScenarioResult.measured(metrics, null, problems);
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    private static void awaitWindow(long sent, long windowMsgs, List<Sub> subList, List<Connection> connections) {
        long stallStart = System.nanoTime();
        while (true) {
            long slowest = Long.MAX_VALUE;
            for (Sub s : subList) {
                slowest = Math.min(slowest, s.received);
            }
            if (sent - slowest <= windowMsgs) {
                return;
            }
            for (Connection c : connections) {
                if (c.getStatus() != Connection.Status.CONNECTED) {
                    throw new IllegalStateException("jnats connection " + c.getStatus());
                }
            }
            if (System.nanoTime() - stallStart > TimeUnit.SECONDS.toNanos(20)) {
                throw new IllegalStateException("subscribers made no progress for 20 s");
            }
            LockSupport.parkNanos(20_000);
        }
    }
}
