package io.torus.io;

import io.torus.core.options.ServerOptions;
import io.torus.core.pipeline.WaitStrategyOption;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The Go server's command line, parsed with the rules of Go's {@code flag} package: every flag, short or long, takes
 * one dash or two ({@code -user}, {@code --user}); values follow as the next argument or after '='
 * ({@code -p=4222}); a boolean flag takes no separate value, only {@code -flag=false}; no clustering of single
 * letters ({@code -DV} is a flag of its own, as in Go). Parsing stops at the first non-flag argument or {@code --}.
 * <p>
 * POSIX-style parsers (picocli, commons-cli) would have to be bent to all of this, so this is a small table instead.
 */
public final class CommandLine
{
    /** Thrown for a usage error; Go's flag package exits 2 after printing the message and the usage. */
    public static final class UsageException extends RuntimeException
    {
        public UsageException(final String message)
        {
            super(message);
        }
    }

    private enum Kind
    {
        BOOL, STRING, INT
    }

    private static final class Flag
    {
        final Kind kind;
        final BiConsumer<CommandLine, String> apply;

        Flag(final Kind kind, final BiConsumer<CommandLine, String> apply)
        {
            this.kind = kind;
            this.apply = apply;
        }
    }

    private static final Map<String, Flag> FLAGS = new LinkedHashMap<>();

    private static void define(final Kind kind, final BiConsumer<CommandLine, String> apply, final String... names)
    {
        for (final String name : names)
        {
            FLAGS.put(name, new Flag(kind, apply));
        }
    }

    static
    {
        define(Kind.BOOL, (c, v) -> c.showHelp = bool(v), "h", "help");
        define(Kind.BOOL, (c, v) -> c.showVersion = bool(v), "v", "version");
        define(Kind.BOOL, (c, v) -> c.showTlsHelp = bool(v), "help_tls");
        define(Kind.BOOL, (c, v) -> c.checkConfig = bool(v), "t");
        define(Kind.STRING, (c, v) -> c.configFile = v, "c", "config");
        define(Kind.STRING, (c, v) -> c.signal = v, "sl", "signal");

        define(Kind.INT, (c, v) -> c.set(o -> o.port = integer("port", v)), "p", "port");
        define(Kind.STRING, (c, v) -> c.set(o -> o.host = v), "a", "addr", "net");
        define(Kind.STRING, (c, v) -> c.set(o -> o.serverName = v), "n", "name", "server_name");
        define(Kind.STRING, (c, v) -> c.set(o -> o.clientAdvertise = v), "client_advertise");
        define(Kind.BOOL, (c, v) -> c.set(o -> o.debug = bool(v)), "D", "debug");
        define(Kind.BOOL, (c, v) -> c.set(o -> o.trace = bool(v)), "V", "trace");
        define(Kind.BOOL, (c, v) -> c.set(o ->
        {
            o.trace = bool(v);
            o.traceVerbose = bool(v);
        }), "VV");
        define(Kind.BOOL, (c, v) -> c.set(o ->
        {
            o.debug = bool(v);
            o.trace = bool(v);
        }), "DV");
        define(Kind.BOOL, (c, v) -> c.set(o ->
        {
            o.debug = bool(v);
            o.trace = bool(v);
            o.traceVerbose = bool(v);
        }), "DVV");
        define(Kind.BOOL, (c, v) -> c.set(o -> o.logtime = bool(v)), "T", "logtime");
        define(Kind.STRING, (c, v) -> c.set(o -> o.username = v), "user");
        define(Kind.STRING, (c, v) -> c.set(o -> o.password = v), "pass");
        define(Kind.STRING, (c, v) -> c.set(o -> o.authToken = v), "auth");
        define(Kind.INT, (c, v) -> c.set(o -> o.httpPort = integer("http_port", v)), "m", "http_port");
        define(Kind.INT, (c, v) -> c.set(o -> o.httpsPort = integer("https_port", v)), "ms", "https_port");
        define(Kind.STRING, (c, v) -> c.set(o -> o.pidFile = v), "P", "pid");
        define(Kind.STRING, (c, v) -> c.set(o -> o.portsFileDir = v), "ports_file_dir");
        define(Kind.STRING, (c, v) -> c.set(o -> o.logFile = v), "l", "log");
        define(Kind.INT, (c, v) -> c.set(o -> o.logSizeLimit = integer("log_size_limit", v)), "log_size_limit");
        define(Kind.BOOL, (c, v) -> c.set(o -> o.syslog = bool(v)), "s", "syslog");
        define(Kind.STRING, (c, v) -> c.set(o -> o.remoteSyslog = v), "r", "remote_syslog");
        define(Kind.INT, (c, v) -> c.ignored("profile"), "profile");
        define(Kind.STRING, (c, v) -> c.set(o -> o.routes = v), "routes");
        define(Kind.STRING, (c, v) -> c.set(o -> o.clusterListen = v), "cluster", "cluster_listen");
        define(Kind.STRING, (c, v) -> c.ignored("cluster_advertise"), "cluster_advertise");
        define(Kind.BOOL, (c, v) -> c.ignored("no_advertise"), "no_advertise");
        define(Kind.INT, (c, v) -> c.ignored("connect_retries"), "connect_retries");
        define(Kind.STRING, (c, v) -> c.set(o -> o.clusterName = v), "cluster_name");
        define(Kind.BOOL, (c, v) -> c.tlsFlag(v, o -> o.tls = bool(v), true), "tls");
        define(Kind.BOOL, (c, v) -> c.tlsFlag(v, o -> o.tlsVerify = bool(v), false), "tlsverify");
        define(Kind.STRING, (c, v) -> c.tlsFlag(v, o -> o.tlsCert = v, false), "tlscert");
        define(Kind.STRING, (c, v) -> c.tlsFlag(v, o -> o.tlsKey = v, false), "tlskey");
        define(Kind.STRING, (c, v) -> c.tlsFlag(v, o -> o.tlsCaCert = v, false), "tlscacert");
        define(Kind.INT, (c, v) -> c.set(o -> o.maxTracedMsgLen = integer("max_traced_msg_len", v)),
            "max_traced_msg_len");
        define(Kind.BOOL, (c, v) -> c.set(o -> o.jetStream = bool(v)), "js", "jetstream");
        define(Kind.STRING, (c, v) -> c.set(o -> o.storeDir = v), "sd", "store_dir");

        // Torus-only options.
        define(Kind.STRING, (c, v) -> c.set(o -> o.transport = Transport.parseName(v)), "transport");
        define(Kind.STRING, (c, v) -> c.set(o -> o.waitStrategy = WaitStrategyOption.parse(v)), "wait_strategy");
        define(Kind.INT, (c, v) -> c.set(o -> o.ringSize = integer("ring_size", v)), "ring_size");
        define(Kind.INT, (c, v) -> c.set(o -> o.ioThreads = integer("io_threads", v)), "io_threads");
    }

