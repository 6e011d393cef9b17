package io.torus.perf.load;

/** One number a scenario measured; {@code higherIsBetter} decides whether a ratio above 1 means ahead or behind. */
public record Metric(String name, String unit, double value, boolean higherIsBetter) {
    public static Metric throughput(double msgsPerSecond) {
        return new Metric("msg/s", "msg/s", msgsPerSecond, true);
    }

    public static Metric latencyMicros(String percentile, double micros) {
        return new Metric(percentile, "us", micros, false);
    }
}
