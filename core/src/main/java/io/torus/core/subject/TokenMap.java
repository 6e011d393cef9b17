package io.torus.core.subject;

import org.agrona.DirectBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import java.util.Arrays;

/**
 * Open-addressing map from one subject token (bytes) to a value, looked up straight from a region of a buffer so that
 * matching a subject allocates nothing. Single-threaded: owned by the matching thread.
 */
public final class TokenMap<V>
{
    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
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
        // Eight bytes per step: subjects are tens of bytes and this runs on every cached match.
        long h = 0x9E3779B97F4A7C15L ^ len;
        int i = off;
        final int end = off + len;
        for (; i + 8 <= end; i += 8)
        {
            h = (h ^ buf.getLong(i, ByteOrder.LITTLE_ENDIAN)) * 0xFF51AFD7ED558CCDL;
            h ^= h >>> 32;
        }
        for (; i < end; i++)
        {
            h = (h ^ buf.getByte(i)) * 0x100000001B3L;
        }
        h ^= h >>> 29;
        return (int)(h ^ (h >>> 32));
    }

    public static int hash(final byte[] b)
    {
        long h = 0x9E3779B97F4A7C15L ^ b.length;
        int i = 0;
        for (; i + 8 <= b.length; i += 8)
        {
            h = (h ^ (long)LONGS.get(b, i)) * 0xFF51AFD7ED558CCDL;
            h ^= h >>> 32;
        }
        for (; i < b.length; i++)
        {
            h = (h ^ b[i]) * 0x100000001B3L;
        }
        h ^= h >>> 29;
        return (int)(h ^ (h >>> 32));
    }

    public static boolean equals(final byte[] k, final DirectBuffer buf, final int off, final int len)
    {
        if (k.length != len)
        {
            return false;
        }
        int i = 0;
        for (; i + 8 <= len; i += 8)
        {
            if ((long)LONGS.get(k, i) != buf.getLong(off + i, ByteOrder.LITTLE_ENDIAN))
            {
                return false;
            }
        }
        for (; i < len; i++)
        {
            if (k[i] != buf.getByte(off + i))
            {
                return false;
            }
        }
        return true;
    }
}
