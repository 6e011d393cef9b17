package io.torus.perf.load;

import io.torus.perf.report.Comparison;
import io.torus.perf.report.HistogramText;
import io.torus.perf.report.HtmlReport;
import io.torus.perf.report.ResultTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Starts server A (Torus) and server B (the Go nats-server) on free loopback ports, runs every scenario against
 * both alternately (A B A B ...) so that drift of the shared machine hits both alike, and writes the comparison:
 * table.txt (also printed), runs.csv, environment.txt, index.html and the raw histograms.
 *
 * <p>Exit status: 0 when every run verified, 1 when any run failed verification or a server died, 2 on bad options.
 */
public final class ComparisonRunner {

    /** What a run produced; the smoke test checks it. */
    public record Outcome(Path resultsDir, boolean verified, String table, List<RunRecord> records) {
    }

    private ComparisonRunner() {
    }

    public static void main(String[] args) {
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (o.help) {
            System.out.println(BenchOptions.usage());
            return;
        }
        try {
            Outcome out = run(o);
            System.exit(out.verified() ? 0 : 1);
        } catch (Exception e) {
            System.err.println("bench: FAILED: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
    }

    public static Outcome run(BenchOptions o) throws Exception {
        Path root = o.repoRoot != null ? o.repoRoot : findRepoRoot();
        Path dir = o.resultsDir != null ? o.resultsDir : root.resolve("perf/results")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        if (o.resultsDir == null && !Files.exists(dir.getParent().resolve(".gitignore"))) {
            // Results are machine-specific and large: keep them out of git without touching the root .gitignore.
            Files.writeString(dir.getParent().resolve(".gitignore"), "*\n");
        }
        List<Scenario> scenarios = ScenarioCatalog.build(o);
        System.out.println("bench: results in " + dir.toAbsolutePath());

        Map<String, String> aEnv = new HashMap<>();
        String profileOpts = null;
        Path jfr = dir.resolve("torus.jfr").toAbsolutePath();
        FlightRecording recording = o.profile ? new FlightRecording(jfr, o.jfrSettings) : null;
        if (recording != null) {
            profileOpts = recording.javaOptions();
            aEnv.put("TORUS_JAVA_OPTS", profileOpts);
        }
        List<String> aArgs = new ArrayList<>(o.aArgs);
        List<String> bArgs = new ArrayList<>(o.bArgs);
        List<String> aJs = o.jetstream
                ? List.of("-js", "-sd", dir.resolve("store-a").toAbsolutePath().toString()) : List.of();
        List<String> bJs = o.jetstream
                ? List.of("-js", "-sd", dir.resolve("store-b").toAbsolutePath().toString()) : List.of();
        if (o.aTransport != null) {
            aArgs.addAll(List.of("--transport", o.aTransport));
        }
        if (o.aWaitStrategy != null) {
            aArgs.addAll(List.of("--wait_strategy", o.aWaitStrategy));
        }
        String bName = o.onlyA ? null : (o.bName.equals(o.aName) ? o.bName + "'" : o.bName);

        List<RunRecord> records = new ArrayList<>();
        boolean verified = true;
        long idleA;
        long idleB = -1;
        Map<String, String> environment;
        try (ServerProcess a = startWithJetStreamIfAccepted(o.aName, o.aCmd, aArgs, aJs, aEnv, root, dir, o.startTimeout);
             ServerProcess b = o.onlyA ? null
                     : startWithJetStreamIfAccepted(bName, o.bCmd, bArgs, bJs, Map.of(), root, dir, o.startTimeout)) {
            environment = RunEnvironment.describe(o, a, b, profileOpts);
            if (recording != null) {
                String how = recording.attach(a);
                System.out.println("bench: --profile: " + how);
                environment.put("profiling", how + "; " + jfr);
            }
            System.out.println("bench: A = " + a + ", port " + a.target().port());
            if (b != null) {
                System.out.println("bench: B = " + b + ", port " + b.target().port());
            }
            Thread.sleep(500); // let both settle before the idle memory reading
            idleA = a.rssBytes();
            idleB = b == null ? -1 : b.rssBytes();
            List<ServerProcess> servers = b == null ? List.of(a) : List.of(a, b);
            int n = 0;
            outer:
            for (Scenario s : scenarios) {
                n++;
                double scale = 1.0;
                for (int w = 0; w < o.warmup; w++) {
                    long slowest = 0;
                    for (ServerProcess sp : servers) {
                        long t = System.nanoTime();
                        ScenarioResult r = runOne(s, sp, o.warmupScale, o.runTimeout);
                        slowest = Math.max(slowest, System.nanoTime() - t);
                        if (r.status() == ScenarioResult.Status.FAILED) {
                            report(n, scenarios.size(), s, sp, "warm-up", r, sp.rssBytes());
                            verified = false;
                            if (timedOut(r) || !sp.alive()) {
                                System.out.println("bench: FAILED: " + sp + " is unusable; stopping here");
                                break outer;
                            }
                        }
                    }
                    if (o.duration > 0 && w == o.warmup - 1) {
                        scale = calibrate(o, slowest);
                        System.out.printf(Locale.ROOT, "[%d/%d] %-34s counts x%.1f for about %.1f s per run%n", n,
                                scenarios.size(), s.name(), scale, o.duration);
                    }
                }
                for (int round = 1; round <= o.rounds; round++) {
                    // A B, then B A, ...: whatever the position costs (the other server's leftovers in caches and
                    // GC, the load generator's own state) falls on both sides equally.
                    List<ServerProcess> order = new ArrayList<>(servers);
                    if (round % 2 == 0) {
                        java.util.Collections.reverse(order);
                    }
                    for (ServerProcess sp : order) {
                        long cpu0 = sp.cpuNanos();
                        ScenarioResult r = runOne(s, sp, scale, o.runTimeout);
                        long cpu1 = sp.cpuNanos();
                        if (r.status() == ScenarioResult.Status.OK && cpu0 >= 0 && cpu1 >= cpu0) {
                            r = r.with(new Metric(SERVER_CPU, "ms", (cpu1 - cpu0) / 1e6, false));
                        }
                        long rss = sp.rssBytes();
                        records.add(new RunRecord(s.name(), s.latency(), sp.label(), round, r, rss));
                        report(n, scenarios.size(), s, sp, "round " + round, r, rss);
                        if (r.status() == ScenarioResult.Status.FAILED) {
                            verified = false;
                        }
                        if (timedOut(r)) {
                            System.out.println("bench: FAILED: " + sp + " did not finish a run; stopping here");
                            break outer;
                        }
                        if (!sp.alive()) {
                            System.out.println("bench: FAILED: server " + sp + " died; log " + sp.log());
                            verified = false;
                            break outer;
                        }
                    }
                }
            }
            if (recording != null) {
                recording.beforeStop();
            }
        }
        if (o.profile) {
            System.out.println(Files.exists(jfr)
                    ? "bench: flight recording of " + o.aName + ": " + jfr
                    : "bench: --profile: no flight recording at " + jfr + " (A must be a JVM; its launcher should pass "
                    + "$TORUS_JAVA_OPTS to java and exec it so that SIGTERM reaches the JVM)");
        }
        Outcome out = write(o, dir, bName, records, environment, idleA, idleB, verified);
        System.out.println();
        System.out.print(out.table());
        System.out.println();
        System.out.println(verified ? "bench: all runs verified" : "bench: FAILED: some runs did not verify (see above)");
        System.out.println("bench: report " + dir.resolve("index.html").toAbsolutePath());
        return out;
    }

    /**
     * Scale for the measured runs so that each lasts about --duration on the slower server, judged by the last
     * warm-up: counts fixed in advance give 10 ms runs for small messages (all noise) and minutes for large ones.
     * Never below the given counts, and both servers get the same count, so their work is identical.
     */
    static double calibrate(BenchOptions o, long warmupNanos) {
        double seconds = Math.max(1e-3, warmupNanos / 1e9);
        double scale = o.warmupScale * o.duration / seconds;
        return Math.max(1.0, Math.min(o.maxScale, scale));
    }

    /**
     * One run under a watchdog: blocking socket writes have no timeout, so a wedged server would otherwise hang
     * the whole comparison. A run that times out fails, and the caller stops there (the server is unusable).
     */
    /**
     * Starts a server with the JetStream flags; a server that refuses them (Torus does until it has JetStream) is
     * started again without, and its JetStream scenarios then report "not available" from its INFO.
     */
    private static ServerProcess startWithJetStreamIfAccepted(String name, String cmd, List<String> args,
            List<String> jsArgs, Map<String, String> env, Path root, Path dir, int startTimeout) throws IOException {
        if (jsArgs.isEmpty()) {
            return ServerProcess.start(name, cmd, args, env, root, dir, startTimeout);
        }
        List<String> withJs = new ArrayList<>(args);
        withJs.addAll(jsArgs);
        try {
            return ServerProcess.start(name, cmd, withJs, env, root, dir, startTimeout);
        } catch (IOException e) {
            System.out.println("bench: " + name + " did not start with " + String.join(" ", jsArgs)
                    + "; starting it without JetStream");
            return ServerProcess.start(name, cmd, args, env, root, dir, startTimeout);
        }
    }

    private static ScenarioResult runOne(Scenario s, ServerProcess server, double scale, int timeoutSeconds) {
        java.util.concurrent.FutureTask<ScenarioResult> task =
                new java.util.concurrent.FutureTask<>(() -> s.run(server.target(), scale));
        Thread t = new Thread(task, "scenario-" + s.name());
        t.setDaemon(true);
        t.start();
        try {
            return task.get(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return ScenarioResult.failed(TIMED_OUT + " after " + timeoutSeconds + " s (server wedged?)");
        } catch (java.util.concurrent.ExecutionException e) {
            return ScenarioResult.failed(e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ScenarioResult.failed("interrupted");
        }
    }

    private static final String TIMED_OUT = "run timed out";

    /** Server CPU time per run; both servers get the same counts, so lower means more efficient. */
    public static final String SERVER_CPU = "server CPU ms";

    private static boolean timedOut(ScenarioResult r) {
        return r.status() == ScenarioResult.Status.FAILED && !r.problems().isEmpty()
                && r.problems().get(0).startsWith(TIMED_OUT);
    }

    private static void report(int n, int total, Scenario s, ServerProcess sp, String what, ScenarioResult r, long rss) {
        String headline = "";
        if (!r.metrics().isEmpty()) {
            Metric m = r.metrics().get(0);
            headline = ResultTable.format(m.value()) + " " + m.unit() + " (" + m.name() + ")";
        }
        System.out.printf(Locale.ROOT, "[%d/%d] %-34s %-8s %-8s %-14s %s RSS %d MB%n", n, total, s.name(), sp.label(),
                what, r.status(), headline, rss >> 20);
        if (r.status() == ScenarioResult.Status.FAILED) {
            for (String p : r.problems()) {
                System.out.println("    VERIFICATION FAILED: " + p);
            }
        } else if (r.status() == ScenarioResult.Status.NOT_AVAILABLE) {
            System.out.println("    " + String.join("; ", r.problems()));
        }
    }

    private static Outcome write(BenchOptions o, Path dir, String bName, List<RunRecord> records,
                                 Map<String, String> environment, long idleA, long idleB, boolean verified)
            throws IOException {
        Comparison c = new Comparison(o.aName, bName, records);
        // A few lines of context above the table, so that a pasted table still says what it ran on.
        StringBuilder head = new StringBuilder();
        for (Map.Entry<String, String> e : environment.entrySet()) {
            String k = e.getKey();
            if (k.equals("CPUs") || k.equals("load generator JDK") || k.endsWith(" command") || k.endsWith(" version")
                    || k.endsWith(" transport / wait strategy") || k.equals("rounds / warm-up")) {
                head.append(k).append(": ").append(e.getValue()).append('\n');
            }
        }
        head.append("medians of interleaved rounds; ratio = A/B; \"even\" = within the noise (spread, at least 5 %, or overlapping rounds)\n\n");
        String table = head + ResultTable.render(c, idleA, idleB);
        Files.writeString(dir.resolve("table.txt"), table);

        StringBuilder env = new StringBuilder();
        environment.forEach((k, v) -> env.append(k).append(": ").append(v).append('\n'));
        Files.writeString(dir.resolve("environment.txt"), env);

        StringBuilder csv = new StringBuilder("scenario,server,round,status,metric,unit,value,rss_bytes\n");
        for (RunRecord r : records) {
            if (r.result().metrics().isEmpty()) {
                csv.append(String.format(Locale.ROOT, "%s,%s,%d,%s,,,,%d%n", r.scenario(), r.server(), r.round(),
                        r.result().status(), r.rssAfterBytes()));
            }
            for (Metric m : r.result().metrics()) {
                csv.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%s,%.3f,%d%n", r.scenario(), r.server(),
                        r.round(), r.result().status(), m.name(), m.unit(), m.value(), r.rssAfterBytes()));
            }
        }
        Files.writeString(dir.resolve("runs.csv"), csv);

        // Latency histograms of all measured rounds merged per scenario and server, as .hgrm files and in the page.
        Map<String, Map<String, Histogram>> histograms = new LinkedHashMap<>();
        for (RunRecord r : records) {
            Histogram h = r.result().latencyNanos();
            if (h == null || r.result().status() != ScenarioResult.Status.OK) {
                continue;
            }
            histograms.computeIfAbsent(r.scenario(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.server(), k -> ScenarioResult.newLatencyHistogram()).add(h);
        }
        Map<String, Map<String, String>> files = new LinkedHashMap<>();
        Path hdir = dir.resolve("histograms");
        Files.createDirectories(hdir);
        for (Map.Entry<String, Map<String, Histogram>> e : histograms.entrySet()) {
            for (Map.Entry<String, Histogram> s : e.getValue().entrySet()) {
                String name = (e.getKey() + "-" + s.getKey()).replaceAll("[^A-Za-z0-9._-]+", "_") + ".hgrm";
                Files.writeString(hdir.resolve(name), HistogramText.percentiles(s.getValue()));
                files.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).put(s.getKey(), "histograms/" + name);
            }
        }
        Files.writeString(dir.resolve("index.html"),
                HtmlReport.render(c, environment, idleA, idleB, histograms, files));
        return new Outcome(dir, verified, table, records);
    }

    /** The repository root: -Dtorus.repo.root (scripts/bench sets it), else the nearest parent with perf/pom.xml. */
    static Path findRepoRoot() {
        String prop = System.getProperty("torus.repo.root");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.exists(p.resolve("perf/pom.xml")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
            p = p.getParent();
        }
        return Path.of("").toAbsolutePath();
    }
}
