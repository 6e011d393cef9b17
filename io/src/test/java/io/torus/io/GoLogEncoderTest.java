package io.torus.io;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Go's log line, byte for byte, with and without the time, plain and coloured. */
class GoLogEncoderTest
{
    private static final long PID = ProcessHandle.current().pid();
    private final Logger logger = new LoggerContext().getLogger("test");

    private String encode(final GoLogEncoder encoder, final Level level, final String message, final Instant when)
    {
        final LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, null, null);
        event.setInstant(when);
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void writesGosLineWithLocalTimeInMicroseconds()
    {
        final Instant when = LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6_007_000).atZone(ZoneId.systemDefault()).toInstant();
        final GoLogEncoder encoder = new GoLogEncoder(true);
        assertEquals("[" + PID + "] 2026/01/02 03:04:05.006007 [INF] Server is ready\n",
            encode(encoder, Level.INFO, "Server is ready", when));
        assertEquals("[" + PID + "] 2026/01/02 03:04:05.006007 [TRC] t\n", encode(encoder, Level.TRACE, "t", when));
        assertEquals("[" + PID + "] 2026/01/02 03:04:05.006007 [DBG] d\n", encode(encoder, Level.DEBUG, "d", when));
        assertEquals("[" + PID + "] 2026/01/02 03:04:05.006007 [WRN] w\n", encode(encoder, Level.WARN, "w", when));
        assertEquals("[" + PID + "] 2026/01/02 03:04:05.006007 [ERR] e\n", encode(encoder, Level.ERROR, "e", when));
    }

    @Test
    void dropsTheTimeWithoutLogtimeAndColoursLabelsAsGoOnATerminal()
    {
        assertEquals("[" + PID + "] [INF] m\n", encode(new GoLogEncoder(false), Level.INFO, "m", Instant.now()));
        final GoLogEncoder colored = new GoLogEncoder(false, true);
        assertEquals("[" + PID + "] [\u001b[32mINF\u001b[0m] m\n", encode(colored, Level.INFO, "m", Instant.now()));
        assertEquals("[" + PID + "] [\u001b[33mTRC\u001b[0m] m\n", encode(colored, Level.TRACE, "m", Instant.now()));
        assertEquals("[" + PID + "] [\u001b[0;93mWRN\u001b[0m] m\n", encode(colored, Level.WARN, "m", Instant.now()));
    }
}
