package io.torus.perf.report;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;

/** The standard HdrHistogram percentile distribution (.hgrm) of a nanosecond histogram, in microseconds. */
public final class HistogramText {
    private HistogramText() {
    }

    public static String percentiles(Histogram nanos) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            nanos.outputPercentileDistribution(out, 5, 1000.0);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
