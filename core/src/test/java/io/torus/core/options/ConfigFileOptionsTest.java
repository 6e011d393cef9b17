package io.torus.core.options;

import io.torus.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigFileOptionsTest
{
    @TempDir
    Path dir;

    private Path write(final String text) throws IOException
    {
        final Path f = dir.resolve("server.conf");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void shouldMapTheCoreOptions() throws IOException
    {
        final ServerOptions o = new ServerOptions();
        final List<String> warnings = ConfigFileOptions.apply(write(String.join("\n",
            "# core options",
            "listen: 127.0.0.1:4333",
            "server_name = \"torus-1 \uD83D\uDE80\"",
            "max_payload 2MB",
            "max_control_line: 8KB",
            "max_pending: 32MB",
            "max_connections: 100",
            "ping_interval: \"30s\"",
            "ping_max: 5",
            "write_deadline: 2s",
            "debug: true, trace: false, logtime: false",
            "log_file: \"/tmp/torus.log\"",
            "pid_file: '/tmp/torus.pid'",
            "SECRET: s3cr3t",
            "authorization { user: alice, password: $SECRET, timeout: 1.5 }",
            "http: \"127.0.0.2:8333\"",
            "http_base_path: /mon",
            "max_closed_clients: 50",
            "lame_duck_duration: 30s",
            "connect_error_reports: 10")), o);
        assertEquals("127.0.0.1", o.host);
        assertEquals(4333, o.port);
        assertEquals("torus-1 \uD83D\uDE80", o.serverName);
        assertEquals(2 * 1024 * 1024, o.maxPayload);
        assertEquals(8 * 1024, o.maxControlLine);
        assertEquals(32L * 1024 * 1024, o.maxPending);
        assertEquals(100, o.maxConnections);
        assertEquals(TimeUnit.SECONDS.toNanos(30), o.pingIntervalNanos);
        assertEquals(5, o.pingMax);
        assertEquals(TimeUnit.SECONDS.toNanos(2), o.writeDeadlineNanos);
        assertTrue(o.debug);
        assertEquals(false, o.logtime);
        assertEquals("/tmp/torus.log", o.logFile);
        assertEquals("/tmp/torus.pid", o.pidFile);
        assertEquals("alice", o.username);
        assertEquals("s3cr3t", o.password);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1500), o.authTimeoutNanos);
        assertEquals("127.0.0.2", o.httpHost);
        assertEquals(8333, o.httpPort);
        assertEquals("/mon", o.httpBasePath);
        assertEquals(50, o.maxClosedClients);
        assertEquals(TimeUnit.SECONDS.toNanos(30), o.lameDuckDurationNanos);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("connect_error_reports")), warnings.toString());
    }

    @Test
    void shouldMapTheLoggingOptionsAsGoNamesThem() throws IOException
    {
        final ServerOptions o = new ServerOptions();
        final List<String> warnings = ConfigFileOptions.apply(write(String.join("\n",
            "logfile: \"/tmp/t.log\"",
            "logfile_size_limit: 1MB",
            "max_traced_msg_len: 64",
            "trace_verbose: true",
            "syslog: true",
            "remote_syslog: \"udp://127.0.0.1:514\"",
            "reconnect_error_reports: 5")), o);
        assertEquals("/tmp/t.log", o.logFile);
        assertEquals(1024L * 1024, o.logSizeLimit);
        assertEquals(64, o.maxTracedMsgLen);
        // As Go: trace_verbose turns trace on as well.
        assertTrue(o.traceVerbose && o.trace);
        assertTrue(o.syslog);
        assertEquals("udp://127.0.0.1:514", o.remoteSyslog);
        // Only the cluster option is left unapplied.
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("reconnect_error_reports"), warnings.toString());

        final ServerOptions other = new ServerOptions();
        ConfigFileOptions.apply(write("log_size_limit: 2KB\n"), other);
        assertEquals(2048, other.logSizeLimit);
    }

    @Test
    void shouldRejectUnknownKeysWithTheirPosition() throws IOException
    {
        final Path f = write("port: 4222\n  no_such_thing: 1\n");
        final ConfigException e = assertThrows(ConfigException.class,
            () -> ConfigFileOptions.apply(f, new ServerOptions()));
        assertTrue(e.getMessage().startsWith(f + ":2:3:"), e.getMessage());
        assertTrue(e.getMessage().contains("no_such_thing"), e.getMessage());
    }

    @Test
    void shouldRefuseFeaturesNotBuiltYetButAcceptThemTurnedOff() throws IOException
    {
        final ConfigException e = assertThrows(ConfigException.class,
            () -> ConfigFileOptions.apply(write("cluster { name: c1, listen: 0.0.0.0:6222 }\n"), new ServerOptions()));
        assertTrue(e.getMessage().contains("not supported by Torus yet"), e.getMessage());
        ConfigFileOptions.apply(write("jetstream: disabled\nport: 1\n"), new ServerOptions());
        assertThrows(ConfigException.class,
            () -> ConfigFileOptions.apply(write("jetstream: enabled\n"), new ServerOptions()));
    }

    @Test
    void shouldTakeAPortAloneAsListen() throws IOException
    {
        final ServerOptions o = new ServerOptions();
        ConfigFileOptions.apply(write("listen: 5222\n"), o);
        assertEquals(5222, o.port);
        assertEquals("0.0.0.0", o.host);
    }

    @Test
    void shouldParseTheSingleServerExample() throws IOException
    {
        final Path example = Path.of("..", "conf", "single-server.conf");
        final ServerOptions o = new ServerOptions();
        ConfigFileOptions.apply(example, o);
        assertTrue(o.port > 0);
    }
}
