package io.torus.perf.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Java Flight Recording of server A for {@code --profile}. The launcher is asked to start it through
 * {@code TORUS_JAVA_OPTS} (recorded from the JVM's first instruction, written when it exits). If the launcher
 * did not pass that on, the recording is started with {@code jcmd} once the server is up and dumped with
 * {@code jcmd} before it is stopped, so a profile is never lost to a launcher detail.
 */
public final class FlightRecording {
    private static final String NAME = "torus-bench";

    private final Path file;
    private final String settings;
    private ProcessHandle jvm;
    private boolean startedByJcmd;

    public FlightRecording(Path file, String settings) {
        this.file = file;
        this.settings = settings;
    }

    /**
     * The options the launcher should put on its java command line. DebugNonSafepoints: without it samples in
     * compiled code are charged to the nearest safepoint's line (loop back-edges, method exits), not where the time
     * went.
     */
    public String javaOptions() {
        return "-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:StartFlightRecording=filename=" + file
                + ",settings=" + settings + ",dumponexit=true";
    }

    public Path file() {
        return file;
    }

    /** Called once the server answers: finds its JVM and starts a recording there if none is running. */
    public String attach(ServerProcess server) {
        Optional<ProcessHandle> found = server.processTree().stream()
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst();
        if (found.isEmpty()) {
            return "no JVM among the processes of " + server.label() + "; nothing to record";
        }
        jvm = found.get();
        String check = jcmd("JFR.check");
        // JFR.check does not show the target file; a running recording at this point can only be ours.
        if (check.contains("(running)")) {
            return "recording via TORUS_JAVA_OPTS in JVM " + jvm.pid();
        }
        String out = jcmd("JFR.start", "name=" + NAME, "settings=" + settings, "filename=" + file);
        startedByJcmd = true;
        return "TORUS_JAVA_OPTS was not passed to the JVM; started the recording with jcmd in JVM " + jvm.pid()
                + " (" + out.trim().replace('\n', ' ') + ")";
    }

    /** Called before the server is stopped: a jcmd-started recording is written now (dumponexit covers the other). */
    public void beforeStop() {
        if (jvm != null && startedByJcmd && jvm.isAlive()) {
            jcmd("JFR.dump", "name=" + NAME, "filename=" + file);
        }
    }

    private String jcmd(String... command) {
        String java = jvm.info().command().orElse("java");
        Path jcmd = Path.of(java).resolveSibling("jcmd");
        List<String> argv = new ArrayList<>();
        argv.add(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd");
        argv.add(Long.toString(jvm.pid()));
        argv.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "jcmd timed out";
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | InterruptedException e) {
            return "jcmd failed: " + e;
        }
    }
}
