package io.torus.perf.load;

/**
 * One benchmark case: a workload with a fixed message size and counts, run once per call against a server.
 * Implementations verify everything they receive and report problems in the result, never just print them.
 */
public interface Scenario {
    /** Stable identifier used in tables, file names and the report, e.g. {@code fanout-1:4/128B}. */
    String name();

    /** The headline is a latency (lower is better) rather than a throughput. */
    boolean latency();

    /** Runs once; {@code scale} in (0, 1] shrinks the counts for warm-up runs. */
    ScenarioResult run(Target target, double scale) throws Exception;
}
