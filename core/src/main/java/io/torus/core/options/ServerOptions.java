package io.torus.core.options;

import io.torus.core.auth.AccountEntry;
import io.torus.core.auth.Permissions;
import io.torus.core.auth.UserEntry;
import io.torus.core.pipeline.WaitStrategyOption;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Everything a server is started with, defaults as in the Go server ({@code server/const.go}, {@code opts.go}).
 * Filled from the config file first, then the command line on top; immutable by convention once the server starts.
 */
public final class ServerOptions
{
    /** The Go server version whose client-facing behaviour Torus implements (see COMPAT-NOTES: never higher). */
    public static final String GO_COMPAT_VERSION = "2.9.10";
    public static final String TORUS_VERSION = "0.1.0";

    public static final int DEFAULT_PORT = 4222;
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int MAX_CONTROL_LINE_SIZE = 4096;
    public static final int MAX_PAYLOAD_SIZE = 1024 * 1024;
    public static final long MAX_PENDING_SIZE = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 64 * 1024;
    public static final long DEFAULT_PING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(2);
    public static final int DEFAULT_PING_MAX_OUT = 2;
    public static final long DEFAULT_WRITE_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);
    public static final long AUTH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);
    public static final int DEFAULT_RING_SIZE = 16 * 1024;
    public static final long DEFAULT_LAME_DUCK_DURATION_NANOS = TimeUnit.MINUTES.toNanos(2);
    public static final long DEFAULT_LAME_DUCK_GRACE_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Closed connections remembered for {@code /connz?state=closed}, as Go's {@code DEFAULT_MAX_CLOSED_CLIENTS}. */
    public static final int DEFAULT_MAX_CLOSED_CLIENTS = 10_000;
    /** A port of -1 means "any free port", as in Go. */
    public static final int RANDOM_PORT = -1;
    /** The default system account's name, as Go's {@code DEFAULT_SYSTEM_ACCOUNT}. */
    public static final String DEFAULT_SYSTEM_ACCOUNT = "$SYS";

    public String host = DEFAULT_HOST;
    public int port = DEFAULT_PORT;
    public String serverName;
    public String clientAdvertise;
    public int maxPayload = MAX_PAYLOAD_SIZE;
    public int maxControlLine = MAX_CONTROL_LINE_SIZE;
    public long maxPending = MAX_PENDING_SIZE;
    public int maxConnections = DEFAULT_MAX_CONNECTIONS;
    public long pingIntervalNanos = DEFAULT_PING_INTERVAL_NANOS;
    public int pingMax = DEFAULT_PING_MAX_OUT;
    public long writeDeadlineNanos = DEFAULT_WRITE_DEADLINE_NANOS;
    public long authTimeoutNanos = AUTH_TIMEOUT_NANOS;
    public long lameDuckDurationNanos = DEFAULT_LAME_DUCK_DURATION_NANOS;
    public long lameDuckGracePeriodNanos = DEFAULT_LAME_DUCK_GRACE_PERIOD_NANOS;
    public boolean noHeaderSupport;

    public boolean debug;
    public boolean trace;
    public boolean logtime = true;
    public String logFile;
    public long logSizeLimit;
    /** Go's {@code max_traced_msg_len}: traced payloads longer than this are cut, with "..."; 0 is unlimited. */
    public int maxTracedMsgLen;
    /** Go's {@code trace_verbose}: also trace the system account's internal clients (Torus has none yet). */
    public boolean traceVerbose;
    /** Log to the local syslog daemon (when there is no log file and no remote syslog). */
    public boolean syslog;
    /** {@code udp://host:port}, {@code tcp://host:port} or {@code unix:///path}: log to that syslog server. */
    public String remoteSyslog;
    public String pidFile;
    public String portsFileDir;
    /** Monitoring listener address; null means the client listener's {@link #host}, as in Go. */
    public String httpHost;
    /** 0: no monitoring; -1: a free port. */
    public int httpPort;
    public int httpsPort;
    public String httpBasePath = "";
    public int maxClosedClients = DEFAULT_MAX_CLOSED_CLIENTS;

    public String username;
    public String password;
    public String authToken;
    /** Operator mode (JWT authentication), null when not configured. */
    public OperatorConfig operator;
    /** {@code authorization.users} and the users of every account, nkey users included. */
    public final List<UserEntry> users = new ArrayList<>();
    /** The {@code accounts} block, in file order. */
    public final List<AccountEntry> accounts = new ArrayList<>();
    /** {@code authorization.default_permissions}: for users of the global account without their own. */
    public Permissions defaultPermissions;
    public String noAuthUser;
    public String systemAccount;
    /** {@code no_system_account}: no default {@code $SYS} account (a configured {@code system_account} still is one). */
    public boolean noSystemAccount;
    /** {@code max_subscriptions} per connection; 0: no limit. */
    public int maxSubscriptions;

    public boolean jetStream;
    public String storeDir;

    public String clusterListen;
    public String clusterName;
    public String routes;
    public final List<String> routeList = new ArrayList<>();
    public boolean tls;
    public boolean tlsVerify;
    public String tlsCert;
    public String tlsKey;
    public String tlsCaCert;
    /** The client listener's TLS ({@code tls} block or {@code --tls*} flags); null: plain connections. */
    public TlsOptions tlsConfig;
    /** {@code allow_non_tls}: with TLS configured, clients may still connect in plain text (INFO says tls_available). */
    public boolean allowNonTls;

    /** Torus-only: the I/O transport (auto picks io_uring, then epoll, then NIO). */
    public String transport = "auto";
    public WaitStrategyOption waitStrategy = WaitStrategyOption.PHASED;
    public int ringSize = DEFAULT_RING_SIZE;
    /** Torus-only: event loop threads; 0 means one per core. */
    public int ioThreads;

    /**
     * The system account as Go decides it at startup: {@code system_account} if set, else a configured account
     * named {@code $SYS}, else {@code $SYS} created unless {@code no_system_account}; null for none.
     */
    public String systemAccountName()
    {
        if (systemAccount != null && !systemAccount.isEmpty())
        {
            return systemAccount;
        }
        for (final AccountEntry a : accounts)
        {
            if (DEFAULT_SYSTEM_ACCOUNT.equals(a.name()))
            {
                return DEFAULT_SYSTEM_ACCOUNT;
            }
        }
        return noSystemAccount ? null : DEFAULT_SYSTEM_ACCOUNT;
    }

    /**
     * Go's {@code getDefaultAuthTimeout}: with TLS, the default auth timeout is the TLS timeout plus one second. (An
     * explicit {@code timeout} equal to the 2 s default is taken as the default: Torus does not record that it was set.)
     */
    public long effectiveAuthTimeoutNanos()
    {
        if (tlsConfig != null && authTimeoutNanos == AUTH_TIMEOUT_NANOS)
        {
            return tlsConfig.timeoutNanos() + 1_000_000_000L;
        }
        return authTimeoutNanos;
    }

    /** TLS required of every client: configured and not {@code allow_non_tls}. */
    public boolean tlsRequired()
    {
        return tlsConfig != null && !allowNonTls;
    }

    public boolean authRequired()
    {
        return (username != null && !username.isEmpty()) || (authToken != null && !authToken.isEmpty())
            || !users.isEmpty() || operator != null;
    }
}
