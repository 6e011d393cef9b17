package io.torus.io;

import io.torus.core.options.ConfigFileOptions;
import io.torus.core.options.ServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code torus-server}: the Go server's command line, its startup lines, its exit codes (0 on SIGINT, 1 on SIGTERM
 * and on a startup error, 2 on a usage error).
 */
public final class Main
{
    private Main()
    {
    }

    public static void main(final String[] args)
    {
        final String exe = System.getenv().getOrDefault("TORUS_ARGV0", "torus-server");
        final CommandLine cmd;
        try
        {
            cmd = CommandLine.parse(args);
        }
        catch (final CommandLine.UsageException e)
        {
            System.err.println(e.getMessage());
            System.err.println(CommandLine.usage());
            System.exit(2);
            return;
        }
        if (cmd.showHelp)
        {
            System.out.println(CommandLine.usage());
            System.exit(0);
        }
        if (cmd.showTlsHelp)
        {
            System.out.println(tlsHelp());
            System.exit(0);
        }
        if (cmd.showVersion)
        {
            System.out.println("nats-server: v" + ServerOptions.GO_COMPAT_VERSION + " (torus " +
                ServerOptions.TORUS_VERSION + ")");
            System.exit(0);
        }
        if (cmd.signal != null)
        {
            final String error = SignalCommand.send(cmd.signal);
            if (error != null)
            {
                die(exe + ": " + error);
            }
            System.exit(0);
        }

        final ServerOptions options = new ServerOptions();
        List<String> configWarnings = List.of();
        if (cmd.configFile != null)
        {
            try
            {
                configWarnings = ConfigFileOptions.apply(Path.of(cmd.configFile), options);
            }
            catch (final RuntimeException e)
            {
                die(exe + ": " + e.getMessage());
            }
        }
        else if (cmd.checkConfig)
        {
            die(exe + ": must specify [-c, --config] option to check configuration file syntax");
        }
        try
        {
            cmd.applyTo(options);
        }
        catch (final IllegalArgumentException e)
        {
            die(exe + ": " + e.getMessage());
        }
        final String unsupported = unsupportedFeature(options);
        if (unsupported != null)
        {
            die(exe + ": " + unsupported);
        }
        if (cmd.checkConfig)
        {
            System.err.println(exe + ": configuration file " + cmd.configFile + " is valid");
            System.exit(0);
        }

        try
        {
            ServerLogging.configure(options);
        }
        catch (final RuntimeException e)
        {
            // As Go's logger set-up (log.Fatalf): a log file or syslog that cannot be opened stops the start.
            die(java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern(
                "yyyy/MM/dd HH:mm:ss")) + " " + e.getMessage());
        }
        final Logger log = LoggerFactory.getLogger("io.torus.server");
        log.info("Starting nats-server");
        log.info("  Version:  {}", ServerOptions.GO_COMPAT_VERSION);
        log.info("  Torus:    {} on Java {}", ServerOptions.TORUS_VERSION, Runtime.version());
        if (io.torus.core.auth.Passwords.anyPlaintext(options))
        {
            log.warn("Plaintext passwords detected, use nkeys or bcrypt");
        }
        if (cmd.configFile != null)
        {
            log.info("Using configuration file: {}", cmd.configFile);
        }
        if (options.operator != null)
        {
            logTrustedOperators(options, log);
        }
        for (final String warning : configWarnings)
        {
            log.warn(warning);
        }
        for (final String flag : cmd.ignoredFlags)
        {
            log.warn("Flag -{} is accepted but not supported by Torus yet; ignored", flag);
        }

        final TorusServer server = new TorusServer(options);
        final CountDownLatch stopped = new CountDownLatch(1);
        // Before binding: a client test suite may signal as soon as the port accepts.
        handle("INT", 0, server, options, log, stopped);
        handle("TERM", 1, server, options, log, stopped);
        final ConfigReload reload = new ConfigReload(cmd, server, log);
        Signal.handle(new Signal("HUP"), s -> reload.reload());
        Signal.handle(new Signal("USR2"), s -> server.enterLameDuckMode(() ->
        {
            deleteQuietly(options.pidFile);
            log.info("Server Exiting..");
            stopped.countDown();
            System.exit(0);
        }));
        Signal.handle(new Signal("USR1"), s ->
        {
            // Reopen the log file (after an external rotation) by configuring logging again.
            try
            {
                ServerLogging.reopen(server.options(), log);
            }
            catch (final RuntimeException e)
            {
                log.error("Error re-opening the log file: {}", e.getMessage());
            }
        });
        try
        {
            server.start();
            log.info("  Name:     {}", options.serverName == null ? server.serverId() : options.serverName);
            log.info("  ID:       {}", server.serverId());
            writeProcessFiles(options, exe, server, log);
            log.info("Server is ready");
        }
        catch (final Exception e)
        {
            if (String.valueOf(e.getMessage()).startsWith("can't listen to the monitor port")
                || String.valueOf(e.getMessage()).startsWith("Can't start monitoring"))
            {
                log.error("{}", e.getMessage());
            }
            else
            {
                log.error("Error listening on port: {}:{}, \"{}\"", options.host, options.port, e.getMessage());
            }
            server.shutdown();
            System.exit(1);
        }

