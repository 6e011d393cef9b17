package io.torus.core.options;

import io.torus.core.auth.JwtAccountEntries;
import io.torus.core.config.ConfigException;
import io.torus.core.config.ConfigMap;
import io.torus.core.config.ConfigParser;
import io.torus.core.config.ConfigWarning;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps a config file onto {@link ServerOptions} as the Go server's {@code opts.go} does: keys are matched without
 * regard to case, an unknown key is an error naming its file, line and column. Blocks of features Torus has not
 * built yet parse, and are then refused with a clear message rather than ignored; a few Go options that only tune
 * features not built yet are accepted with a warning.
 */
public final class ConfigFileOptions
{
    /** Go options accepted and ignored for now (each is reported in the log). */
    private static final Set<String> ACCEPTED_NOT_BUILT = Set.of(
        "connect_error_reports", "reconnect_error_reports", "prof_port", "disable_sublist_cache",
        "no_sublist_cache", "max_sub_tokens", "disable_short_first_ping",
        "client_advertise", "default_js_domain", "logfile_max_num");

    /** Blocks and options of features Torus has not built yet: refused when they turn something on. */
    private static final Set<String> NOT_BUILT = Set.of(
        "cluster", "gateway", "leafnodes", "leaf", "websocket", "ws", "mqtt", "mappings", "jetstream",
        "store_dir");

    private final List<String> warnings = new ArrayList<>();

    /** Reads {@code file} into {@code options}; throws {@link ConfigException} with file:line:col on any error. */
    public static List<String> apply(final Path file, final ServerOptions options)
    {
        final ConfigFileOptions mapper = new ConfigFileOptions();
        final ConfigMap conf = new ConfigParser().parseFile(file);
        mapper.map(conf, options);
        for (final ConfigWarning w : conf.warnings())
        {
            mapper.warnings.add(w.message());
        }
        return mapper.warnings;
    }

