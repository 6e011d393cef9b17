package io.torus.io;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code -DV} against the Go server 2.9.10 ({@code /usr/sbin/nats-server}): the same raw traffic to both, and the
 * client lines of both logs compared after the pid, time, port and cid are taken out. Per client, the lines for what
 * was read ({@code <<-}) and those for what was written ({@code ->>}, {@code <->}) must be the same, in the same
 * order. Only how the two streams interleave may differ: Torus reads on the event loop and writes on the matching
 * thread. The other client lines (DBG, ERR) are compared as sets, with the parser's byte index taken out.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TraceGoParityIT
{
    private static final String GO_SERVER = "/usr/sbin/nats-server";
    private static final Path LAUNCHER = Path.of("..", "scripts", "torus-server").toAbsolutePath().normalize();
    private static final Pattern LINE = Pattern.compile(
        "^\\[\\d+] \\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6} \\[(INF|DBG|TRC|ERR|WRN)] (.*)$");
    private static final Pattern CLIENT = Pattern.compile("^127\\.0\\.0\\.1:(\\d+) - cid:\\d+ - (.*)$");

    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void killAll() throws InterruptedException
    {
        for (final Process p : processes)
        {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void traceLinesAreTheGoServers() throws Exception
    {
        assertTrue(new File(GO_SERVER).canExecute(), GO_SERVER + " (the Go nats-server 2.9.10) must be installed");
        final Map<String, List<String>> go = run(GO_SERVER, "go.log");
        final Map<String, List<String>> torus = run(LAUNCHER.toString(), "torus.log");
        assertEquals(go.keySet(), torus.keySet());
        for (final String key : go.keySet())
        {
            assertEquals(go.get(key), torus.get(key), key);
        }
        // The traffic did exercise what it is meant to.
        final String all = go.toString();
        for (final String expected : new String[] {"<<- [CONNECT", "\"pass\":\"[REDACTED]\"", "<<- [SUB foo  1]",
            "<<- MSG_PAYLOAD: [\"hell...\"]", "<<- MSG_PAYLOAD: [\"h\\x01\\xe9\"]", "<<- MSG_PAYLOAD: [\"\\r\\n...\"]",
            "->> [HMSG foo 1 12 17]", "->> [MSG foo 1 rep 3]", "<-> [DELSUB 1]", "->> [-ERR Unknown Protocol Operation]",
            "\"v2.16.5:java:n1\" - ->> [PONG]", "Auto-unsubscribe limit of 1 reached for sid '1'"})
        {
            assertTrue(all.contains(expected), expected + " in " + all);
        }
    }

    /** Starts a server with -DV, plays the traffic, stops it; returns its client lines by client and kind. */
    private Map<String, List<String>> run(final String executable, final String logName) throws Exception
    {
        final int port = freePort();
        final Path log = dir.resolve(logName);
        final Process p = new ProcessBuilder(executable, "-a", "127.0.0.1", "-p", Integer.toString(port), "-DV",
            "--max_traced_msg_len=4", "-l", log.toString()).directory(dir.toFile())
            .redirectErrorStream(true).redirectOutput(dir.resolve(logName + ".out").toFile()).start();
        processes.add(p);
        awaitListening(port);
        playTraffic(port);
        p.destroy();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), executable + " stops on SIGTERM");
        return clientLines(Files.readAllLines(log));
    }

    private static void playTraffic(final int port) throws IOException
    {
        try (RawClient c = new RawClient(port))
        {
            c.readUntil("\r\n");
            c.send("CONNECT {\"verbose\":true,\"pedantic\":false,\"lang\":\"java\",\"version\":\"2.16.5\"," +
                "\"name\":\"n1\",\"user\":\"u\",\"pass\":\"secret\",\"headers\":true}\r\nPING\r\n");
            c.readUntil("PONG\r\n");
            c.send("SUB foo  1\r\nSUB bar q 2\r\nPUB foo 5\r\nhello\r\nPUB foo rep 3\r\nh\u0001\u00e9\r\n" +
                "HPUB foo 12 17\r\nNATS/1.0\r\n\r\nhello\r\nPUB foo 6\r\n\r\n\u0000abc\r\nUNSUB 1\r\nUNSUB 2 5\r\n" +
                "PONG\r\npub bar 2\r\nhi\r\n");
            c.readUntil("MSG bar 2 2\r\nhi\r\n");
            c.send("PUB foo\r\n");
            c.readUntilClosed(5000);
        }
        try (RawClient c = new RawClient(port))
        {
            c.readUntil("\r\n");
            c.send("CONNECT {}\r\nSUB a 1\r\nUNSUB 1 1\r\nPUB a 2\r\nab\r\nPUB a 2\r\nab\r\nFOO\r\n");
            final String got = c.readUntilClosed(5000);
            assertTrue(got.endsWith("-ERR 'Unknown Protocol Operation'\r\n"), got);
        }
    }

    /**
     * Client lines keyed by {@code C<n> in|out|other}: trace lines in order, the others sorted.
     */
    private static Map<String, List<String>> clientLines(final List<String> lines)
    {
        // Clients numbered in the order they sent CONNECT; the port probe that waited for the server sent none.
        final Map<String, String> clients = new HashMap<>();
        for (final String line : lines)
        {
            final Matcher m = LINE.matcher(line);
            final Matcher c = CLIENT.matcher(m.matches() ? m.group(2) : "");
            if (c.matches() && c.group(2).startsWith("<<- [CONNECT"))
            {
                clients.put(c.group(1), "C" + (clients.size() + 1));
            }
        }
        final Map<String, List<String>> byKey = new TreeMap<>();
        for (final String line : lines)
        {
            final Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), "Go's line format: " + line);
            final Matcher c = CLIENT.matcher(m.group(2));
            if (!c.matches() || !clients.containsKey(c.group(1)))
            {
                continue;
            }
            final String client = clients.get(c.group(1));
            final String text = c.group(2);
            final String kind = text.contains("<<- ") ? "in" : text.contains("->> ") || text.contains("<-> ") ?
                "out" : "other";
            byKey.computeIfAbsent(client + " " + kind, k -> new ArrayList<>())
                .add("[" + m.group(1) + "] " + text.replaceAll(", i=\\d+:", ", i=_:"));
        }
        byKey.replaceAll((k, v) -> k.endsWith("other") ? v.stream().sorted().collect(Collectors.toList()) : v);
        return byKey;
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(final int port) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline)
        {
            try (Socket ignored = new Socket("127.0.0.1", port))
            {
                return;
            }
            catch (final IOException e)
            {
                Thread.sleep(10);
            }
        }
        throw new AssertionError("server never listened on " + port);
    }
}
