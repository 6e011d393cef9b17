package io.torus.core.subject;

import org.agrona.DirectBuffer;

/**
 * Cache of match results by subject, looked up from a buffer region without allocation. Bounded like the Go server's
 * sublist cache (1024 subjects); when full it is emptied rather than evicting one by one, which keeps lookups to one
 * probe sequence. Single-threaded: owned by the matching thread.
 */
final class SubjectCache<C>
{
    static final int MAX_ENTRIES = 1024;

    private final int maxEntries;
    private final int mask;
    private final byte[][] keys;
    private final Object[] values;
    private int size;
    /** Fanout (plain subscriptions plus queue groups) summed and maxed over the entries, for monitoring. */
    private int totalFanout;
    private int maxFanout;

    SubjectCache()
    {
        this(MAX_ENTRIES);
    }

    /** @param maxEntries a power of two: subjects kept before the cache is emptied */
    SubjectCache(final int maxEntries)
    {
        this.maxEntries = maxEntries;
        this.mask = maxEntries * 2 - 1;
        this.keys = new byte[maxEntries * 2][];
        this.values = new Object[maxEntries * 2];
    }

    @SuppressWarnings("unchecked")
    MatchResult<C> get(final DirectBuffer buf, final int off, final int len)
    {
        int i = TokenMap.hash(buf, off, len) & mask;
        byte[] k;
        while ((k = keys[i]) != null)
        {
            if (TokenMap.equals(k, buf, off, len))
            {
                return (MatchResult<C>)values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    void put(final DirectBuffer buf, final int off, final int len, final MatchResult<C> result)
    {
        if (size >= maxEntries)
        {
            clear();
        }
        final byte[] key = new byte[len];
        buf.getBytes(off, key);
        int i = TokenMap.hash(buf, off, len) & mask;
        while (keys[i] != null)
        {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = result;
        size++;
        final int fanout = result.plain().length + result.queueGroups().length;
        totalFanout += fanout;
        maxFanout = Math.max(maxFanout, fanout);
    }

    void clear()
    {
        if (size > 0)
        {
            java.util.Arrays.fill(keys, null);
            java.util.Arrays.fill(values, null);
            size = 0;
            totalFanout = 0;
            maxFanout = 0;
        }
    }

    int totalFanout()
    {
        return totalFanout;
    }

    int maxFanout()
    {
        return maxFanout;
    }

    int size()
    {
        return size;
    }
}
