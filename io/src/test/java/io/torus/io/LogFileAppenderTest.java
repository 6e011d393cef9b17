package io.torus.io;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code log_size_limit}: the file is rotated as Go rotates it (name of the backup, first line of the new file). */
class LogFileAppenderTest
{
    private static final long PID = ProcessHandle.current().pid();
    private static final Pattern BACKUP = Pattern.compile("torus\\.log\\.\\d{4}\\.\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d{2}" +
        "\\.\\d{2}\\.\\d{9}");
    private static final Pattern LINE = Pattern.compile("\\[" + PID +
        "] \\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6} \\[(INF|WRN|ERR|DBG|TRC)] .*");

    private final LoggerContext context = new LoggerContext();
    private LogFileAppender appender;

    @TempDir
    Path dir;

    @AfterEach
    void stop()
    {
        if (appender != null)
        {
            appender.stop();
        }
        context.stop();
    }

    private Logger logger(final Path file, final long limit)
    {
        appender = new LogFileAppender(file.toString(), new GoLogEncoder(true), limit);
        appender.setContext(context);
        appender.start();
        final Logger logger = context.getLogger("test");
        logger.addAppender(appender);
        return logger;
    }

    private List<Path> backups() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(p -> BACKUP.matcher(p.getFileName().toString()).matches()).sorted()
                .collect(Collectors.toList());
        }
    }

    @Test
    void rotatesPastTheLimitIntoGoNamedBackupsAndStartsTheNewFileWithGosLine() throws Exception
    {
        final Path file = dir.resolve("torus.log");
        final Logger log = logger(file, 1000);
        for (int i = 0; i < 100; i++)
        {
            log.info("line number {} of the rotation test", i);
        }
        final List<Path> backups = backups();
        assertTrue(backups.size() >= 3, "backups: " + backups);
        for (final Path b : backups)
        {
            // Rotated once past the limit: no more than one line (< 100 bytes) beyond it.
            final long size = Files.size(b);
            assertTrue(size > 1000 && size < 1100, b + " has " + size + " bytes");
        }
        final String current = Files.readString(file, StandardCharsets.UTF_8);
        final String first = current.substring(0, current.indexOf('\n') + 1);
        final Path last = backups.get(backups.size() - 1);
        assertTrue(first.endsWith(" [INF] Rotated log, backup saved as \"" + last + "\"\r\n"), first);
        assertTrue(LINE.matcher(first.substring(0, first.length() - 2)).matches(), first);
        // Every message reached a file, in order, with Go's line format.
        final StringBuilder all = new StringBuilder();
        for (final Path b : backups)
        {
            all.append(Files.readString(b));
        }
        all.append(current);
        final List<String> lines = all.toString().lines().filter(l -> l.contains("line number"))
            .collect(Collectors.toList());
        assertEquals(100, lines.size());
        assertTrue(lines.get(99).endsWith("[INF] line number 99 of the rotation test"), lines.get(99));
        lines.forEach(l -> assertTrue(LINE.matcher(l).matches(), l));
    }

    @Test
    void aFileAlreadyOverTheLimitIsRotatedAtStart() throws Exception
    {
        final Path file = dir.resolve("torus.log");
        Files.writeString(file, "x".repeat(2000) + "\n");
        logger(file, 1000);
        final List<Path> backups = backups();
        assertEquals(1, backups.size(), "backups: " + backups);
        assertTrue(Files.readString(backups.get(0)).endsWith("[INF] Rotating logfile...\n"));
        assertTrue(Files.readString(file).contains("[INF] Rotated log, backup saved as"));
    }

    @Test
    void withoutALimitTheFileOnlyGrows() throws Exception
    {
        final Path file = dir.resolve("torus.log");
        final Logger log = logger(file, 0);
        for (int i = 0; i < 100; i++)
        {
            log.info("line number {} of the rotation test", i);
        }
        assertEquals(List.of(), backups());
        assertEquals(100, Files.readAllLines(file).size());
    }
}
