package io.torus.io;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import io.torus.core.options.ServerOptions;
import io.torus.core.server.ProtocolTrace;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Logging set up as the Go server's ({@code server/log.go}): one destination, chosen in Go's order: the {@code -l}
 * file (rotated past {@code log_size_limit}), else {@code remote_syslog}, else the local {@code syslog}, else stderr.
 * Lines are Go's ({@code [pid] 2006/01/02 15:04:05.000000 [INF] message}, see {@link GoLogEncoder}); {@code -D} adds
 * debug lines, {@code -V} the protocol trace (logger {@code io.torus.trace}), {@code -T=false} drops the time.
 * <p>
 * Called at start, on SIGHUP reload and on SIGUSR1 (reopen): each call builds and starts the new destination first,
 * so a destination that cannot be opened leaves the old one in place (and throws, with Go's message).
 */
final class ServerLogging
{
    private ServerLogging()
    {
    }

    static void configure(final ServerOptions options)
    {
        final LoggerContext context = (LoggerContext)LoggerFactory.getILoggerFactory();
        final Appender<ILoggingEvent> appender = destination(options, context);
        context.reset();
        final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(Level.WARN);
        context.getLogger("io.torus").setLevel(options.debug ? Level.DEBUG : Level.INFO);
        // Trace without debug, as Go's -V: TRC lines, no DBG lines.
        context.getLogger(ProtocolTrace.LOGGER_NAME).setLevel(options.trace ? Level.TRACE : Level.INFO);
    }

    /** SIGUSR1: Go's ReOpenLogFile. */
    static void reopen(final ServerOptions options, final org.slf4j.Logger log)
    {
        if (options.logFile == null || options.logFile.isEmpty())
        {
            log.info("File log re-open ignored, not a file logger");
            return;
        }
        configure(options);
        log.info("File log re-opened");
    }

    private static Appender<ILoggingEvent> destination(final ServerOptions options, final LoggerContext context)
    {
        final Appender<ILoggingEvent> appender;
        if (options.logFile != null && !options.logFile.isEmpty())
        {
            appender = new LogFileAppender(options.logFile, new GoLogEncoder(options.logtime), options.logSizeLimit);
        }
        else if (options.remoteSyslog != null && !options.remoteSyslog.isEmpty())
        {
            appender = SyslogAppender.remote(options.remoteSyslog, syslogTag());
        }
        else if (options.syslog)
        {
            appender = SyslogAppender.local(SyslogAppender.LOCAL_PATHS, syslogTag());
        }
        else
        {
            final ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setTarget("System.err");
            final GoLogEncoder encoder = new GoLogEncoder(options.logtime, GoLogEncoder.stderrIsTerminal());
            encoder.setContext(context);
            encoder.start();
            console.setEncoder(encoder);
            appender = console;
        }
        appender.setContext(context);
        appender.setName("server");
        appender.start();
        return appender;
    }

    /** Go's syslog tag: the base name of the program as it was started. */
    static String syslogTag()
    {
        final String argv0 = System.getenv().getOrDefault("TORUS_ARGV0", "torus-server");
        final Path name = Path.of(argv0).getFileName();
        return name == null ? argv0 : name.toString();
    }
}
