package io.torus.io;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.FileAppender;
import io.torus.core.options.ServerOptions;
import org.slf4j.LoggerFactory;

/**
 * Logging set up as the Go server's: {@code [pid] 2006/01/02 15:04:05.000000 [INF] message} on stderr, or appended to
 * the {@code -l} file; {@code -D} adds debug lines, {@code -V} protocol traces, {@code -T=false} drops the time.
 */
final class ServerLogging
{
    private ServerLogging()
    {
    }

    static void configure(final ServerOptions options)
    {
        final LoggerContext context = (LoggerContext)LoggerFactory.getILoggerFactory();
        context.reset();
        PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.put("golevel", GoLevelConverter::new);
        final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        final String pid = Long.toString(ProcessHandle.current().pid());
        encoder.setPattern("[" + pid + "] " + (options.logtime ? "%d{yyyy/MM/dd HH:mm:ss.SSSSSS} " : "") +
            "[%golevel] %msg%n");
        encoder.start();
        final OutputStreamAppender<ILoggingEvent> appender;
        if (options.logFile != null && !options.logFile.isEmpty())
        {
            final FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setFile(options.logFile);
            file.setAppend(true);
            appender = file;
        }
        else
        {
            final ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setTarget("System.err");
            appender = console;
        }
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setName("server");
        appender.start();
        final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(Level.WARN);
        final Level torus = options.trace ? Level.TRACE : options.debug ? Level.DEBUG : Level.INFO;
        context.getLogger("io.torus").setLevel(torus);
    }
}
