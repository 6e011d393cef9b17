package io.torus.perf.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command-line options of the comparison runner; {@link #usage()} is what {@code scripts/bench --help} prints. */
public final class BenchOptions {
    public static final List<String> ALL_SCENARIOS = List.of("pub", "pubsub", "fanout", "queue", "nm", "pubsub-lat",
            "reqrep", "reqrep-rate", "jnats-pub", "jnats-pubsub", "jnats-fanout", "jnats-queue", "jnats-nm",
            "jnats-reqrep", "jnats-reqrep-rate", "js-pub-sync", "js-pub-async", "js-fetch", "js-push");

    public String aCmd = "scripts/torus-server";
    public String bCmd = "nats-server";
    public String aName = "Torus";
    public String bName = "Go";
    public List<String> aArgs = new ArrayList<>();
    public List<String> bArgs = new ArrayList<>();
    public String aTransport;
    public String aWaitStrategy;
    public boolean onlyA;
    public int rounds = 3;
    public int warmup = 1;
    public double warmupScale = 0.25;
    public double duration = 1.0;
    public double maxScale = 50;
    public List<String> scenarios = new ArrayList<>(ALL_SCENARIOS);
    public List<Integer> sizes = List.of(16, 256, 4096, 65536);
    public List<Integer> rrSizes = List.of(128);
    public long msgs = 200_000;
    public long maxBytes = 256L << 20;
    public long requests = 20_000;
    public List<Double> rates = List.of(10_000.0);
    public int clients = 1;
    public int pubs = 2;
    public int subs = 2;
    public int fanout = 4;
    public long windowBytes = 8L << 20;
    public long jsMsgs = 20_000;
    public int jsWindow = 256;
    public boolean jsFile = true;
    public boolean jetstream = true;
    public boolean profile;
    public String jfrSettings = "profile";
    public int startTimeout = 60;
    public int runTimeout = 300;
    public Path resultsDir;
    public Path repoRoot;
    public boolean help;

    public static String usage() {
        return String.join("\n",
                "scripts/bench [options]: run NATS scenarios against two servers alternately (A B A B ...) and compare.",
                "",
                "Servers (each started as: <cmd> -a 127.0.0.1 -p <free port> [args]):",
                "  --a-cmd CMD           server A command (default scripts/torus-server, relative to the repo root)",
                "  --b-cmd CMD           server B command (default nats-server)",
                "  --a-name / --b-name   labels in the table (default Torus / Go)",
                "  --a-args ARGS         extra arguments for A, space-separated (likewise --b-args)",
                "  --transport T         passed to A as --transport T (Torus only; recorded in the report)",
                "  --wait-strategy W     passed to A as --wait_strategy W (Torus only; recorded in the report)",
                "  --only-a              run server A alone (smoke runs); no ratios",
                "  --no-jetstream        do not pass -js -sd <dir> to the servers (JetStream scenarios then say n/a)",
                "  --start-timeout S     seconds to wait for a server to accept connections (default 60)",
                "  --run-timeout S       a run taking longer fails and ends the comparison (default 300)",
                "",
                "Runs:",
                "  --rounds N            measured runs per scenario and server, interleaved A B, B A, ... (default 3)",
                "  --warmup N            unrecorded warm-up runs per scenario and server (default 1)",
                "  --warmup-scale F      warm-up runs use this fraction of the counts (default 0.25)",
                "  --duration S          after warm-up, raise the counts so each measured run takes about S seconds on",
                "                        the slower server (same counts for both; never below the given counts;",
                "                        at most --max-scale times them, default 50); 0 = use the counts as given (default 1)",
                "  --scenarios LIST      comma-separated, default all:",
                "                        " + String.join(",", ALL_SCENARIOS.subList(0, 8)),
                "                        " + String.join(",", ALL_SCENARIOS.subList(8, 15)),
                "                        " + String.join(",", ALL_SCENARIOS.subList(15, ALL_SCENARIOS.size())),
                "  --sizes LIST          message sizes for pub/sub scenarios (default 16,256,4K,64K; 16 B .. 64 KB+)",
                "  --rr-sizes LIST       message sizes for request/reply and JetStream scenarios (default 128)",
                "  --msgs N              messages per pub/sub run, split over publishers (default 200000)",
                "  --max-bytes N         cap on payload bytes per pub/sub run; lowers --msgs for big sizes (default 256M)",
                "  --pubs N / --subs M   publishers for pub and N:M, subscribers for N:M (default 2 / 2)",
                "  --fanout K            subscribers for fan-out 1:K and queue group 1:K (default 4)",
                "  --window BYTES        how far publishers may run ahead of the slowest subscriber (default 8M)",
                "  --requests N          requests per request/reply run, messages per pubsub-lat run (default 20000)",
                "  --rate R[,R...]       offered load of reqrep-rate, jnats-reqrep-rate (requests/s over all requesters)",
                "                        and pubsub-lat (messages/s); several rates give latency versus load (default 10000)",
                "  --clients C           requesters (connections) in reqrep and reqrep-rate (default 1)",
                "  --js-msgs N           messages per JetStream run (default 20000)",
                "  --js-window N         async publish acks outstanding / pull fetch batch (default 256)",
                "  --js-storage S        file or memory (default file)",
                "",
                "Output:",
                "  --results DIR         where table.txt, runs.csv, index.html, histograms go",
                "                        (default perf/results/<timestamp>/)",
                "  --profile             record a Java Flight Recording of server A (env TORUS_JAVA_OPTS)",
                "  --jfr-settings S      JFR settings for --profile (default profile)",
                "  --help                this text",
                "",
                "Scenarios: pub = N publishers, no subscribers; pubsub = 1:1; fanout = 1:K; queue = 1:K queue group",
                "(each message once); nm = N:M; pubsub-lat = 1:1 one-way latency at a fixed rate; reqrep = closed-loop",
                "request/reply latency; reqrep-rate = request/reply at a fixed offered rate, latency from the due time",
                "(corrected for coordinated omission); jnats-* = the same through io.nats:jnats; js-* = JetStream",
                "publish (sync, async with window) and consume (pull fetch, push), \"not available\" without JetStream.",
                "Every run verifies count, per-publisher order and loss; a failed verification fails the run (exit 1).");
    }

    public static BenchOptions parse(String[] args) {
        BenchOptions o = new BenchOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                v = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--help": case "-h": o.help = true; break;
                case "--only-a": o.onlyA = true; break;
                case "--profile": o.profile = true; break;
                case "--no-jetstream": o.jetstream = false; break;
                default:
                    if (v == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("option " + a + " needs a value (see --help)");
                        }
                        v = args[++i];
                    }
                    o.set(a, v);
            }
        }
        if (o.rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1");
        }
        for (String s : o.scenarios) {
            if (!ALL_SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("unknown scenario '" + s + "'; known: " + ALL_SCENARIOS);
            }
        }
        return o;
    }

    private void set(String option, String v) {
        switch (option) {
            case "--a-cmd": aCmd = v; break;
            case "--b-cmd": bCmd = v; break;
            case "--a-name": aName = v; break;
            case "--b-name": bName = v; break;
            case "--a-args": aArgs = words(v); break;
            case "--b-args": bArgs = words(v); break;
            case "--transport": aTransport = v; break;
            case "--wait-strategy": case "--wait_strategy": aWaitStrategy = v; break;
            case "--start-timeout": startTimeout = Integer.parseInt(v); break;
            case "--run-timeout": runTimeout = Integer.parseInt(v); break;
            case "--rounds": rounds = Integer.parseInt(v); break;
            case "--warmup": warmup = Integer.parseInt(v); break;
            case "--warmup-scale": warmupScale = Double.parseDouble(v); break;
            case "--duration": duration = Double.parseDouble(v); break;
            case "--max-scale": maxScale = Double.parseDouble(v); break;
            case "--scenarios": scenarios = words(v.replace(',', ' ')); break;
            case "--sizes": sizes = sizes(v); break;
            case "--rr-sizes": rrSizes = sizes(v); break;
            case "--msgs": msgs = (long) Sizes.parse(v); break;
            case "--max-bytes": maxBytes = Sizes.parse(v); break;
            case "--pubs": pubs = Integer.parseInt(v); break;
            case "--subs": subs = Integer.parseInt(v); break;
            case "--fanout": fanout = Integer.parseInt(v); break;
            case "--window": windowBytes = Sizes.parse(v); break;
            case "--requests": requests = Sizes.parse(v); break;
            case "--rate": case "--rates": rates = rates(v); break;
            case "--clients": clients = Integer.parseInt(v); break;
            case "--js-msgs": jsMsgs = Sizes.parse(v); break;
            case "--js-window": jsWindow = Integer.parseInt(v); break;
            case "--js-storage": jsFile = !v.equalsIgnoreCase("memory"); break;
            case "--results": resultsDir = Path.of(v); break;
            case "--repo-root": repoRoot = Path.of(v); break;
            case "--jfr-settings": jfrSettings = v; break;
            default: throw new IllegalArgumentException("unknown option " + option + " (see --help)");
        }
    }

    private static List<String> words(String v) {
        List<String> out = new ArrayList<>();
        for (String w : v.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    private static List<Double> rates(String v) {
        List<Double> out = new ArrayList<>();
        Arrays.stream(v.split(",")).filter(s -> !s.isBlank()).forEach(s -> out.add(Double.parseDouble(s.trim())));
        return out;
    }

    private static List<Integer> sizes(String v) {
        List<Integer> out = new ArrayList<>();
        Arrays.stream(v.split(",")).filter(s -> !s.isBlank()).forEach(s -> out.add(Sizes.parse(s)));
        return out;
    }
}
