package io.torus.io.monitor;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Text the Go server's monitoring JSON carries in Go's own formats: times as {@code time.RFC3339Nano} (fraction
 * without trailing zeros), {@code uptime} as {@code 1d2h3m4s} ({@code myUptime} in {@code monitor.go}) and durations
 * as {@code time.Duration.String()} ({@code "1.5ms"}, {@code "196µs"}). Stateless, any thread.
 */
public final class GoFormat
{
    private static final DateTimeFormatter SECONDS =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private GoFormat()
    {
    }

    public static String rfc3339Nano(final long epochNanos)
    {
        final long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        final int nanos = (int)Math.floorMod(epochNanos, 1_000_000_000L);
        final StringBuilder sb = new StringBuilder(32).append(SECONDS.format(Instant.ofEpochSecond(seconds)));
        if (nanos != 0)
        {
            final String frac = Integer.toString(1_000_000_000 + nanos).substring(1);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0')
            {
                end--;
            }
            sb.append('.').append(frac, 0, end);
        }
        return sb.append('Z').toString();
    }

    /** Go's {@code myUptime}: whole seconds, with minutes, hours, days and years as they become non-zero. */
    public static String uptime(final long nanos)
    {
        final long secs = Math.max(0, nanos) / 1_000_000_000L;
        final long mins = secs / 60;
        final long hrs = mins / 60;
        final long days = hrs / 24;
        final long yrs = days / 365;
        if (yrs > 0)
        {
            return yrs + "y" + days % 365 + "d" + hrs % 24 + "h" + mins % 60 + "m" + secs % 60 + "s";
        }
        if (days > 0)
        {
            return days + "d" + hrs % 24 + "h" + mins % 60 + "m" + secs % 60 + "s";
        }
        if (hrs > 0)
        {
            return hrs + "h" + mins % 60 + "m" + secs % 60 + "s";
        }
        if (mins > 0)
        {
            return mins + "m" + secs % 60 + "s";
        }
        return secs + "s";
    }

    /** Go's {@code time.Duration.String()}. */
    public static String duration(final long nanos)
    {
        if (nanos == 0)
        {
            return "0s";
        }
        final boolean neg = nanos < 0;
        final long u = Math.abs(nanos);
        final String text;
        if (u < 1_000L)
        {
            text = u + "ns";
        }
        else if (u < 1_000_000L)
        {
            text = fraction(u, 1_000L) + "µs";
        }
        else if (u < 1_000_000_000L)
        {
            text = fraction(u, 1_000_000L) + "ms";
        }
        else
        {
            final long totalSecs = u / 1_000_000_000L;
            final long h = totalSecs / 3600;
            final long m = totalSecs / 60 % 60;
            final String s = fraction(u % 60_000_000_000L, 1_000_000_000L) + "s";
            text = h > 0 ? h + "h" + m + "m" + s : m > 0 ? m + "m" + s : s;
        }
        return neg ? "-" + text : text;
    }

    /** {@code value / unit} with the remainder as a decimal fraction, trailing zeros dropped. */
    private static String fraction(final long value, final long unit)
    {
        final long whole = value / unit;
        final long rest = value % unit;
        if (rest == 0)
        {
            return Long.toString(whole);
        }
        final int digits = Long.toString(unit).length() - 1;
        String frac = Long.toString(unit + rest).substring(1);
        int end = frac.length();
        while (frac.charAt(end - 1) == '0')
        {
            end--;
        }
        frac = frac.substring(0, Math.min(end, digits));
        return whole + "." + frac;
    }
}
