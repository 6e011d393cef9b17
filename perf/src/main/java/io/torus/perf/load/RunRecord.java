package io.torus.perf.load;

/** One measured run: which scenario on which server in which round, what it measured, and memory right after. */
public record RunRecord(String scenario, boolean latency, String server, int round, ScenarioResult result,
                        long rssAfterBytes) {
}
