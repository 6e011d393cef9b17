package io.torus.storage;

/**
 * Count and sequence range of the messages matching a subject or filter. Mutable so a caller can reuse one.
 */
public final class SimpleState
{
    public long msgs;
    public long first;
    public long last;

    public SimpleState()
    {
    }

    public SimpleState(final long msgs, final long first, final long last)
    {
        this.msgs = msgs;
        this.first = first;
        this.last = last;
    }

    public void reset()
    {
        msgs = 0;
        first = 0;
        last = 0;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof SimpleState s && s.msgs == msgs && s.first == first && s.last == last;
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(msgs * 31 + first * 17 + last);
    }

    @Override
    public String toString()
    {
        return "SimpleState{msgs=" + msgs + ", first=" + first + ", last=" + last + '}';
    }
}
