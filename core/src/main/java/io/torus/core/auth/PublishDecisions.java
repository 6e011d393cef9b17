package io.torus.core.auth;

import io.torus.core.subject.TokenMap;
import org.agrona.DirectBuffer;

/**
 * The publish permission already decided per subject, as Go's per-client publish cache: one hash and one compare
 * per PUB instead of a match in the allow list and another in the deny list. Bounded like Go's (128 subjects);
 * emptied when full. Not thread-safe: one per connection, on its event loop.
 */
final class PublishDecisions
{
    private static final int MAX_ENTRIES = 128;
    private static final int MASK = MAX_ENTRIES * 2 - 1;

    private final byte[][] keys = new byte[MAX_ENTRIES * 2][];
    private final boolean[] allowed = new boolean[MAX_ENTRIES * 2];
    private int size;
    /** The last subject asked about: publishers mostly repeat theirs, and a compare is cheaper than a hash. */
    private byte[] lastKey;
    private boolean lastAllowed;

    /** 1 allowed, 0 denied, -1 not decided yet. */
    int get(final DirectBuffer buf, final int off, final int len)
    {
        final byte[] last = lastKey;
        if (last != null && TokenMap.equals(last, buf, off, len))
        {
            return lastAllowed ? 1 : 0;
        }
        int i = TokenMap.hash(buf, off, len) & MASK;
        byte[] k;
        while ((k = keys[i]) != null)
        {
            if (TokenMap.equals(k, buf, off, len))
            {
                lastKey = k;
                lastAllowed = allowed[i];
                return allowed[i] ? 1 : 0;
            }
            i = (i + 1) & MASK;
        }
        return -1;
    }

    void put(final DirectBuffer buf, final int off, final int len, final boolean allow)
    {
        if (size >= MAX_ENTRIES)
        {
            java.util.Arrays.fill(keys, null);
            size = 0;
            lastKey = null;
        }
        final byte[] key = new byte[len];
        buf.getBytes(off, key);
        int i = TokenMap.hash(buf, off, len) & MASK;
        while (keys[i] != null)
        {
            i = (i + 1) & MASK;
        }
        keys[i] = key;
        allowed[i] = allow;
        size++;
        lastKey = key;
        lastAllowed = allow;
    }
}
