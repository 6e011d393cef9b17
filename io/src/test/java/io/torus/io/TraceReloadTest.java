package io.torus.io;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.torus.core.options.ServerOptions;
import io.torus.core.server.ProtocolTrace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A reload that turns trace on or off applies to the clients already connected, as Go's setTraceLevel. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TraceReloadTest
{
    private final Logger traceLogger = (Logger)LoggerFactory.getLogger(ProtocolTrace.LOGGER_NAME);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Level oldLevel;
    private TorusServer server;

    @BeforeEach
    void capture()
    {
        lines.setContext((LoggerContext)LoggerFactory.getILoggerFactory());
        lines.start();
        oldLevel = traceLogger.getLevel();
        traceLogger.setLevel(Level.TRACE);
        traceLogger.addAppender(lines);
    }

    @AfterEach
    void release()
    {
        traceLogger.detachAppender(lines);
        traceLogger.setLevel(oldLevel);
        if (server != null)
        {
            server.shutdown();
        }
    }

    private List<String> messages()
    {
        synchronized (lines)
        {
            return lines.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
        }
    }

    private ServerOptions withTrace(final boolean trace)
    {
        final ServerOptions o = new ServerOptions();
        o.host = "127.0.0.1";
        o.port = server.port();
        o.transport = server.options().transport;
        o.ioThreads = server.options().ioThreads;
        o.ringSize = server.options().ringSize;
        o.trace = trace;
        return o;
    }

    @Test
    void existingClientsFollowTheReloadedTraceSetting() throws Exception
    {
        server = TestServers.start(Transport.NIO, o -> o.trace = false);
        try (RawClient c = new RawClient(server.port()))
        {
            c.connect("{\"verbose\":false,\"lang\":\"raw\",\"version\":\"1.0\"}").send("PING\r\n").readUntil("PONG\r\n");
            assertEquals(List.of(), messages(), "trace is off");

            server.applyReload(withTrace(true));
            TestServers.await(5000, "the trace of the existing client", () ->
            {
                try
                {
                    c.send("PING\r\n").readUntil("PONG\r\n");
                }
                catch (final Exception e)
                {
                    throw new AssertionError(e);
                }
                return messages().stream().anyMatch(m -> m.endsWith(" - \"v1.0:raw\" - <<- [PING]"));
            });
            TestServers.await(5000, "the PONG traced by the matching thread",
                () -> messages().stream().anyMatch(m -> m.endsWith(" - \"v1.0:raw\" - ->> [PONG]")));
            assertTrue(messages().get(0).matches("127\\.0\\.0\\.1:\\d+ - cid:\\d+ - \"v1\\.0:raw\" - .*"), messages().get(0));

            server.applyReload(withTrace(false));
            c.send("PING\r\n").readUntil("PONG\r\n");
            // Once off, a further round trip adds no line.
            Thread.sleep(100);
            final int before = messages().size();
            c.send("PING\r\n").readUntil("PONG\r\n");
            c.send("PING\r\n").readUntil("PONG\r\n");
            assertEquals(before, messages().size(), messages().toString());
        }
    }
}
