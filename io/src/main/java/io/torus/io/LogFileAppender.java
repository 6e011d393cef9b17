package io.torus.io;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.torus.core.server.ProtocolTrace;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * The {@code -l} log file as the Go server writes it: appended to, and with {@code log_size_limit} rotated once it
 * grows past the limit. The full file is renamed {@code <file>.YYYY.MM.DD.hh.mm.ss.nnnnnnnnn} (local time, nanoseconds)
 * and a new file started with Go's line {@code [INF] Rotated log, backup saved as "<backup>"}, ended by CRLF as Go
 * ends it. SIGUSR1 reopens by replacing the appender (see {@link ServerLogging#reopen}).
 * <p>
 * Thread-safe: writes are serialized on the appender (any thread may log).
 */
final class LogFileAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
{
    private final String fileName;
    private final GoLogEncoder encoder;
    private final long limitBytes;
    private FileOutputStream out;
    private long sizeBytes;

    /** {@code limitBytes} 0 or less: never rotate. */
    LogFileAppender(final String fileName, final GoLogEncoder encoder, final long limitBytes)
    {
        this.fileName = fileName;
        this.encoder = encoder;
        this.limitBytes = limitBytes;
    }

    /** Opens the file; throws when it cannot be opened (Go exits: "error opening file"). */
    @Override
    public synchronized void start()
    {
        try
        {
            open();
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("error opening file: " + goOpenError(e), e);
        }
        super.start();
        if (limitBytes > 0 && sizeBytes > limitBytes)
        {
            // As Go's setLimit: a file already over the limit is rotated at once, by the line saying so.
            write(line(Level.INFO, "Rotating logfile...", "\n"));
        }
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
        if (out != null)
        {
            write(encoder.encode(event));
        }
    }

    private void write(final byte[] bytes)
    {
        try
        {
            out.write(bytes);
            sizeBytes += bytes.length;
        }
        catch (final IOException e)
        {
            addError("log write failed", e);
            return;
        }
        if (limitBytes > 0 && sizeBytes > limitBytes)
        {
            rotate();
        }
    }

    private void rotate()
    {
        closeQuietly();
        final String backup = fileName + backupSuffix(LocalDateTime.now(ZoneId.systemDefault()));
        try
        {
            // Go's os.Rename replaces a backup of the same name.
            Files.move(Path.of(fileName), Path.of(backup), StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException e)
        {
            // As Go, which does not check its rename: go on writing to the file as it is.
            addError("log rotation rename failed", e);
        }
        try
        {
            open();
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("Unable to re-open the logfile \"" + fileName + "\" after rotation: " +
                e.getMessage(), e);
        }
        final byte[] b = backup.getBytes(StandardCharsets.UTF_8);
        final byte[] rotated = line(Level.INFO,
            "Rotated log, backup saved as " + ProtocolTrace.goQuote(new UnsafeBuffer(b), 0, b.length), "\r\n");
        try
        {
            out.write(rotated);
        }
        catch (final IOException e)
        {
            addError("log write failed", e);
        }
        sizeBytes = rotated.length;
    }

    /** Go's {@code *PathError} text for the usual causes: {@code open <file>: no such file or directory}. */
    private String goOpenError(final IOException e)
    {
        if (e instanceof java.nio.file.NoSuchFileException)
        {
            return "open " + fileName + ": no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException)
        {
            return "open " + fileName + ": permission denied";
        }
        return e.getMessage();
    }

    /** {@code .YYYY.MM.DD.hh.mm.ss.nnnnnnnnn}, Go's backup suffix. */
    static String backupSuffix(final LocalDateTime t)
    {
        return String.format(".%04d.%02d.%02d.%02d.%02d.%02d.%09d", t.getYear(), t.getMonthValue(),
            t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getNano());
    }

    private byte[] line(final Level level, final String message, final String end)
    {
        return encoder.prefix(level, Instant.now()).append(message).append(end).toString()
            .getBytes(StandardCharsets.UTF_8);
    }

    private void open() throws IOException
    {
        final Path path = Path.of(fileName);
        if (!Files.exists(path))
        {
            try
            {
                // Go creates its log file 0660 (less the umask); Java's default would be 0666.
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw----")));
            }
            catch (final UnsupportedOperationException | java.nio.file.FileAlreadyExistsException e)
            {
                // not a POSIX file system, or created meanwhile: open it as it is
            }
        }
        out = new FileOutputStream(fileName, true);
        sizeBytes = out.getChannel().size();
    }

    private void closeQuietly()
    {
        if (out != null)
        {
            try
            {
                out.close();
            }
            catch (final IOException e)
            {
                addError("log close failed", e);
            }
            out = null;
        }
    }
}