    private void map(final ConfigMap conf, final ServerOptions o)
    {
        // First, as Go checks operators against the whole config (accounts, users) before anything else is used.
        o.operator = OperatorConfigMapper.map(conf, warnings);
        for (final String key : conf.keySet())
        {
            final String k = key.toLowerCase(Locale.ROOT);
            switch (k)
            {
                case "listen":
                    listen(conf, key, o);
                    break;
                case "host":
                case "net":
                    o.host = conf.getString(key);
                    break;
                case "port":
                    o.port = conf.getInt(key);
                    break;
                case "server_name":
                    o.serverName = conf.getString(key);
                    break;
                case "max_payload":
                    o.maxPayload = (int)Math.min(Integer.MAX_VALUE, conf.getSize(key));
                    break;
                case "max_control_line":
                    o.maxControlLine = (int)Math.min(Integer.MAX_VALUE, conf.getSize(key));
                    break;
                case "max_pending":
                    o.maxPending = conf.getSize(key);
                    break;
                case "max_connections":
                case "max_conn":
                    o.maxConnections = conf.getInt(key);
                    break;
                case "ping_interval":
                    o.pingIntervalNanos = conf.getDuration(key).toNanos();
                    break;
                case "lame_duck_duration":
                    o.lameDuckDurationNanos = conf.getDuration(key).toNanos();
                    break;
                case "lame_duck_grace_period":
                    o.lameDuckGracePeriodNanos = conf.getDuration(key).toNanos();
                    break;
                case "ping_max":
                    o.pingMax = conf.getInt(key);
                    break;
                case "write_deadline":
                    o.writeDeadlineNanos = conf.getDuration(key).toNanos();
                    break;
                case "debug":
                    o.debug = conf.getBoolean(key);
                    break;
                case "trace":
                    o.trace = conf.getBoolean(key);
                    break;
                case "logtime":
                    o.logtime = conf.getBoolean(key);
                    break;
                case "log_file":
                case "logfile":
                    o.logFile = conf.getString(key);
                    break;
                case "log_size_limit":
                case "logfile_size_limit":
                    o.logSizeLimit = conf.getSize(key);
                    break;
                case "trace_verbose":
                    // As Go: trace_verbose turns trace on too.
                    o.traceVerbose = conf.getBoolean(key);
                    o.trace = o.traceVerbose;
                    break;
                case "max_traced_msg_len":
                    o.maxTracedMsgLen = (int)Math.min(Integer.MAX_VALUE, conf.getSize(key));
                    break;
                case "syslog":
                    o.syslog = conf.getBoolean(key);
                    break;
                case "remote_syslog":
                    o.remoteSyslog = conf.getString(key);
                    break;
                case "pid_file":
                case "pidfile":
                    o.pidFile = conf.getString(key);
                    break;
                case "ports_file_dir":
                    o.portsFileDir = conf.getString(key);
                    break;
                case "no_header_support":
                    o.noHeaderSupport = conf.getBoolean(key);
                    break;
                case "tls":
                    o.tlsConfig = TlsConfigMapper.map(conf, key);
                    break;
                case "allow_non_tls":
                    o.allowNonTls = conf.getBoolean(key);
                    break;
                case "authorization":
                    AuthConfigMapper.authorization(conf.getMap(key), o);
                    break;
                case "accounts":
                    AuthConfigMapper.accounts(conf, key, o);
                    break;
                case "no_auth_user":
                    o.noAuthUser = conf.getString(key);
                    break;
                case "system_account":
                case "system":
                    o.systemAccount = conf.getString(key);
                    break;
                case "no_system_account":
                case "no_system":
                case "no_sys_acc":
                    o.noSystemAccount = conf.getBoolean(key);
                    break;
                case "max_subscriptions":
                case "max_subs":
                    o.maxSubscriptions = conf.getInt(key);
                    break;
                case "http":
                {
                    final String[] hp = hostPort(conf, key);
                    o.httpHost = hp[0];
                    o.httpPort = Integer.parseInt(hp[1]);
                    break;
                }
                case "https":
                {
                    final String[] hp = hostPort(conf, key);
                    o.httpHost = hp[0];
                    o.httpsPort = Integer.parseInt(hp[1]);
                    break;
                }
                case "http_port":
                case "monitor_port":
                    o.httpPort = conf.getInt(key);
                    break;
                case "https_port":
                    o.httpsPort = conf.getInt(key);
                    break;
                case "http_base_path":
                    o.httpBasePath = conf.getString(key);
                    break;
                case "max_closed_clients":
                    o.maxClosedClients = conf.getInt(key);
                    break;
                default:
                    if (conf.isUsedAsVariable(key) || OperatorConfigMapper.KEYS.contains(k))
                    {
                        break;
                    }
                    if (ACCEPTED_NOT_BUILT.contains(k))
                    {
                        warnings.add(conf.positionOf(key) + ": \"" + key +
                            "\" is not supported by Torus yet; ignored");
                        break;
                    }
                    if (NOT_BUILT.contains(k))
                    {
                        notBuilt(conf, key, k);
                        break;
                    }
                    throw conf.unknownField(key);
            }
        }
        if (o.operator != null)
        {
            // In operator mode the system account is an account public key, by default the operator JWT's.
            o.systemAccount = o.operator.systemAccount().isEmpty() ? null : o.operator.systemAccount();
        }
        AuthConfigMapper.validate(conf, o);
        if (o.operator != null)
        {
            // The accounts of operator mode come from their JWTs, checked against the operators now.
            o.accounts.addAll(JwtAccountEntries.from(o.operator.preloadJwts(),
                o.operator.trust(Clock.systemDefaultZone()), warnings));
        }
    }

    private void notBuilt(final ConfigMap conf, final String key, final String k)
    {
        final Object v = conf.get(key);
        final boolean off = Boolean.FALSE.equals(v) ||
            (v instanceof String && Set.of("disabled", "false", "off", "no").contains(((String)v).toLowerCase(Locale.ROOT)));
        if (off)
        {
            return;
        }
        throw conf.errorAt(key, "\"" + key + "\" is not supported by Torus yet" +
            ("jetstream".equals(k) ? " (JetStream)" : ""));
    }

    private static void listen(final ConfigMap conf, final String key, final ServerOptions o)
    {
        final String[] hp = hostPort(conf, key);
        o.port = Integer.parseInt(hp[1]);
        if (hp[0] != null)
        {
            o.host = hp[0];
        }
    }

    /**
     * A Go listen value: a port number, or "host:port" ("[v6]:port"). Returns {host or null, port}, the port already
     * checked to be a number.
     */
    private static String[] hostPort(final ConfigMap conf, final String key)
    {
        final Object v = conf.get(key);
        if (v instanceof Long)
        {
            return new String[] {null, Integer.toString(conf.getInt(key))};
        }
        final String s = conf.getString(key);
        final int colon = s.lastIndexOf(':');
        if (colon < 0)
        {
            throw conf.errorAt(key, "could not parse address string \"" + s + "\"");
        }
        final int port;
        try
        {
            port = Integer.parseInt(s.substring(colon + 1));
        }
        catch (final NumberFormatException e)
        {
            throw conf.errorAt(key, "could not parse port \"" + s.substring(colon + 1) + "\"");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        return new String[] {host.isEmpty() ? null : host, Integer.toString(port)};
    }
}
