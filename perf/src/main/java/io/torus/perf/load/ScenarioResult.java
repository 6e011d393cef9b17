package io.torus.perf.load;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one run of one scenario against one server: its metrics (the first is the headline number),
 * an optional latency histogram in nanoseconds, and what verification found. A run is either measured,
 * failed (verification or connection problems; the numbers then mean nothing) or not available (e.g. JetStream).
 */
public final class ScenarioResult {
    public enum Status { OK, FAILED, NOT_AVAILABLE }

    private final Status status;
    private final List<Metric> metrics;
    private final Histogram latencyNanos;
    private final List<String> problems;

    private ScenarioResult(Status status, List<Metric> metrics, Histogram latencyNanos, List<String> problems) {
        this.status = status;
        this.metrics = metrics;
        this.latencyNanos = latencyNanos;
        this.problems = problems;
    }

    /** Measured: OK if {@code problems} is empty, FAILED otherwise. */
    public static ScenarioResult measured(List<Metric> metrics, Histogram latencyNanos, List<String> problems) {
        return new ScenarioResult(problems.isEmpty() ? Status.OK : Status.FAILED, metrics, latencyNanos,
                new ArrayList<>(problems));
    }

    public static ScenarioResult failed(String problem) {
        return new ScenarioResult(Status.FAILED, List.of(), null, List.of(problem));
    }

    public static ScenarioResult notAvailable(String why) {
        return new ScenarioResult(Status.NOT_AVAILABLE, List.of(), null, List.of(why));
    }

    /** This result with one more metric (the runner adds what it measures from outside, e.g. server CPU). */
    public ScenarioResult with(Metric extra) {
        List<Metric> m = new ArrayList<>(metrics);
        m.add(extra);
        return new ScenarioResult(status, m, latencyNanos, problems);
    }

    public Status status() {
        return status;
    }

    public List<Metric> metrics() {
        return metrics;
    }

    public Histogram latencyNanos() {
        return latencyNanos;
    }

    public List<String> problems() {
        return problems;
    }

    /** Adds the standard percentile set in microseconds, as HdrHistogram reports them. */
    public static List<Metric> latencyMetrics(Histogram h) {
        List<Metric> m = new ArrayList<>();
        m.add(Metric.latencyMicros("p50", h.getValueAtPercentile(50) / 1000.0));
        m.add(Metric.latencyMicros("p90", h.getValueAtPercentile(90) / 1000.0));
        m.add(Metric.latencyMicros("p99", h.getValueAtPercentile(99) / 1000.0));
        m.add(Metric.latencyMicros("p99.9", h.getValueAtPercentile(99.9) / 1000.0));
        m.add(Metric.latencyMicros("p99.99", h.getValueAtPercentile(99.99) / 1000.0));
        m.add(Metric.latencyMicros("max", h.getMaxValue() / 1000.0));
        return m;
    }

    public static Histogram newLatencyHistogram() {
        // 1 ns .. 1 hour at 3 significant digits: no clipping of outliers, which are exactly what we look for.
        return new Histogram(3_600_000_000_000L, 3);
    }
}
