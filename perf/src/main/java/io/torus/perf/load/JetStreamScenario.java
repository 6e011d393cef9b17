package io.torus.perf.load;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * JetStream through {@code io.nats:jnats}: publish (sync, one ack awaited per message; async, up to a window of
 * acks outstanding) and consume (pull with fetch batches and explicit acks; push with no acks) from a fresh
 * stream per run. When the server does not offer JetStream, the result says "not available" plainly, it does
 * not fail: Torus has no JetStream yet.
 */
public final class JetStreamScenario implements Scenario {
    public enum Mode { PUB_SYNC, PUB_ASYNC, FETCH, PUSH }

    private final String label;
    private final Mode mode;
    private final int size;
    private final long totalMsgs;
    private final int window;
    private final StorageType storage;

    public JetStreamScenario(String label, Mode mode, int size, long totalMsgs, int window, boolean fileStorage) {
        Payload.template(size, 0);
        this.label = label;
        this.mode = mode;
        this.size = size;
        this.totalMsgs = totalMsgs;
        this.window = window;
        this.storage = fileStorage ? StorageType.File : StorageType.Memory;
    }

    @Override
    public String name() {
        return label + "/" + Sizes.label(size);
    }

    @Override
    public boolean latency() {
        return false;
    }

    @Override
    public ScenarioResult run(Target target, double scale) throws Exception {
        long count = Math.max(1, Math.round(totalMsgs * scale));
        String stream = "BENCH_" + Long.toHexString(System.nanoTime()).toUpperCase();
        String subject = "bench.js." + stream;
        Connection c = Jnats.connect(target, "jnats-js");
        try {
            if (!c.getServerInfo().isJetStreamAvailable()) {
                return ScenarioResult.notAvailable("JetStream not available: server INFO says jetstream is off");
            }
            JetStreamManagement jsm;
            try {
                jsm = c.jetStreamManagement();
                jsm.addStream(StreamConfiguration.builder().name(stream).subjects(subject).storageType(storage).build());
            } catch (Exception e) {
                return ScenarioResult.notAvailable("JetStream not available: stream API did not answer (" + e + ")");
            }
            try {
                JetStream js = c.jetStream();
                switch (mode) {
                    case PUB_SYNC:
                        return publishSync(js, subject, count);
                    case PUB_ASYNC:
                        return publishAsync(js, subject, count);
                    case FETCH:
                        prefill(js, subject, count);
                        return fetch(js, stream, subject, count);
                    default:
                        prefill(js, subject, count);
                        return push(c, js, stream, subject, count);
                }
            } finally {
                try {
                    jsm.deleteStream(stream);
                } catch (Exception ignored) {
                    // the server is restarted between benchmark invocations anyway
                }
            }
        } finally {
            c.close();
        }
    }