        try
        {
            stopped.await();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code --help_tls}: the tls block's fields and the cipher suite and curve names it accepts. */
    private static String tlsHelp()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("TLS for client connections is configured in a tls block of the config file, for example:\n\n")
            .append("    tls {\n")
            .append("        cert_file: \"./server-cert.pem\"\n")
            .append("        key_file:  \"./server-key.pem\"\n")
            .append("        ca_file:   \"./ca.pem\"             # CAs client certificates must chain to\n")
            .append("        verify:    true                   # require client certificates\n")
            .append("        timeout:   2                      # handshake timeout, seconds\n")
            .append("    }\n\n")
            .append("Other fields: verify_and_map, cipher_suites, curve_preferences, pinned_certs, handshake_first,\n")
            .append("min_version, insecure, connection_rate_limit.\n\nCipher suites (TLS 1.2; TLS 1.3 suites are always on):\n");
        for (final String c : new String[] {
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384"})
        {
            if (io.torus.core.tls.GoTlsNames.isCipher(c))
            {
                sb.append("    ").append(c).append('\n');
            }
        }
        sb.append("\nCurve preferences:\n");
        for (final String c : io.torus.core.tls.GoTlsNames.DEFAULT_CURVES)
        {
            sb.append("    ").append(c).append('\n');
        }
        return sb.toString();
    }

    private static void handle(
        final String signal, final int exitCode, final TorusServer server, final ServerOptions options,
        final Logger log, final CountDownLatch stopped)
    {
        Signal.handle(new Signal(signal), s ->
        {
            log.debug("Trapped \"{}\" signal", signal.equals("INT") ? "interrupt" : "terminated");
            log.info("Initiating Shutdown...");
            server.shutdown();
            deleteQuietly(options.pidFile);
            deleteQuietly(options.portsFileDir == null ? null : portsFile(options, exeName()).toString());
            log.info("Server Exiting..");
            stopped.countDown();
            System.exit(exitCode);
        });
    }

    private static String exeName()
    {
        return System.getenv().getOrDefault("TORUS_ARGV0", "torus-server");
    }

    /** The Go server's start-up lines for operator mode. */
    private static void logTrustedOperators(final ServerOptions options, final Logger log)
    {
        final var operators = options.operator.operators();
        if (!operators.isEmpty())
        {
            log.info("Trusted Operators");
        }
        final java.time.format.DateTimeFormatter goTime =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");
        for (final var op : operators)
        {
            log.info("  System  : \"{}\"", op.claims().audience());
            log.info("  Operator: \"{}\"", op.claims().name());
            log.info("  Issued  : {}", java.time.Instant.ofEpochSecond(op.claims().issuedAt())
                .atZone(java.time.ZoneId.systemDefault()).format(goTime));
            log.info("  Expires : {}", op.claims().expires() == 0 ? "Never" : java.time.Instant
                .ofEpochSecond(op.claims().expires()).atZone(java.time.ZoneId.systemDefault()).format(goTime));
        }
        if (!operators.isEmpty() && options.operator.systemAccount().isEmpty())
        {
            log.warn("Trusted Operators should utilize a System Account");
        }
    }

    /** Refuse, rather than pretend, for features not built yet. */
    static String unsupportedFeature(final ServerOptions o)
    {
        if (o.jetStream || (o.storeDir != null && !o.storeDir.isEmpty()))
        {
            return "JetStream is not supported by Torus yet (-js/--jetstream, -sd/--store_dir)";
        }
        if (o.routes != null || o.clusterListen != null || o.clusterName != null || !o.routeList.isEmpty())
        {
            return "clustering is not supported by Torus yet (--routes, --cluster, --cluster_name)";
        }
        return null;
    }

    private static void writeProcessFiles(
        final ServerOptions options, final String exe, final TorusServer server, final Logger log) throws IOException
    {
        final long pid = ProcessHandle.current().pid();
        if (options.pidFile != null && !options.pidFile.isEmpty())
        {
            Files.writeString(Path.of(options.pidFile), Long.toString(pid));
        }
        if (options.portsFileDir != null && !options.portsFileDir.isEmpty())
        {
            final Path file = portsFile(options, exe);
            final String host = "0.0.0.0".equals(options.host) || "::".equals(options.host) ? "127.0.0.1" : options.host;
            final String scheme = options.tlsConfig != null ? "tls://" : "nats://";
            Files.writeString(file, "{\"nats\":[" + Json.quote(scheme + host + ":" + server.port()) + "]}",
                StandardCharsets.UTF_8);
            log.debug("Wrote ports file {}", file);
        }
    }

    private static Path portsFile(final ServerOptions options, final String exe)
    {
        return Path.of(options.portsFileDir, exe + "_" + ProcessHandle.current().pid() + ".ports");
    }

    private static void deleteQuietly(final String file)
    {
        if (file != null && !file.isEmpty())
        {
            try
            {
                Files.deleteIfExists(Path.of(file));
            }
            catch (final IOException ignored)
            {
                // best effort on the way out
            }
        }
    }

    private static void die(final String message)
    {
        final PrintStream err = System.err;
        err.println(message);
        System.exit(1);
    }
}
