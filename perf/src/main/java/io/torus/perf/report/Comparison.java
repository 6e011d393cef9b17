package io.torus.perf.report;

import io.torus.perf.load.Metric;
import io.torus.perf.load.RunRecord;
import io.torus.perf.load.ScenarioResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Medians across the interleaved rounds, per scenario, metric and server, and the A/B ratio. We quote medians
 * and ratios only: a single absolute number on a shared 2-core machine says more about the neighbours than
 * about the server. The spread (max - min) / median of each side tells how much noise there was; a difference
 * smaller than the noise (and never less than 5 %) is reported as "even".
 */
public final class Comparison {
    /** A row of the comparison: one metric of one scenario. Missing sides are NaN. */
    public record Row(String scenario, boolean latencyScenario, Metric metric, double medianA, double medianB,
                      double spreadA, double spreadB, List<Double> valuesA, List<Double> valuesB,
                      String statusA, String statusB, long rssA, long rssB) {
        public double ratio() {
            return medianA / medianB;
        }

        private boolean overlap() {
            double minA = java.util.Collections.min(valuesA);
            double maxA = java.util.Collections.max(valuesA);
            double minB = java.util.Collections.min(valuesB);
            double maxB = java.util.Collections.max(valuesB);
            return minA <= maxB && minB <= maxA;
        }

        /** ahead / behind / even for A, accounting for whether higher is better and for the noise. */
        public String verdict() {
            if (Double.isNaN(medianA) || Double.isNaN(medianB) || medianB == 0) {
                return "";
            }
            if (valuesA.size() < 2 || valuesB.size() < 2) {
                return "1 run?"; // one run per side has no noise estimate: no verdict worth quoting
            }
            double noise = Math.max(0.05, Math.max(nanToZero(spreadA), nanToZero(spreadB)));
            double r = ratio();
            double better = metric.higherIsBetter() ? r - 1 : 1 / r - 1;
            // Also every round of one side must beat every round of the other: with 3 rounds on a shared machine
            // the spread alone still lets about one row in ten claim a difference between identical servers.
            if (Math.abs(better) <= noise || overlap()) {
                return "even";
            }
            return better > 0 ? "ahead" : "behind";
        }
    }

    private final String a;
    private final String b;
    private final List<RunRecord> records;

    public Comparison(String a, String b, List<RunRecord> records) {
        this.a = a;
        this.b = b;
        this.records = records;
    }

    public String a() {
        return a;
    }

    public String b() {
        return b;
    }

    public List<RunRecord> records() {
        return records;
    }

    public List<String> scenarios() {
        Set<String> s = new LinkedHashSet<>();
        records.forEach(r -> s.add(r.scenario()));
        return new ArrayList<>(s);
    }

    public List<RunRecord> runs(String scenario, String server) {
        List<RunRecord> out = new ArrayList<>();
        for (RunRecord r : records) {
            if (r.scenario().equals(scenario) && r.server().equals(server)) {
                out.add(r);
            }
        }
        return out;
    }

    /** All metric rows, or only the headline ones (first metric; p50/p99/p99.9 and rate for latency scenarios). */
    public List<Row> rows(boolean headlineOnly) {
        List<Row> rows = new ArrayList<>();
        for (String scenario : scenarios()) {
            List<RunRecord> ra = runs(scenario, a);
            List<RunRecord> rb = b == null ? List.of() : runs(scenario, b);
            boolean latency = !ra.isEmpty() ? ra.get(0).latency() : rb.get(0).latency();
            Map<String, Metric> names = new LinkedHashMap<>();
            for (RunRecord r : concat(ra, rb)) {
                if (r.result().status() == ScenarioResult.Status.OK) {
                    r.result().metrics().forEach(m -> names.putIfAbsent(m.name(), m));
                }
            }
            if (names.isEmpty()) {
                rows.add(new Row(scenario, latency, new Metric("-", "", Double.NaN, true), Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, List.of(), List.of(), status(ra), status(rb), maxRss(ra), maxRss(rb)));
                continue;
            }
            int i = 0;
            for (Metric m : names.values()) {
                boolean headline = (latency ? List.of("p50", "p99", "p99.9", "req/s", "msg/s").contains(m.name()) : i == 0)
                        || m.name().equals(io.torus.perf.load.ComparisonRunner.SERVER_CPU);
                i++;
                if (headlineOnly && !headline) {
                    continue;
                }
                List<Double> va = values(ra, m.name());
                List<Double> vb = values(rb, m.name());
                rows.add(new Row(scenario, latency, m, median(va), median(vb), spread(va), spread(vb), va, vb,
                        status(ra), status(rb), maxRss(ra), maxRss(rb)));
            }
        }
        return rows;
    }

    private static List<RunRecord> concat(List<RunRecord> x, List<RunRecord> y) {
        List<RunRecord> out = new ArrayList<>(x);
        out.addAll(y);
        return out;
    }

    private static String status(List<RunRecord> runs) {
        if (runs.isEmpty()) {
            return "-";
        }
        for (RunRecord r : runs) {
            if (r.result().status() == ScenarioResult.Status.FAILED) {
                return "FAILED";
            }
        }
        for (RunRecord r : runs) {
            if (r.result().status() == ScenarioResult.Status.NOT_AVAILABLE) {
                return "n/a";
            }
        }
        return "ok";
    }

    private static long maxRss(List<RunRecord> runs) {
        long max = -1;
        for (RunRecord r : runs) {
            max = Math.max(max, r.rssAfterBytes());
        }
        return max;
    }

    private static List<Double> values(List<RunRecord> runs, String metric) {
        List<Double> out = new ArrayList<>();
        for (RunRecord r : runs) {
            if (r.result().status() != ScenarioResult.Status.OK) {
                continue;
            }
            for (Metric m : r.result().metrics()) {
                if (m.name().equals(metric)) {
                    out.add(m.value());
                }
            }
        }
        return out;
    }

    public static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static double spread(List<Double> v) {
        if (v.size() < 2) {
            return Double.NaN;
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double d : v) {
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        double med = median(v);
        return med == 0 ? Double.NaN : (max - min) / med;
    }

    private static double nanToZero(double d) {
        return Double.isNaN(d) ? 0 : d;
    }
}
