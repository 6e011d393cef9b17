package io.torus.io;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * The Go server's log line: {@code [pid] 2006/01/02 15:04:05.000000 [INF] message}, the time in local time with
 * microseconds and left out when {@code logtime} is off. Thread-safe: stateless but for its settings.
 */
final class GoLogEncoder extends EncoderBase<ILoggingEvent>
{
    private static final byte[] NONE = new byte[0];

    private final String pidPrefix = "[" + ProcessHandle.current().pid() + "] ";
    private final boolean logtime;
    private final boolean colors;
    private final ZoneId zone = ZoneId.systemDefault();

    GoLogEncoder(final boolean logtime)
    {
        this(logtime, false);
    }

    /** {@code colors}: Go's ANSI-coloured labels, which it uses on stderr when stderr is a terminal. */
    GoLogEncoder(final boolean logtime, final boolean colors)
    {
        this.logtime = logtime;
        this.colors = colors;
    }

    @Override
    public byte[] headerBytes()
    {
        return NONE;
    }

    @Override
    public byte[] encode(final ILoggingEvent event)
    {
        final StringBuilder sb = prefix(event.getLevel(), event.getInstant());
        sb.append(event.getFormattedMessage()).append('\n');
        final IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null)
        {
            sb.append(ThrowableProxyUtil.asString(thrown)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes()
    {
        return NONE;
    }

    /** {@code [pid] <time> [LVL] }: what precedes every message. */
    StringBuilder prefix(final Level level, final Instant when)
    {
        final StringBuilder sb = new StringBuilder(128).append(pidPrefix);
        if (logtime)
        {
            final LocalDateTime t = LocalDateTime.ofInstant(when, zone);
            sb.append(t.getYear()).append('/');
            pad(sb, t.getMonthValue(), 2).append('/');
            pad(sb, t.getDayOfMonth(), 2).append(' ');
            pad(sb, t.getHour(), 2).append(':');
            pad(sb, t.getMinute(), 2).append(':');
            pad(sb, t.getSecond(), 2).append('.');
            pad(sb, t.getNano() / 1000, 6).append(' ');
        }
        if (colors)
        {
            return sb.append("[\u001b[").append(color(level)).append('m').append(label(level)).append("\u001b[0m] ");
        }
        return sb.append('[').append(label(level)).append("] ");
    }

    /** Go's label colours: INF green, DBG cyan, WRN bright yellow, ERR red, TRC yellow. */
    private static String color(final Level level)
    {
        switch (level.toInt())
        {
            case Level.ERROR_INT: return "31";
            case Level.WARN_INT: return "0;93";
            case Level.DEBUG_INT: return "36";
            case Level.TRACE_INT: return "33";
            default: return "32";
        }
    }

    /** Whether this process's stderr is a terminal (Linux: fd 2 links to a tty device), as Go checks it. */
    static boolean stderrIsTerminal()
    {
        try
        {
            final String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2"))
                .toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        }
        catch (final java.io.IOException | RuntimeException e)
        {
            return false;
        }
    }

    /** Go's level labels. */
    static String label(final Level level)
    {
        switch (level.toInt())
        {
            case Level.ERROR_INT: return "ERR";
            case Level.WARN_INT: return "WRN";
            case Level.DEBUG_INT: return "DBG";
            case Level.TRACE_INT: return "TRC";
            default: return "INF";
        }
    }

    private static StringBuilder pad(final StringBuilder sb, final int value, final int width)
    {
        final String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++)
        {
            sb.append('0');
        }
        return sb.append(s);
    }
}
