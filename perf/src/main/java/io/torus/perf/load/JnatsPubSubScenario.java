package io.torus.perf.load;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The pub/sub workloads of {@link PubSubScenario} (pub-only, 1:1, fan-out, queue group, N:M) through
 * {@code io.nats:jnats}, the way a Java application does it: a fresh byte array per publish, one Dispatcher per
 * subscriber connection. Numbers include the client's own costs, which is the point: they are what applications
 * see. Same window rule and verification as {@link PubSubScenario}.
 */
public final class JnatsPubSubScenario implements Scenario {
    private final String label;
    private final int pubs;
    private final int subs;
    private final boolean queue;
    private final int size;
    private final long totalMsgs;
    private final long windowBytes;

    public JnatsPubSubScenario(String label, int pubs, int subs, boolean queue, int size, long totalMsgs,
                               long windowBytes) {
        Payload.template(size, 0);
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

    private static final class Sub {
        final SequenceCheck check;
        volatile long received;
        volatile long lastAt;

        Sub(SequenceCheck check) {
            this.check = check;
        }
    }

    private static final class Pub {
        final Connection connection;
        volatile long sent;
        volatile long doneAt;

        Pub(Connection connection) {
            this.connection = connection;
        }
    }

    @Override
    public ScenarioResult run(Target target, double scale) throws Exception {
        long perPub = Math.max(1, Math.round(totalMsgs * scale / pubs));
        String subject = "bench.jps." + Long.toHexString(System.nanoTime());
        List<Connection> connections = new ArrayList<>();
        List<Sub> subList = new ArrayList<>();
        List<Pub> pubList = new ArrayList<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        try {
            for (int i = 0; i < subs; i++) {
                Connection c = Jnats.connect(target, "jnats-sub-" + i);
                connections.add(c);
                Sub s = new Sub(new SequenceCheck("jnats subscriber " + i, pubs, perPub, size, !queue));
                Dispatcher d = c.createDispatcher(m -> {
                    byte[] data = m.getData();
                    s.check.accept(data, 0, data.length);
                    s.lastAt = System.nanoTime();
                    s.received = s.received + 1;
                });
                d.setPendingLimits(0, 0); // the window bounds what is pending; never drop silently
                if (queue) {
                    d.subscribe(subject, "bench-q");
                } else {
                    d.subscribe(subject);
                }
                c.flush(Duration.ofSeconds(10));
                subList.add(s);
            }
            for (int i = 0; i < pubs; i++) {
                Connection c = Jnats.connect(target, "jnats-pub-" + i);
                connections.add(c);
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
                        publish(pubList.get(id), id, subject, perPub, windowMsgs, pubList, subList, connections);
                    } catch (Exception e) {
                        problems.add("jnats publisher " + id + ": " + e);
                    }
                }, "jnats-pub-" + i);
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
            long expected = subs == 0 ? 0 : queue ? published : published * subs;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (problems.isEmpty() && delivered(subList) < expected && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000);
            }
            for (Sub s : subList) {
                end = Math.max(end, s.lastAt);
            }
            long delivered = delivered(subList);
            if (queue && subs > 0) {
                List<SequenceCheck> checks = new ArrayList<>();
                subList.forEach(s -> checks.add(s.check));
                problems.addAll(SequenceCheck.mergeQueueShares(checks));
            } else {
                for (Sub s : subList) {
                    problems.addAll(s.check.problems());
                }
            }
            double seconds = Math.max(1e-9, (end - t0) / 1e9);
            double headline = subs == 0 ? published : delivered;
            List<Metric> metrics = new ArrayList<>();
            metrics.add(Metric.throughput(headline / seconds));
            metrics.add(new Metric("MB/s", "MB/s", headline * size / seconds / 1e6, true));
            metrics.add(new Metric("published msg/s", "msg/s", published / seconds, true));
            return ScenarioResult.measured(metrics, null, new ArrayList<>(problems));
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    private static long delivered(List<Sub> subList) {
        long total = 0;
        for (Sub s : subList) {
            total += s.received;
        }
        return total;
    }

    private void publish(Pub me, int id, String subject, long count, long windowMsgs, List<Pub> pubList,
                         List<Sub> subList, List<Connection> connections) throws Exception {
        byte[] template = Payload.template(size, id);
        for (long seq = 0; seq < count; seq++) {
            if (!subList.isEmpty() && (seq & 63) == 0) {
                me.sent = seq;
                awaitWindow(windowMsgs, pubList, subList, connections);
            }
            byte[] data = template.clone();
            Payload.setSequence(data, 0, seq);
            me.connection.publish(subject, data);
        }
        me.sent = count;
        me.connection.flush(Duration.ofSeconds(120));
        me.doneAt = System.nanoTime();
    }

    private void awaitWindow(long windowMsgs, List<Pub> pubList, List<Sub> subList, List<Connection> connections) {
        long stallStart = System.nanoTime();
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
