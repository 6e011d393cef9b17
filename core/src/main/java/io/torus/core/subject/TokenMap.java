package io.torus.core.subject;

import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * Open-addressing map from one subject token (bytes) to a value, looked up straight from a region of a buffer so that
 * matching a subject allocates nothing. Single-threaded: owned by the matching thread.
 */
public final class TokenMap<V>
{
    private byte[][] keys = new byte[4][];
    private Object[] values = new Object[4];
    private int size;

    int size()
    {
        return size;
    }

    @SuppressWarnings("unchecked")
    V get(final DirectBuffer buf, final int off, final int len)
    {
        final int mask = keys.length - 1;
        int i = hash(buf, off, len) & mask;
        byte[] k;
        while ((k = keys[i]) != null)
        {
            if (equals(k, buf, off, len))
            {
                return (V)values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    V get(final byte[] token)
    {
        final int mask = keys.length - 1;
        int i = hash(token) & mask;
        byte[] k;
        while ((k = keys[i]) != null)
        {
            if (Arrays.equals(k, token))
            {
                return (V)values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    void put(final byte[] token, final V value)
    {
        if ((size + 1) * 2 > keys.length)
        {
            rehash(keys.length * 2);
        }
        final int mask = keys.length - 1;
        int i = hash(token) & mask;
        byte[] k;
        while ((k = keys[i]) != null)
        {
            if (Arrays.equals(k, token))
            {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = token;
        values[i] = value;
        size++;
    }

    void remove(final byte[] token)
    {
        final int mask = keys.length - 1;
        int i = hash(token) & mask;
        byte[] k;
        while ((k = keys[i]) != null)
        {
            if (Arrays.equals(k, token))
            {
                keys[i] = null;
                values[i] = null;
                size--;
                // Re-insert the rest of the cluster so that probing still finds them.
                i = (i + 1) & mask;
                while ((k = keys[i]) != null)
                {
                    final Object v = values[i];
                    keys[i] = null;
                    values[i] = null;
                    size--;
                    @SuppressWarnings("unchecked") final V value = (V)v;
                    put(k, value);
                    i = (i + 1) & mask;
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    private void rehash(final int capacity)
    {
        final byte[][] oldKeys = keys;
        final Object[] oldValues = values;
        keys = new byte[capacity][];
        values = new Object[capacity];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++)
        {
            if (oldKeys[i] != null)
            {
                @SuppressWarnings("unchecked") final V v = (V)oldValues[i];
                put(oldKeys[i], v);
            }
        }
    }

    public static int hash(final DirectBuffer buf, final int off, final int len)
    {
        int h = 0x811c9dc5;
        for (int i = off, end = off + len; i < end; i++)
        {
            h = (h ^ buf.getByte(i)) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    public static int hash(final byte[] b)
    {
        int h = 0x811c9dc5;
        for (final byte x : b)
        {
            h = (h ^ x) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    public static boolean equals(final byte[] k, final DirectBuffer buf, final int off, final int len)
    {
        if (k.length != len)
        {
            return false;
        }
        for (int i = 0; i < len; i++)
        {
            if (k[i] != buf.getByte(off + i))
            {
                return false;
            }
        }
        return true;
    }
}