    private ScenarioResult publishSync(JetStream js, String subject, long count) throws Exception {
        List<String> problems = new ArrayList<>();
        Histogram h = ScenarioResult.newLatencyHistogram();
        byte[] template = Payload.template(size, 0);
        long t0 = System.nanoTime();
        for (long seq = 0; seq < count; seq++) {
            byte[] data = template.clone();
            Payload.setSequence(data, 0, seq);
            long start = System.nanoTime();
            PublishAck ack = js.publish(subject, data);
            h.recordValue(System.nanoTime() - start);
            if (ack.getSeqno() != seq + 1) {
                problems.add("publish " + seq + " acknowledged as stream sequence " + ack.getSeqno());
                break;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Metric> metrics = new ArrayList<>();
        metrics.add(Metric.throughput(count / seconds));
        metrics.addAll(ScenarioResult.latencyMetrics(h));
        return ScenarioResult.measured(metrics, h, problems);
    }

    private ScenarioResult publishAsync(JetStream js, String subject, long count) throws Exception {
        List<String> problems = new ArrayList<>();
        byte[] template = Payload.template(size, 0);
        ArrayDeque<CompletableFuture<PublishAck>> inFlight = new ArrayDeque<>();
        long acked = 0;
        long t0 = System.nanoTime();
        for (long seq = 0; seq < count; seq++) {
            if (inFlight.size() >= window) {
                acked = checkAck(inFlight.poll(), acked, problems);
            }
            byte[] data = template.clone();
            Payload.setSequence(data, 0, seq);
            inFlight.add(js.publishAsync(subject, data));
        }
        while (!inFlight.isEmpty()) {
            acked = checkAck(inFlight.poll(), acked, problems);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return ScenarioResult.measured(List.of(Metric.throughput(count / seconds)), null,
                problems.size() > 5 ? problems.subList(0, 5) : problems);
    }

    private static long checkAck(CompletableFuture<PublishAck> f, long acked, List<String> problems) throws Exception {
        PublishAck ack = f.get(30, TimeUnit.SECONDS);
        if (ack.getSeqno() != acked + 1) {
            problems.add("async publish " + acked + " acknowledged as stream sequence " + ack.getSeqno());
        }
        return acked + 1;
    }

    /** Fills the stream before a consume run; not timed. */
    private void prefill(JetStream js, String subject, long count) throws Exception {
        byte[] template = Payload.template(size, 0);
        ArrayDeque<CompletableFuture<PublishAck>> inFlight = new ArrayDeque<>();
        for (long seq = 0; seq < count; seq++) {
            if (inFlight.size() >= 1000) {
                inFlight.poll().get(30, TimeUnit.SECONDS);
            }
            byte[] data = template.clone();
            Payload.setSequence(data, 0, seq);
            inFlight.add(js.publishAsync(subject, data));
        }
        while (!inFlight.isEmpty()) {
            inFlight.poll().get(30, TimeUnit.SECONDS);
        }
    }

    private ScenarioResult fetch(JetStream js, String stream, String subject, long count) throws Exception {
        SequenceCheck check = new SequenceCheck("pull consumer", 1, count, size, true);
        PullSubscribeOptions options = PullSubscribeOptions.builder().stream(stream).durable("bench-pull")
                .configuration(ConsumerConfiguration.builder().ackPolicy(AckPolicy.Explicit).build()).build();
        JetStreamSubscription sub = js.subscribe(subject, options);
        List<String> problems = new ArrayList<>();
        long t0 = System.nanoTime();
        long received = 0;
        while (received < count) {
            List<Message> batch = sub.fetch((int) Math.min(window, count - received), Duration.ofSeconds(5));
            if (batch.isEmpty()) {
                problems.add("fetch returned nothing after " + received + " of " + count + " messages");
                break;
            }
            for (Message m : batch) {
                byte[] d = m.getData();
                check.accept(d, 0, d.length);
                m.ack();
            }
            received += batch.size();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        problems.addAll(check.problems());
        sub.unsubscribe();
        return ScenarioResult.measured(List.of(Metric.throughput(received / seconds)), null, problems);
    }

    private ScenarioResult push(Connection c, JetStream js, String stream, String subject, long count) throws Exception {
        SequenceCheck check = new SequenceCheck("push consumer", 1, count, size, true);
        long[] received = new long[1];
        Dispatcher d = c.createDispatcher();
        d.setPendingLimits(0, 0);
        PushSubscribeOptions options = PushSubscribeOptions.builder().stream(stream)
                .configuration(ConsumerConfiguration.builder().ackPolicy(AckPolicy.None)
                        .deliverPolicy(DeliverPolicy.All).build()).build();
        long t0 = System.nanoTime();
        JetStreamSubscription sub = js.subscribe(subject, d, m -> {
            byte[] data = m.getData();
            synchronized (received) {
                check.accept(data, 0, data.length);
                received[0]++;
            }
        }, false, options);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long got;
        while (true) {
            synchronized (received) {
                got = received[0];
            }
            if (got >= count || System.nanoTime() > deadline) {
                break;
            }
            LockSupport.parkNanos(200_000);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> problems = new ArrayList<>();
        synchronized (received) {
            problems.addAll(check.problems());
        }
        d.unsubscribe(sub);
        return ScenarioResult.measured(List.of(Metric.throughput(got / seconds)), null, problems);
    }
}
