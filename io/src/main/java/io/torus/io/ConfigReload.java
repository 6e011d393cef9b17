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
 * New connections get the new options; existing ones keep those they connected with.
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
            server.applyReload(fresh);
            ServerLogging.configure(fresh);
            log.info("Reloaded server configuration");
        }
        catch (final RuntimeException e)
        {
            log.error("Failed to reload server configuration: {}", e.getMessage());
        }
    }

    /** The first option that changed and cannot be changed on a running server, or null. */
    static String notReloadable(final ServerOptions old, final ServerOptions fresh)
    {
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
            {"no_header_support", old.noHeaderSupport, fresh.noHeaderSupport},
            {"transport", old.transport, fresh.transport},
            {"wait_strategy", old.waitStrategy, fresh.waitStrategy},
            {"ring_size", old.ringSize, fresh.ringSize},
            {"io_threads", old.ioThreads, fresh.ioThreads},
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
