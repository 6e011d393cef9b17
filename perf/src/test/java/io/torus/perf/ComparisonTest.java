package io.torus.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torus.perf.load.Metric;
import io.torus.perf.load.RunRecord;
import io.torus.perf.load.ScenarioResult;
import io.torus.perf.report.Comparison;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Medians, ratios and the verdict's direction: a latency ratio below 1 is ahead, a throughput ratio below 1 behind. */
class ComparisonTest {

    private static RunRecord run(String server, int round, Metric m) {
        return new RunRecord("s", false, server, round, ScenarioResult.measured(List.of(m), null, List.of()), 1);
    }

    private static Comparison.Row row(boolean higherIsBetter, double[] a, double[] b) {
        List<RunRecord> records = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            records.add(run("A", i, new Metric("m", "u", a[i], higherIsBetter)));
            records.add(run("B", i, new Metric("m", "u", b[i], higherIsBetter)));
        }
        return new Comparison("A", "B", records).rows(false).get(0);
    }

    @Test
    void medianAndRatio() {
        Comparison.Row r = row(true, new double[] {100, 300, 200}, new double[] {100, 100, 100});
        assertEquals(200, r.medianA());
        assertEquals(2.0, r.ratio(), 1e-9);
    }

    @Test
    void verdictFollowsDirectionAndNoise() {
        assertEquals("ahead", row(true, new double[] {200, 201, 202}, new double[] {100, 101, 102}).verdict());
        assertEquals("behind", row(false, new double[] {200, 201, 202}, new double[] {100, 101, 102}).verdict());
        assertEquals("ahead", row(false, new double[] {50, 51, 52}, new double[] {100, 101, 102}).verdict());
        // 20 % apart but each side spreads 100 %: noise, not a result.
        assertEquals("even", row(true, new double[] {60, 120, 180}, new double[] {50, 100, 150}).verdict());
    }
}
