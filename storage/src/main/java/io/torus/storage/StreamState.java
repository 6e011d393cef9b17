package io.torus.storage;

/**
 * What {@link StreamStore#state(StreamState)} reports. Mutable and reusable: the store fills a caller's instance.
 * Times are epoch nanoseconds, 0 when there is no message.
 */
public final class StreamState
{
    public long msgs;
    public long bytes;
    public long firstSeq;
    public long firstTime;
    public long lastSeq;
    public long lastTime;
    /** Sequences between first and last that hold no message (removed, erased, skipped). */
    public long numDeleted;
    public long numSubjects;

    @Override
    public String toString()
    {
        return "StreamState{msgs=" + msgs + ", bytes=" + bytes + ", firstSeq=" + firstSeq + ", lastSeq=" + lastSeq +
            ", numDeleted=" + numDeleted + ", numSubjects=" + numSubjects + '}';
    }
}
