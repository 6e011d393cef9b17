package io.torus.core.pipeline;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Latency of the pipeline, measured where it happens: from the parse of an operation on an I/O thread to the
 * matching stage picking it up, and to the event loop writing the resulting bytes to the socket. Recording is
 * wait-free; readers take interval histograms.
 */
public final class PipelineLatency
{
    private static final long HIGHEST_NANOS = 60_000_000_000L;

    /** Single writer: the matching thread. */
    private final SingleWriterRecorder ingressToMatch = new SingleWriterRecorder(HIGHEST_NANOS, 3);
    /** Many writers: the event loops. */
    private final Recorder ingressToWrite = new Recorder(HIGHEST_NANOS, 3);
    private final Histogram totalMatch = new Histogram(HIGHEST_NANOS, 3);
    private final Histogram totalWrite = new Histogram(HIGHEST_NANOS, 3);

    public void recordIngressToMatch(final long nanos)
    {
        ingressToMatch.recordValue(Math.min(Math.max(nanos, 0), HIGHEST_NANOS));
    }

    /** {@code count} operations that waited the same time (they were parsed from one read). */
    public void recordIngressToMatch(final long nanos, final long count)
    {
        ingressToMatch.recordValueWithCount(Math.min(Math.max(nanos, 0), HIGHEST_NANOS), count);
    }

    public void recordIngressToWrite(final long nanos)
    {
        ingressToWrite.recordValue(Math.min(Math.max(nanos, 0), HIGHEST_NANOS));
    }

    /** Everything recorded since the start. Call from one reader thread at a time. */
    public synchronized Histogram ingressToMatchTotal()
    {
        totalMatch.add(ingressToMatch.getIntervalHistogram());
        return totalMatch.copy();
    }

    public synchronized Histogram ingressToWriteTotal()
    {
        totalWrite.add(ingressToWrite.getIntervalHistogram());
        return totalWrite.copy();
    }
}
