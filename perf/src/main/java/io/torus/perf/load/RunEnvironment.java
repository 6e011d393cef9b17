package io.torus.perf.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a run ran on, recorded next to its numbers: without it a ratio cannot be compared to a later one. */
public final class RunEnvironment {
    private RunEnvironment() {
    }

    public static Map<String, String> describe(BenchOptions o, ServerProcess a, ServerProcess b, String profileOpts) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("date (UTC)", java.time.Instant.now().toString());
        env.put("CPUs", Runtime.getRuntime().availableProcessors() + " (" + cpuModel() + ")");
        env.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        env.put("load generator JDK", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.runtime.version"));
        env.put("JAVA_HOME given to servers", System.getenv().getOrDefault("JAVA_HOME", "(unset)"));
        describeServer(env, "A", a, o.aTransport, o.aWaitStrategy);
        if (b != null) {
            describeServer(env, "B", b, null, null);
        }
        env.put("rounds / warm-up", o.rounds + " interleaved / " + o.warmup + " at " + o.warmupScale + " of the counts");
        env.put("counts", "msgs " + o.msgs + " (max " + o.maxBytes / 1048576 + " MB per run), window "
                + o.windowBytes / 1024 + " KB, requests " + o.requests + ", rates " + o.rates + "/s, clients "
                + o.clients + ", pubs " + o.pubs + ", subs " + o.subs + ", fanout " + o.fanout + ", js msgs "
                + o.jsMsgs + " (" + (o.jsFile ? "file" : "memory") + " storage, window " + o.jsWindow + ")");
        if (profileOpts != null) {
            env.put("profiling", "TORUS_JAVA_OPTS=" + profileOpts);
        }
        return env;
    }

    private static void describeServer(Map<String, String> env, String side, ServerProcess s, String transport,
                                       String wait) {
        String p = side + " " + s.label();
        env.put(p + " command", s.commandLine());
        env.put(p + " version", "server " + s.infoField("version") + ", built with " + s.infoField("go")
                + versionOutput(s.commandLine()));
        if (transport != null || wait != null || side.equals("A")) {
            env.put(p + " transport / wait strategy", (transport == null ? "launcher default" : transport) + " / "
                    + (wait == null ? "launcher default" : wait));
        }
        // The JVM behind a launcher (if any): which java and with which flags the server really ran.
        s.processTree().stream()
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst()
                .ifPresent(h -> env.put(p + " JVM", h.info().command().orElse("?") + " "
                        + String.join(" ", h.info().arguments().orElse(new String[0]))));
        env.put(p + " INFO", s.info());
    }

    /** {@code <exe> --version}, which the Go server answers with e.g. "nats-server: v2.9.10". */
    private static String versionOutput(String commandLine) {
        String exe = commandLine.split("\\s+")[0];
        if (!exe.endsWith("nats-server")) {
            return "";
        }
        try {
            Process p = new ProcessBuilder(List.of(exe, "--version")).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return " (" + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim() + ")";
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown model";
    }
}
