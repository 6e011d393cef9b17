package io.torus.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torus.perf.load.BenchOptions;
import io.torus.perf.load.ComparisonRunner;
import io.torus.perf.load.RunRecord;
import io.torus.perf.load.ScenarioCatalog;
import io.torus.perf.load.ScenarioResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the comparison runner from rotting: runs it end to end with tiny counts against one server, one round,
 * every scenario. Not a benchmark; no number is asserted. The server is {@code -Dtorus.bench.server} (default
 * {@code <repo>/scripts/torus-server}); run {@code -Dtorus.bench.server=nats-server} to check against the Go
 * server. A server that cannot be started fails the test: skipping would hide exactly the rot this guards against.
 */
class BenchSmokeTest {

    @Test
    void runnerProducesTableAndReportWithEveryRunVerified(@TempDir Path results) throws Exception {
        Path root = repoRoot();
        String server = System.getProperty("torus.bench.server", root.resolve("scripts/torus-server").toString());
        BenchOptions o = BenchOptions.parse(new String[] {
            "--a-cmd", server, "--a-name", "Torus", "--only-a", "--rounds", "1", "--warmup", "0",
            "--msgs", "3000", "--sizes", "16,64K", "--rr-sizes", "128", "--requests", "300", "--rate", "2000",
            "--js-msgs", "300", "--js-window", "64", "--results", results.toString(), "--repo-root", root.toString()});

        ComparisonRunner.Outcome out = ComparisonRunner.run(o);

        assertTrue(out.verified(), "verification failed:\n" + out.table());
        long expectedRuns = BenchOptions.ALL_SCENARIOS.stream()
                .mapToLong(s -> ScenarioCatalog.perMessageSize(s) ? 2 : 1).sum();
        assertEquals(expectedRuns, out.records().size(), "one run per scenario and size");
        for (RunRecord r : out.records()) {
            assertNotEquals(ScenarioResult.Status.FAILED, r.result().status(), r.scenario() + ": " + r.result().problems());
            assertTrue(r.scenario().startsWith("js-") || r.result().status() == ScenarioResult.Status.OK,
                    r.scenario() + " must run on any NATS server: " + r.result().problems());
        }
        String table = Files.readString(results.resolve("table.txt"));
        for (String s : new String[] {"pub-2:0/16B", "pubsub-1:1/64KB", "fanout-1:4/16B", "queue-1:4/16B",
            "nm-2:2/16B", "pubsub-lat-2000/s/128B", "reqrep-closed-c1/128B", "reqrep-rate-2000/s-c1/128B", "jnats-pubsub-1:1/16B", "jnats-queue-1:4/64KB", "jnats-nm-2:2/16B", "jnats-pub-2:0/16B",
            "jnats-fanout-1:4/16B",
            "jnats-reqrep-closed/128B", "js-pub-sync/128B", "js-push/128B"}) {
            assertTrue(table.contains(s), "table lacks " + s + ":\n" + table);
        }
        String html = Files.readString(results.resolve("index.html"));
        assertTrue(html.contains("<svg") && html.contains("Latency percentiles") && html.contains("Throughput"),
                "report lacks its charts");
        assertTrue(Files.exists(results.resolve("runs.csv")) && Files.exists(results.resolve("environment.txt")));
        try (var hgrm = Files.list(results.resolve("histograms"))) {
            assertTrue(hgrm.anyMatch(p -> p.toString().endsWith(".hgrm")), "no raw histograms written");
        }
    }

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.exists(p.resolve("perf/pom.xml"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
    }
}