    public boolean showHelp;
    public boolean showVersion;
    public boolean showTlsHelp;
    public boolean checkConfig;
    public String configFile;
    public String signal;
    /** Flags that only matter to features not built yet, named so the log can say so. */
    public final List<String> ignoredFlags = new ArrayList<>();
    private final List<java.util.function.Consumer<ServerOptions>> overrides = new ArrayList<>();
    /** Some --tls* flag was given: Go then builds TLS from the flags alone (its overrideTLS). */
    private boolean tlsFlagGiven;
    /** --tls=false was given: TLS off, whatever the config file and the other flags say (Go's rule). */
    private boolean tlsDisabled;
    public final List<String> remaining = new ArrayList<>();

    public static CommandLine parse(final String[] args)
    {
        final CommandLine c = new CommandLine();
        int i = 0;
        while (i < args.length)
        {
            final String arg = args[i];
            if (arg.length() < 2 || arg.charAt(0) != '-')
            {
                break;
            }
            int dashes = 1;
            if (arg.charAt(1) == '-')
            {
                dashes = 2;
                if (arg.length() == 2)
                {
                    i++;
                    break;
                }
            }
            String name = arg.substring(dashes);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=')
            {
                throw new UsageException("bad flag syntax: " + arg);
            }
            String value = null;
            final int eq = name.indexOf('=');
            if (eq >= 0)
            {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            final Flag flag = FLAGS.get(name);
            if (flag == null)
            {
                throw new UsageException("flag provided but not defined: -" + name);
            }
            i++;
            if (flag.kind == Kind.BOOL)
            {
                if (value == null)
                {
                    value = "true";
                }
                else if (parseBool(value) == null)
                {
                    throw new UsageException("invalid boolean value \"" + value + "\" for -" + name);
                }
            }
            else if (value == null)
            {
                if (i >= args.length)
                {
                    throw new UsageException("flag needs an argument: -" + name);
                }
                value = args[i++];
            }
            try
            {
                flag.apply.accept(c, value);
            }
            catch (final IllegalArgumentException e)
            {
                throw new UsageException("invalid value \"" + value + "\" for flag -" + name + ": " + e.getMessage());
            }
        }
        while (i < args.length)
        {
            c.remaining.add(args[i++]);
        }
        return c;
    }

    /** Applies the flags given on top of options (already filled from a config file): flags win, as in Go. */
    public void applyTo(final ServerOptions options)
    {
        for (final java.util.function.Consumer<ServerOptions> o : overrides)
        {
            o.accept(options);
        }
        if (tlsDisabled)
        {
            options.tlsConfig = null;
        }
        else if (tlsFlagGiven)
        {
            options.tlsConfig = io.torus.core.options.TlsConfigMapper.fromFlags(options);
        }
    }

    private void tlsFlag(final String value, final java.util.function.Consumer<ServerOptions> override,
        final boolean isTlsSwitch)
    {
        set(override);
        if (isTlsSwitch && !bool(value))
        {
            tlsDisabled = true;
        }
        else
        {
            tlsFlagGiven = true;
        }
    }

    private void set(final java.util.function.Consumer<ServerOptions> override)
    {
        overrides.add(override);
    }

    private void ignored(final String flag)
    {
        ignoredFlags.add(flag);
    }

    private static boolean bool(final String v)
    {
        final Boolean b = parseBool(v);
        return b != null && b;
    }

    /** Go's strconv.ParseBool. */
    static Boolean parseBool(final String v)
    {
        switch (v)
        {
            case "1": case "t": case "T": case "TRUE": case "true": case "True": return Boolean.TRUE;
            case "0": case "f": case "F": case "FALSE": case "false": case "False": return Boolean.FALSE;
            default: return null;
        }
    }

    private static int integer(final String flag, final String v)
    {
        try
        {
            return Integer.decode(v.trim());
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("parse error");
        }
    }

    public static String usage()
    {
        return String.join("\n",
            "Usage: torus-server [options]",
            "",
            "Server Options:",
            "    -a, --addr, --net <host>         Bind to host address (default: 0.0.0.0)",
            "    -p, --port <port>                Use port for clients (default: 4222)",
            "    -n, --name",
            "        --server_name <server_name>  Server name (default: auto)",
            "    -P, --pid <file>                 File to store PID",
            "    -m, --http_port <port>           Use port for http monitoring",
            "    -ms,--https_port <port>          Use port for https monitoring",
            "    -c, --config <file>              Configuration file",
            "    -t                               Test configuration and exit",
            "        --client_advertise <string>  Client URL to advertise to other servers",
            "        --ports_file_dir <dir>       Creates a ports file in the specified directory (<executable_name>_<pid>.ports)",
            "",
            "Logging Options:",
            "    -l, --log <file>                 File to redirect log output",
            "    -T, --logtime                    Timestamp log entries (default: true)",
            "    -D, --debug                      Enable debugging output",
            "    -V, --trace                      Trace the raw protocol",
            "    -VV                              Verbose trace (traces system account as well)",
            "    -DV                              Debug and trace",
            "    -DVV                             Debug and verbose trace (traces system account as well)",
            "    -s, --syslog                     Enable syslog as log method",
            "    -r, --remote_syslog <addr>       Syslog server addr (udp://localhost:514)",
            "        --log_size_limit <limit>     Logfile size limit (default: auto)",
            "        --max_traced_msg_len <len>   Maximum printable length for traced messages (default: unlimited)",
            "",
            "JetStream Options (not built yet: the server refuses to start with them):",
            "    -js, --jetstream                 Enable JetStream functionality",
            "    -sd, --store_dir <dir>           Set the storage directory",
            "",
            "Authorization Options:",
            "        --user <user>                User required for connections",
            "        --pass <password>            Password required for connections",
            "        --auth <token>               Authorization token required for connections",
            "",
            "TLS Options:",
            "        --tls                        Enable TLS, do not verify clients (default: false)",
            "        --tlscert <file>             Server certificate file",
            "        --tlskey <file>              Private key for server certificate",
            "        --tlsverify                  Enable TLS, verify client certificates",
            "        --tlscacert <file>           Client certificate CA for verification",
            "",
            "Cluster Options (not built yet: the server refuses to start with them):",
            "        --routes <rurl-1, rurl-2>, --cluster <cluster-url>, --cluster_name <string>",
            "",
            "Torus Options:",
            "        --transport <name>           auto (default), io_uring, epoll or nio",
            "        --wait_strategy <name>       phased (default), blocking, sleeping, yielding, busy_spin",
            "        --ring_size <n>              Ingress ring slots, a power of two (default: 16384)",
            "        --io_threads <n>             Event loop threads (default: one per core)",
            "",
            "Common Options:",
            "    -h, --help                       Show this message",
            "    -v, --version                    Show version",
            "");
    }
}
