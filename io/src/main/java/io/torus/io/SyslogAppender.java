package io.torus.io;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * {@code syslog: true} and {@code remote_syslog: "udp://host:514"} as the Go server logs to syslog (its
 * {@code logger/syslog.go} over Go's {@code log/syslog}):
 * <ul>
 * <li>remote: {@code <pri>2006-01-02T15:04:05Z07:00 hostname tag[pid]: message\n}, with Go's facility, which is
 * {@code kern} (0) because Go dials with the bare priority LOG_DEBUG;</li>
 * <li>local: {@code <pri>Jan _2 15:04:05 tag[pid]: message\n} to {@code /dev/log}, {@code /var/run/syslog} or
 * {@code /var/run/log} (datagram, then stream socket), facility {@code daemon}.</li>
 * </ul>
 * Severities: error 3, warning 4, info and trace 5 (notice), debug 7. The message carries no Go line prefix: syslog
 * has its own. A failed send reconnects and retries once, as Go's writer does; then the line is dropped.
 * <p>
 * Thread-safe: sends are serialized on the appender.
 */
final class SyslogAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
{
    static final List<String> LOCAL_PATHS = List.of("/dev/log", "/var/run/syslog", "/var/run/log");
    private static final int FACILITY_KERN = 0;
    private static final int FACILITY_DAEMON = 3 << 3;
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX",
        Locale.US);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.US);

    private final boolean local;
    private final String network;
    private final String address;
    private final List<String> localPaths;
    private final String tag;
    private final String hostname = hostname();
    private final long pid = ProcessHandle.current().pid();
    private SyslogConnection connection;

    private SyslogAppender(final boolean local, final String network, final String address,
        final List<String> localPaths, final String tag)
    {
        this.local = local;
        this.network = network;
        this.address = address;
        this.localPaths = localPaths;
        this.tag = tag;
    }

    /** {@code udp://host:port}, {@code tcp://host:port} or {@code unix:///path}, as Go parses {@code remote_syslog}. */
    static SyslogAppender remote(final String url, final String tag)
    {
        final URI u;
        try
        {
            u = new URI(url);
        }
        catch (final URISyntaxException e)
        {
            throw new IllegalArgumentException(e.getMessage());
        }
        final String scheme = u.getScheme() == null ? "" : u.getScheme();
        switch (scheme)
        {
            case "udp":
            case "tcp":
                return new SyslogAppender(false, scheme, u.getRawAuthority(), List.of(), tag);
            case "unix":
                return new SyslogAppender(false, scheme, u.getPath(), List.of(), tag);
            default:
                throw new IllegalArgumentException("error invalid network type: \"" + scheme + "\"");
        }
    }

    /** The local daemon, at the first of {@code paths} that takes a connection. */
    static SyslogAppender local(final List<String> paths, final String tag)
    {
        return new SyslogAppender(true, null, null, paths, tag);
    }

    /** Connects; throws as Go fails to start: {@code error connecting to syslog: "..."}. */
    @Override
    public synchronized void start()
    {
        try
        {
            connection = connect();
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("error connecting to syslog: \"" + e.getMessage() + "\"", e);
        }
        super.start();
    }

    @Override
    public synchronized void stop()
    {
        super.stop();
        closeQuietly();
    }

    @Override
    protected synchronized void append(final ILoggingEvent event)
    {
        final byte[] frame = frame(event.getLevel(), event.getFormattedMessage(), ZonedDateTime.now(ZoneId.systemDefault()))
            .getBytes(StandardCharsets.UTF_8);
        try
        {
            if (connection == null)
            {
                connection = connect();
            }
            connection.send(frame);
        }
        catch (final IOException first)
        {
            closeQuietly();
            try
            {
                connection = connect();
                connection.send(frame);
            }
            catch (final IOException e)
            {
                closeQuietly();
                addError("syslog send failed", e);
            }
        }
    }

    /** One syslog frame, in Go's local or network form. */
    String frame(final Level level, final String message, final ZonedDateTime now)
    {
        final int priority = (local ? FACILITY_DAEMON : FACILITY_KERN) | severity(level);
        final StringBuilder sb = new StringBuilder(message.length() + 64).append('<').append(priority).append('>');
        if (local)
        {
            sb.append(STAMP.format(now)).append(' ');
        }
        else
        {
            sb.append(RFC3339.format(now)).append(' ').append(hostname).append(' ');
        }
        sb.append(tag).append('[').append(pid).append("]: ").append(message);
        if (!message.endsWith("\n"))
        {
            sb.append('\n');
        }
        return sb.toString();
    }

    static int severity(final Level level)
    {
        switch (level.toInt())
        {
            case Level.ERROR_INT: return 3;
            case Level.WARN_INT: return 4;
            case Level.DEBUG_INT: return 7;
            default: return 5;
        }
    }

    private SyslogConnection connect() throws IOException
    {
        if (!local)
        {
            return SyslogConnection.open(network, address);
        }
        for (final String net : new String[] {"unixgram", "unix"})
        {
            for (final String path : localPaths)
            {
                try
                {
                    return SyslogConnection.open(net, path);
                }
                catch (final IOException | RuntimeException e)
                {
                    // try the next, as Go does
                }
            }
        }
        // Go's message when no local daemon answers.
        throw new IOException("Unix syslog delivery error");
    }

    private void closeQuietly()
    {
        if (connection != null)
        {
            try
            {
                connection.close();
            }
            catch (final IOException e)
            {
                addError("syslog close failed", e);
            }
            connection = null;
        }
    }

    /** As Go's {@code os.Hostname} on Linux. */
    private static String hostname()
    {
        try
        {
            final String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!h.isEmpty())
            {
                return h;
            }
        }
        catch (final IOException | RuntimeException e)
        {
            // fall through
        }
        try
        {
            return java.net.InetAddress.getLocalHost().getHostName();
        }
        catch (final IOException e)
        {
            return "localhost";
        }
    }
}
