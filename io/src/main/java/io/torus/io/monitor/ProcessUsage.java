package io.torus.io.monitor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory and CPU use, as {@code /varz} reports {@code mem} and {@code cpu}: the resident set
 * size from {@code /proc/self/status}, and CPU time over wall time since the previous sample, in percent of one core
 * (so up to cores x 100, as in Go). Monitoring thread only.
 */
final class ProcessUsage
{
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final long MIN_SAMPLE_NANOS = 500_000_000L;

    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
    private long lastWallNanos;
    private long lastCpuNanos;
    private double lastPercent;

    ProcessUsage()
    {
        lastWallNanos = System.nanoTime();
        lastCpuNanos = os.getProcessCpuTime();
    }

    /** Resident set size in bytes; the JVM's committed heap where /proc is not there. */
    long residentBytes()
    {
        try
        {
            for (final String line : Files.readAllLines(STATUS))
            {
                if (line.startsWith("VmRSS:"))
                {
                    final String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024L;
                }
            }
        }
        catch (final IOException | RuntimeException e)
        {
            // not Linux, or /proc not mounted: fall through
        }
        return Runtime.getRuntime().totalMemory();
    }

    /** CPU percent since the previous sample (at least half a second apart, else the previous value). */
    double cpuPercent()
    {
        final long now = System.nanoTime();
        final long elapsed = now - lastWallNanos;
        if (elapsed >= MIN_SAMPLE_NANOS)
        {
            final long cpu = os.getProcessCpuTime();
            lastPercent = Math.round((cpu - lastCpuNanos) * 10000.0 / elapsed) / 100.0;
            lastCpuNanos = cpu;
            lastWallNanos = now;
        }
        return lastPercent;
    }
}
