package io.torus.perf.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A NATS server started by the runner: {@code <command> -a 127.0.0.1 -p <free port> [extra args]}, output to a
 * log file, considered up once a client completes the handshake. Memory is the resident set of the process and
 * all its descendants, so a launcher script that forks a JVM (instead of exec'ing it) is still measured right.
 */
public final class ServerProcess implements AutoCloseable {
    private final String label;
    private final String command;
    private final Process process;
    private final int port;
    private final Path log;
    private final String info;

    private ServerProcess(String label, String command, Process process, int port, Path log, String info) {
        this.label = label;
        this.command = command;
        this.process = process;
        this.port = port;
        this.log = log;
        this.info = info;
    }

    /**
     * Starts the server and waits up to {@code startTimeoutSeconds} for it to accept a NATS connection; throws
     * with the tail of its log if it exits or does not come up.
     */
    public static ServerProcess start(String label, String command, List<String> extraArgs, Map<String, String> env,
                                      Path repoRoot, Path logDir, int startTimeoutSeconds) throws IOException {
        int port = freePort();
        List<String> argv = new ArrayList<>(List.of(command.trim().split("\\s+")));
        String exe = argv.get(0);
        if (exe.contains("/") && !Path.of(exe).isAbsolute()) {
            argv.set(0, repoRoot.resolve(exe).toString());
        }
        argv.addAll(List.of("-a", "127.0.0.1", "-p", Integer.toString(port)));
        argv.addAll(extraArgs);
        Path log = logDir.resolve(label.toLowerCase().replaceAll("[^a-z0-9]+", "-") + "-server.log");
        ProcessBuilder pb = new ProcessBuilder(argv).directory(repoRoot.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException(label + ": cannot start server command " + argv + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(startTimeoutSeconds);
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException(label + ": server command " + argv + " exited with status " + p.exitValue()
                        + " before accepting connections; log " + log + ":\n" + tail(log));
            }
            try (LoadClient probe = LoadClient.connect("127.0.0.1", port, "startup-probe")) {
                return new ServerProcess(label, String.join(" ", argv), p, port, log, probe.serverInfo());
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        destroy(p);
        throw new IOException(label + ": server command " + argv + " did not accept a NATS connection on port " + port
                + " within " + startTimeoutSeconds + " s (" + last + "); log " + log + ":\n" + tail(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public Target target() {
        return new Target(label, "127.0.0.1", port, info);
    }

    public String label() {
        return label;
    }

    public String commandLine() {
        return command;
    }

    public String info() {
        return info;
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** A field of the server's INFO JSON (strings and plain values only), or "?" when absent. */
    public String infoField(String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(\"([^\"]*)\"|[^,}]+)").matcher(info);
        if (!m.find()) {
            return "?";
        }
        return m.group(2) != null ? m.group(2) : m.group(1).trim();
    }

    /** The server process and everything it started, e.g. the JVM behind a launcher script. */
    public List<ProcessHandle> processTree() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        try (Stream<ProcessHandle> d = process.toHandle().descendants()) {
            d.forEach(all::add);
        }
        return all;
    }

    /** Resident memory in bytes of the server and everything it started (VmRSS from /proc), -1 if unknown. */
    public long rssBytes() {
        long total = 0;
        boolean any = false;
        for (ProcessHandle h : processTree()) {
            long rss = rssOf(h.pid());
            if (rss >= 0) {
                total += rss;
                any = true;
            }
        }
        return any ? total : -1;
    }

    /**
     * CPU time (user + system) consumed so far by the server and its descendants, in nanoseconds, from
     * /proc/<pid>/stat; -1 if unknown. Both servers do identical work in a run, so the difference over a run
     * compares their efficiency directly, which on a machine shared with the load generator matters as much as
     * the rate.
     */
    public long cpuNanos() {
        long ticks = 0;
        boolean any = false;
        for (ProcessHandle h : processTree()) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
                String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(rest[11]) + Long.parseLong(rest[12]); // utime, stime
                any = true;
            } catch (IOException | RuntimeException e) {
                // process gone or no /proc
            }
        }
        return any ? ticks * (1_000_000_000L / CLOCK_TICKS) : -1;
    }

    /** USER_HZ, which is 100 on every Linux configuration that matters here. */
    private static final long CLOCK_TICKS = 100;

    private static long rssOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone or no /proc: unknown
        }
        return -1;
    }

    /**
     * SIGTERM to the server and its descendants, so a JVM runs its shutdown hooks (which is when a flight
     * recording started with dumponexit is written), then SIGKILL whatever is left after 30 s.
     */
    @Override
    public void close() {
        destroy(process);
    }

    private static void destroy(Process p) {
        List<ProcessHandle> all = new ArrayList<>();
        try (Stream<ProcessHandle> d = p.toHandle().descendants()) {
            d.forEach(all::add);
        }
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (ProcessHandle h : all) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        all.forEach(h -> {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        });
    }

    @Override
    public String toString() {
        return label + " (" + command + ")";
    }
}
