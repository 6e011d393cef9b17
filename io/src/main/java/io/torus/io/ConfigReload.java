package io.torus.io;

import io.torus.core.options.ConfigFileOptions;
import io.torus.core.options.ServerOptions;
import org.slf4j.Logger;

import java.nio.file.Path;
import java.util.Objects;

/**
 * SIGHUP: reads the config file again, applies the command-line flags on top (they still win, as in Go), and swaps
 * the result in if only reloadable options changed: logging, authorization, limits, ping and deadline settings.
 * Anything else changed, or a bad file, is refused with a log line and the running configuration is kept.
 * New connections get the new options; connected clients are checked against the new users (closed when no longer
 * allowed, given their new permissions otherwise) and keep their other settings. Accounts are not reloadable.
 */
final class ConfigReload
{
    private final CommandLine cmd;
    private final TorusServer server;
    private final Logger log;

    ConfigReload(final CommandLine cmd, final TorusServer server, final Logger log)
    {
        this.cmd = cmd;
        this.server = server;
        this.log = log;
    }

    synchronized void reload()
    {
        if (cmd.configFile == null)
        {
            log.error("Failed to reload server configuration: config reload not supported without a config file");
            return;
        }
        try
        {
            final ServerOptions fresh = new ServerOptions();
            for (final String warning : ConfigFileOptions.apply(Path.of(cmd.configFile), fresh))
            {
                log.warn(warning);
            }
            cmd.applyTo(fresh);
            final String unsupported = Main.unsupportedFeature(fresh);
            if (unsupported != null)
            {
                throw new IllegalArgumentException(unsupported);
            }
            final String refused = notReloadable(server.options(), fresh);
            if (refused != null)
            {
                throw new IllegalArgumentException("config reload not supported for " + refused);
            }
            final ServerOptions old = server.options();
            server.applyReload(fresh);
            // As Go: each changed logging option is reported through the old logger, then the new one is set up.
            logLoggingChanges(old, fresh);
            ServerLogging.configure(fresh);
            log.info("Reloaded server configuration");
        }
        catch (final RuntimeException e)
        {
            log.error("Failed to reload server configuration: {}", e.getMessage());
        }
    }

    /** Go's {@code Reloaded: <option> = <value>} lines for the logging options, in the order Go reports them. */
    private void logLoggingChanges(final ServerOptions old, final ServerOptions fresh)
    {
        final Object[][] logging = {
            {"trace", old.trace, fresh.trace},
            {"debug", old.debug, fresh.debug},
            {"trace_verbose", old.traceVerbose, fresh.traceVerbose},
            {"logtime", old.logtime, fresh.logtime},
            {"log_file", old.logFile, fresh.logFile},
            {"syslog", old.syslog, fresh.syslog},
            {"remote_syslog", old.remoteSyslog, fresh.remoteSyslog},
            {"max_traced_msg_len", old.maxTracedMsgLen, fresh.maxTracedMsgLen},
        };
        for (final Object[] o : logging)
        {
            if (!Objects.equals(o[1], o[2]))
            {
                log.info("Reloaded: {} = {}", o[0], o[2] == null ? "" : o[2]);
            }
        }
    }

    /** The first option that changed and cannot be changed on a running server, or null. */
    static String notReloadable(final ServerOptions old, final ServerOptions fresh)
    {
        // Operators, trusted keys and preloaded accounts make the accounts, which are built once (as in Go, where
        // trusted operators and keys cannot be reloaded either).
        if (!Objects.equals(old.operator, fresh.operator))
        {
            return "operator, trusted_keys or resolver_preload";
        }
        final Object[][] fixed = {
            {"host", old.host, fresh.host},
            {"port", old.port, fresh.port},
            {"server_name", old.serverName, fresh.serverName},
            {"max_pending", old.maxPending, fresh.maxPending},
            {"http_host", old.httpHost, fresh.httpHost},
            {"http_port", old.httpPort, fresh.httpPort},
            {"https_port", old.httpsPort, fresh.httpsPort},
            {"allow_non_tls", old.allowNonTls, fresh.allowNonTls},
            {"http_base_path", old.httpBasePath, fresh.httpBasePath},
            {"max_closed_clients", old.maxClosedClients, fresh.maxClosedClients},
            {"pid_file", old.pidFile, fresh.pidFile},
            {"ports_file_dir", old.portsFileDir, fresh.portsFileDir},
            // Go 2.9.10 has no reload for the size limit either: it refuses the change.
            {"log_size_limit", old.logSizeLimit, fresh.logSizeLimit},
            {"no_header_support", old.noHeaderSupport, fresh.noHeaderSupport},
            {"transport", old.transport, fresh.transport},
            {"wait_strategy", old.waitStrategy, fresh.waitStrategy},
            {"ring_size", old.ringSize, fresh.ringSize},
            {"io_threads", old.ioThreads, fresh.ioThreads},
            {"accounts", old.accounts, fresh.accounts},
            {"system_account", old.systemAccount, fresh.systemAccount},
            {"no_system_account", old.noSystemAccount, fresh.noSystemAccount},
        };
        for (final Object[] f : fixed)
        {
            if (!Objects.equals(f[1], f[2]))
            {
                return f[0] + ": old=" + f[1] + ", new=" + f[2];
            }
        }
        return null;
    }
}
