package io.torus.io;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher as client test suites use it: {@code scripts/torus-server} started with the Go server's flags,
 * probed over TCP, stopped with SIGINT or SIGTERM.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LauncherIT
{
    private static final Path LAUNCHER = Path.of("..", "scripts", "torus-server").toAbsolutePath().normalize();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void killAll()
    {
        processes.forEach(Process::destroyForcibly);
    }

    private Process launch(final String... args) throws IOException
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(Arrays.asList(args));
        final Process p = new ProcessBuilder(cmd).directory(dir.toFile())
            .redirectError(dir.resolve("stderr.log").toFile())
            .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        processes.add(p);
        return p;
    }

    private String stderr() throws IOException
    {
        return Files.readString(dir.resolve("stderr.log"));
    }

    private String stdout() throws IOException
    {
        return Files.readString(dir.resolve("stdout.log"));
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }

    /** Connects as soon as the port accepts; returns the milliseconds it took from launch. */
    private static long awaitListening(final int port, final long launchedNanos) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline)
        {
            try (Socket ignored = new Socket("127.0.0.1", port))
            {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launchedNanos);
            }
            catch (final IOException e)
            {
                Thread.sleep(10);
            }
        }
        throw new AssertionError("server never listened on " + port);
    }

    private static void signal(final Process p, final String signal) throws Exception
    {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
    }

    @Test
    void shouldStartWithGoStyleFlagsAndExitCleanlyOnSigint() throws Exception
    {
        final int port = freePort();
        final long launched = System.nanoTime();
        final Process p = launch("-a", "127.0.0.1", "-port=" + port, "-user", "al\\ice", "--pass", "p/w\tx",
            "-n", "launcher-test", "-P", "torus.pid", "--ports_file_dir", dir.toString(), "-DV", "-l", "torus.log");
        final long startupMs = awaitListening(port, launched);
        System.out.println("launcher: listening " + startupMs + " ms after launch");
        try (RawClient c = new RawClient(port))
        {
            final String info = c.readUntil("\r\n");
            assertTrue(info.contains("\"port\":" + port), info);
            assertTrue(info.contains("\"server_name\":\"launcher-test\""), info);
            assertTrue(info.contains("\"auth_required\":true"), info);
            c.send("CONNECT {\"verbose\":false,\"user\":\"al\\\\ice\",\"pass\":\"p/w\\tx\"}\r\nPING\r\n");
            c.readUntil("PONG\r\n");
        }
        assertEquals(Long.toString(p.pid()), Files.readString(dir.resolve("torus.pid")).trim());
        final Path ports = dir.resolve("torus-server_" + p.pid() + ".ports");
        assertTrue(Files.readString(ports).contains("nats://127.0.0.1:" + port), "ports file");
        signal(p, "INT");
        assertTrue(p.waitFor(5, TimeUnit.SECONDS), "exits promptly on SIGINT");
        assertEquals(0, p.exitValue());
        final String log = Files.readString(dir.resolve("torus.log"));
        assertTrue(log.contains("[INF] Listening for client connections on 127.0.0.1:" + port), log);
        assertTrue(log.contains("[INF] Server is ready"), log);
        assertTrue(log.contains("[TRC]") && log.contains("<<- [CONNECT"), "trace enabled by -DV: " + log);
        assertTrue(!Files.exists(dir.resolve("torus.pid")), "pid file removed on exit");
    }

    @Test
    void shouldStartWithTlsFlagsAndRefuseThemWithoutAKey() throws Exception
    {
        final TestCertificates.Issued ca = TestCertificates.ca("Launcher CA");
        final String[] server = TestCertificates.server(ca).write(dir, "server");
        final Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certPem());

        final Process bad = launch("--tls", "--tlscert", server[0]);
        assertTrue(bad.waitFor(20, TimeUnit.SECONDS));
        assertEquals(1, bad.exitValue());
        assertTrue(stderr().contains("TLS Server private key must be present and valid"), stderr());

        final int port = freePort();
        final Process p = launch("-a", "127.0.0.1", "-p", Integer.toString(port), "--tlsverify", "--tlscert",
            server[0], "--tlskey", server[1], "--tlscacert", caFile.toString(), "-l", "torus.log");
        awaitListening(port, System.nanoTime());
        try (RawClient c = new RawClient(port))
        {
            final String info = c.readUntil("\r\n");
            assertTrue(info.contains("\"tls_required\":true,\"tls_verify\":true"), info);
        }
        final TestCertificates.Issued client = TestCertificates.client(ca, "CN=launcher");
        try (io.nats.client.Connection nc = io.nats.client.Nats.connect(new io.nats.client.Options.Builder()
            .server("tls://127.0.0.1:" + port).sslContext(TestCertificates.clientContext(ca, client))
            .connectionTimeout(java.time.Duration.ofSeconds(5)).noReconnect().build()))
        {
            nc.flush(java.time.Duration.ofSeconds(5));
        }
        signal(p, "INT");
        assertTrue(p.waitFor(5, TimeUnit.SECONDS));
        final String log = Files.readString(dir.resolve("torus.log"));
        assertTrue(log.contains("[INF] TLS required for client connections"), log);
    }

    @Test
    void shouldReloadTheTlsBlockForNewConnections() throws Exception
    {
        final TestCertificates.Issued ca = TestCertificates.ca("Reload CA");
        final String[] server = TestCertificates.server(ca).write(dir, "server");
        final Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certPem());
        final String files = "cert_file: \"" + server[0] + "\", key_file: \"" + server[1] + "\"";
        final int port = freePort();
        final Path conf = dir.resolve("tls.conf");
        Files.writeString(conf, "tls { " + files + " }\n");
        final Process p = launch("-c", conf.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port));
        awaitListening(port, System.nanoTime());
        assertTrue(infoOf(port).contains("\"tls_required\":true"));
        assertTrue(!infoOf(port).contains("tls_verify"));

        Files.writeString(conf, "tls { " + files + ", ca_file: \"" + caFile + "\", verify: true }\n");
        signal(p, "HUP");
        TestServers.await(10_000, "tls_verify after the reload",
            () -> { try { return infoOf(port).contains("\"tls_verify\":true"); } catch (Exception e) { return false; } });
        final javax.net.ssl.SSLContext noCert = TestCertificates.clientContext(ca, null);
        assertThrows(java.io.IOException.class, () -> tlsConnect(port, noCert).close());
        tlsConnect(port, TestCertificates.clientContext(ca, TestCertificates.client(ca, "CN=reloaded"))).close();
        signal(p, "INT");
        assertTrue(p.waitFor(5, TimeUnit.SECONDS));
    }

    private static io.nats.client.Connection tlsConnect(final int port, final javax.net.ssl.SSLContext ctx)
        throws Exception
    {
        final io.nats.client.Connection nc = io.nats.client.Nats.connect(new io.nats.client.Options.Builder()
            .server("tls://127.0.0.1:" + port).sslContext(ctx).connectionTimeout(java.time.Duration.ofSeconds(3))
            .noReconnect().build());
        nc.flush(java.time.Duration.ofSeconds(3));
        return nc;
    }

    @Test
    void shouldExitWithOneOnSigtermLikeTheGoServer() throws Exception
    {
        final int port = freePort();
        final Process p = launch("--addr=127.0.0.1", "--port", Integer.toString(port));
        awaitListening(port, System.nanoTime());
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(5, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
    }

    @Test
    void shouldRefuseJetStreamUntilItExists() throws Exception
    {
        final Process p = launch("-js", "-p", Integer.toString(freePort()));
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        assertTrue(stderr().contains("JetStream is not supported by Torus yet"), stderr());
    }

    @Test
    void shouldFailOnUnknownFlagWithUsage() throws Exception
    {
        final Process p = launch("--no_such_flag");
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(stderr().contains("flag provided but not defined: -no_such_flag"), stderr());
        assertTrue(stderr().contains("Usage: torus-server"), stderr());
    }

    @Test
    void shouldPrintVersionAndHelp() throws Exception
    {
        final Process v = launch("-v");
        assertTrue(v.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, v.exitValue());
        assertTrue(stdout().startsWith("nats-server: v2.9.10"), stdout());
        final Process h = launch("--help");
        assertTrue(h.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, h.exitValue());
        assertTrue(stdout().contains("--wait_strategy"), stdout());
    }

    @Test
    void shouldReportBindFailureWithExitOne() throws Exception
    {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1")))
        {
            final Process p = launch("-a", "127.0.0.1", "-p", Integer.toString(taken.getLocalPort()));
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue());
            assertTrue(stderr().contains("Error listening on port"), stderr());
        }
    }

    @Test
    void shouldReadConfigFileWithFlagsOverridingIt() throws Exception
    {
        final int filePort = freePort();
        final int flagPort = freePort();
        final int httpPort = freePort();
        final Path conf = dir.resolve("server.conf");
        Files.writeString(conf, "listen: 127.0.0.1:" + filePort + "\nserver_name: from_file\nmax_payload: 2KB\n" +
            "http: \"127.0.0.1:" + httpPort + "\"\n");
        final Process p = launch("-config", conf.toString(), "-p", Integer.toString(flagPort));
        awaitListening(flagPort, System.nanoTime());
        try (RawClient c = new RawClient(flagPort))
        {
            final String info = c.readUntil("\r\n");
            assertTrue(info.contains("\"server_name\":\"from_file\""), info);
            assertTrue(info.contains("\"max_payload\":2048"), info);
        }
        assertTrue(stderr().contains("[INF] Starting http monitor on 127.0.0.1:" + httpPort), stderr());
        final Map<String, Object> varz = new MonitoringClient(httpPort).json("/varz");
        assertEquals("from_file", varz.get("server_name"));
        assertEquals((long)httpPort, varz.get("http_port"));
        signal(p, "INT");
        assertTrue(p.waitFor(5, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }

    @Test
    void shouldCheckConfigFilesWithDashT() throws Exception
    {
        final Path good = dir.resolve("good.conf");
        Files.writeString(good, "port: 4222\nauthorization { token: abc }\n");
        final Process ok = launch("-t", "-c", good.toString());
        assertTrue(ok.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, ok.exitValue(), stderr());
        assertTrue(stderr().contains("configuration file " + good + " is valid"), stderr());

        final Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "port: 4222\nauthorization {\n  token: abc\n");
        final Process fail = launch("-t", "-c", bad.toString());
        assertTrue(fail.waitFor(20, TimeUnit.SECONDS));
        assertEquals(1, fail.exitValue());
        assertTrue(stderr().contains(bad + ":"), stderr());
    }

    private static String infoOf(final int port) throws Exception
    {
        try (RawClient c = new RawClient(port))
        {
            return c.readUntil("\r\n");
        }
    }

    @Test
    void shouldReloadOnSignalReloadAndStopOnSignalQuit() throws Exception
    {
        final int port = freePort();
        final Path conf = dir.resolve("reload.conf");
        Files.writeString(conf, "max_payload: 1KB\nauthorization { token: first }\n");
        final Path pidFile = dir.resolve("reload.pid");
        final Process p = launch("-c", conf.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port),
            "-P", pidFile.toString(), "-l", "reload.log");
        awaitListening(port, System.nanoTime());
        assertTrue(infoOf(port).contains("\"max_payload\":1024"));

        Files.writeString(conf, "max_payload: 2KB\nauthorization { token: second }\n");
        final Process reload = launch("--signal", "reload=" + pidFile);
        assertTrue(reload.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, reload.exitValue(), stderr());
        TestServers.await(10_000, "the reloaded max_payload in INFO",
            () -> { try { return infoOf(port).contains("\"max_payload\":2048"); } catch (Exception e) { return false; } });
        try (RawClient c = new RawClient(port))
        {
            c.connect("{\"verbose\":false,\"auth_token\":\"second\"}").send("PING\r\n").readUntil("PONG\r\n");
        }

        // A change that cannot be applied to a running server is refused; the running configuration stays.
        // (port would not do: the -p flag wins over the file on reload too, as in Go)
        Files.writeString(conf, "server_name: renamed\nmax_payload: 4KB\nauthorization { token: second }\n");
        assertTrue(launch("--signal", "reload=" + pidFile).waitFor(20, TimeUnit.SECONDS));
        final Path log = dir.resolve("reload.log");
        TestServers.await(10_000, "the refusal in the log", () ->
        {
            try { return Files.readString(log).contains("Failed to reload server configuration: config reload not supported for server_name"); }
            catch (IOException e) { return false; }
        });
        assertTrue(infoOf(port).contains("\"max_payload\":2048"));

        final Process quit = launch("--signal", "quit=" + p.pid());
        assertTrue(quit.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, quit.exitValue());
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "quit is SIGINT");
        assertEquals(0, p.exitValue());
    }

    @Test
    void shouldRefuseUnknownSignalCommands() throws Exception
    {
        final Process p = launch("--signal", "dance=1");
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        assertTrue(stderr().contains("unknown signal \"dance\""), stderr());
    }

    @Test
    void shouldReopenTheLogFileOnSigusr1AfterItWasMovedAway() throws Exception
    {
        final int port = freePort();
        final Path pidFile = dir.resolve("reopen.pid");
        final Path log = dir.resolve("reopen.log");
        final Process p = launch("-a", "127.0.0.1", "-p", Integer.toString(port), "-D", "-P", pidFile.toString(),
            "-l", log.toString());
        awaitListening(port, System.nanoTime());
        TestServers.await(10_000, "Server is ready in the log", () -> contains(log, "[INF] Server is ready"));
        // What logrotate does: move the file away, then signal.
        final Path moved = dir.resolve("reopen.log.1");
        Files.move(log, moved);
        final Process reopen = launch("--signal", "reopen=" + pidFile);
        assertTrue(reopen.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, reopen.exitValue(), stderr());
        TestServers.await(10_000, "a new log file", () -> contains(log, "[INF] File log re-opened"));
        try (RawClient c = new RawClient(port))
        {
            c.connect("{\"verbose\":false,\"name\":\"after-reopen\"}").send("PING\r\n").readUntil("PONG\r\n");
        }
        TestServers.await(10_000, "new lines in the new file",
            () -> contains(log, " - \"after-reopen\" - Client connection closed: Client Closed"));
        final String old = Files.readString(moved);
        assertTrue(old.contains("[INF] Server is ready"), old);
        assertTrue(!old.contains("File log re-opened") && !old.contains("after-reopen"), old);
        p.destroy();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldIgnoreSigusr1WithoutALogFileAsGoDoes() throws Exception
    {
        final int port = freePort();
        final Process p = launch("-a", "127.0.0.1", "-p", Integer.toString(port));
        awaitListening(port, System.nanoTime());
        signal(p, "USR1");
        TestServers.await(10_000, "the notice", () ->
        {
            try { return stderr().contains("[INF] File log re-open ignored, not a file logger"); }
            catch (IOException e) { return false; }
        });
        p.destroy();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldRotateTheLogFileAtLogSizeLimit() throws Exception
    {
        final int port = freePort();
        final Path conf = dir.resolve("rotate.conf");
        // logfile_size_limit is Go's other name for log_size_limit.
        Files.writeString(conf, "log_file: \"rotate.log\"\nlogfile_size_limit: 2KB\ntrace: true\n");
        final Process p = launch("-c", conf.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port));
        awaitListening(port, System.nanoTime());
        try (RawClient c = new RawClient(port))
        {
            c.connect("{\"verbose\":false}");
            for (int i = 0; i < 50; i++)
            {
                c.send("PUB rotate.test 5\r\nhello\r\n");
            }
            c.send("PING\r\n").readUntil("PONG\r\n");
        }
        final java.util.regex.Pattern backup = java.util.regex.Pattern.compile(
            "rotate\\.log\\.\\d{4}\\.\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d{9}");
        TestServers.await(10_000, "two rotated files", () -> backups(backup).size() >= 2);
        final String current = Files.readString(dir.resolve("rotate.log"));
        assertTrue(current.contains("[INF] Rotated log, backup saved as \"rotate.log."), current);
        for (final Path b : backups(backup))
        {
            final long size = Files.size(b);
            assertTrue(size > 2048 && size < 2048 + 512, b + ": " + size + " bytes");
        }
        p.destroy();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldLogToARemoteSyslogOverUdp() throws Exception
    {
        try (java.net.DatagramSocket syslog = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress()))
        {
            syslog.setSoTimeout(20_000);
            final int port = freePort();
            final Process p = launch("-a", "127.0.0.1", "-p", Integer.toString(port), "-r",
                "udp://127.0.0.1:" + syslog.getLocalPort());
            final java.util.regex.Pattern ready = java.util.regex.Pattern.compile(
                "<5>\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2}) \\S+ torus-server\\[" + p.pid() +
                    "]: Server is ready\n");
            final List<String> frames = new ArrayList<>();
            while (frames.stream().noneMatch(f -> ready.matcher(f).matches()))
            {
                final java.net.DatagramPacket d = new java.net.DatagramPacket(new byte[4096], 4096);
                syslog.receive(d);
                frames.add(new String(d.getData(), 0, d.getLength(), java.nio.charset.StandardCharsets.UTF_8));
            }
            assertTrue(frames.get(0).endsWith(": Starting nats-server\n"), frames.toString());
            assertEquals("", stderr(), "nothing on stderr when logging to syslog");
            p.destroy();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldRefuseToStartWhenNoLocalSyslogAnswersAsGoDoes() throws Exception
    {
        org.junit.jupiter.api.Assumptions.assumeTrue(SyslogAppender.LOCAL_PATHS.stream()
            .noneMatch(f -> Files.exists(Path.of(f)) && !Files.isDirectory(Path.of(f))), "a local syslog exists here");
        final Process p = launch("-a", "127.0.0.1", "-p", Integer.toString(freePort()), "-s");
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        assertTrue(stderr().matches("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} error connecting to syslog: " +
            "\"Unix syslog delivery error\"\n"), stderr());
    }

    @Test
    void shouldReloadLoggingOptionsWithGosReportLines() throws Exception
    {
        final int port = freePort();
        final Path conf = dir.resolve("logging.conf");
        final Path log = dir.resolve("logging.log");
        Files.writeString(conf, "log_file: \"" + log + "\"\n");
        final Process p = launch("-c", conf.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port));
        awaitListening(port, System.nanoTime());
        Files.writeString(conf, "log_file: \"" + log + "\"\ntrace: true\nmax_traced_msg_len: 3\n");
        signal(p, "HUP");
        TestServers.await(10_000, "the reload", () -> contains(log, "[INF] Reloaded server configuration"));
        final String text = Files.readString(log);
        assertTrue(text.indexOf("[INF] Reloaded: trace = true") < text.indexOf("[INF] Reloaded: max_traced_msg_len = 3")
            && text.contains("[INF] Reloaded: max_traced_msg_len = 3"), text);
        try (RawClient c = new RawClient(port))
        {
            c.connect("{\"verbose\":false}").send("PUB x 5\r\nhello\r\nPING\r\n").readUntil("PONG\r\n");
        }
        TestServers.await(10_000, "the trace", () -> contains(log, "[TRC] ") && contains(log, "<<- MSG_PAYLOAD: [\"hel...\"]"));

        // As Go 2.9.10: the size limit cannot be changed by a reload.
        Files.writeString(conf, "log_file: \"" + log + "\"\ntrace: true\nmax_traced_msg_len: 3\nlog_size_limit: 1MB\n");
        signal(p, "HUP");
        TestServers.await(10_000, "the refusal", () -> contains(log, "config reload not supported for log_size_limit"));
        p.destroy();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }

    private List<Path> backups(final java.util.regex.Pattern name)
    {
        try (java.util.stream.Stream<Path> files = Files.list(dir))
        {
            return files.filter(f -> name.matcher(f.getFileName().toString()).matches())
                .collect(java.util.stream.Collectors.toList());
        }
        catch (final IOException e)
        {
            return List.of();
        }
    }

    private static boolean contains(final Path file, final String text)
    {
        try
        {
            return Files.exists(file) && Files.readString(file).contains(text);
        }
        catch (final IOException e)
        {
            return false;
        }
    }
}
