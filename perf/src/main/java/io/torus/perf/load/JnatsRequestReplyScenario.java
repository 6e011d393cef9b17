package io.torus.perf.load;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop request/reply through {@code io.nats:jnats}: {@code connection.request(...)} against a Dispatcher
 * that echoes the payload, i.e. what a Java service call costs an application, inbox handling included.
 */
public final class JnatsRequestReplyScenario implements Scenario {
    private final String label;
    private final int size;
    private final long totalRequests;

    public JnatsRequestReplyScenario(String label, int size, long totalRequests) {
        Payload.template(size, 0);
        this.label = label;
        this.size = size;
        this.totalRequests = totalRequests;
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
            byte[] template = Payload.template(size, 0);
            long t0 = System.nanoTime();
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
            double seconds = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
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
}
