package io.torus.core.auth.jwt;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The daily connect windows of a user JWT ({@code times}, {@code times_location}), judged as the Go server's
 * validateTimes does: a window starts today at {@code start}; when {@code start} is after {@code end} the window
 * ends tomorrow. So, as in Go, a window across midnight admits a client only before midnight. Stateless and
 * thread-safe.
 */
public final class ConnectTimes
{
    /** A client outside every window: not allowed. */
    public static final long NOT_ALLOWED = -1;
    /** No windows: allowed, with no time limit. */
    public static final long NO_LIMIT = 0;

    private ConnectTimes()
    {
    }

    /**
     * Whether a client may connect at {@code now}, and for how long.
     *
     * @return {@link #NOT_ALLOWED}, {@link #NO_LIMIT} when there are no windows, else the nanoseconds until the
     * window that admits the client ends (the Go server closes the client then)
     */
    public static long validFor(final List<TimeRange> times, final String locale, final ZonedDateTime now)
    {
        if (times.isEmpty())
        {
            return NO_LIMIT;
        }
        final ZoneId zone;
        try
        {
            zone = locale.isEmpty() ? now.getZone() : zone(locale);
        }
        catch (final RuntimeException e)
        {
            return NOT_ALLOWED;
        }
        final ZonedDateTime local = now.withZoneSameInstant(zone);
        final LocalDate today = local.toLocalDate();
        for (final TimeRange r : times)
        {
            final long start = parseClock(r.start());
            final long end = parseClock(r.end());
            if (start < 0 || end < 0)
            {
                return NOT_ALLOWED;
            }
            final ZonedDateTime s = ZonedDateTime.of(today, LocalTime.ofSecondOfDay(start), zone);
            ZonedDateTime e = ZonedDateTime.of(today, LocalTime.ofSecondOfDay(end), zone);
            if (start > end)
            {
                e = e.plusDays(1);
            }
            if (s.isBefore(local) && e.isAfter(local))
            {
                return Math.max(1, Duration.between(local, e).toNanos());
            }
        }
        return NOT_ALLOWED;
    }

    /** Seconds of the day of "15:04:05" (hour of one or two digits, as Go's layout reads it), or -1. */
    static long parseClock(final String s)
    {
        final String[] p = s.split(":", -1);
        if (p.length != 3 || p[0].isEmpty() || p[0].length() > 2 || p[1].length() != 2 || p[2].length() != 2)
        {
            return -1;
        }
        for (final String part : p)
        {
            if (!part.chars().allMatch(c -> c >= '0' && c <= '9'))
            {
                return -1;
            }
        }
        final int h = Integer.parseInt(p[0]);
        final int m = Integer.parseInt(p[1]);
        final int sec = Integer.parseInt(p[2]);
        if (h > 23 || m > 59 || sec > 59)
        {
            return -1;
        }
        return h * 3600L + m * 60L + sec;
    }

    /** An IANA zone as Go's LoadLocation names them ("UTC", "Local", "Europe/Berlin"). */
    static ZoneId zone(final String name)
    {
        if (name.equals("UTC"))
        {
            return ZoneOffset.UTC;
        }
        if (name.equals("Local"))
        {
            return ZoneId.systemDefault();
        }
        return ZoneId.of(name);
    }
}
