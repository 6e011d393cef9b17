package io.torus.perf.load;

/**
 * The first 12 bytes of every benchmark payload: publisher id (4 bytes) and that publisher's sequence number
 * (8 bytes), big-endian. That is what lets every subscriber check count, order per publisher and loss without
 * keeping copies of what was sent. The rest is a fixed filler pattern.
 */
public final class Payload {
    public static final int HEADER = 12;
    public static final int MIN_SIZE = 16;

    private Payload() {
    }

    public static byte[] template(int size, int publisher) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("message size must be at least " + MIN_SIZE + " bytes, was " + size);
        }
        byte[] p = new byte[size];
        for (int i = HEADER; i < size; i++) {
            p[i] = (byte) ('a' + (i % 26));
        }
        putInt(p, 0, publisher);
        return p;
    }

    public static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    public static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    public static int getInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    public static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    public static void setSequence(byte[] b, int payloadOff, long seq) {
        putLong(b, payloadOff + 4, seq);
    }

    public static int publisher(byte[] b, int payloadOff) {
        return getInt(b, payloadOff);
    }

    public static long sequence(byte[] b, int payloadOff) {
        return getLong(b, payloadOff + 4);
    }

    /** Cheap integrity probe: the last byte must still be the filler, so truncation or corruption shows. */
    public static boolean tailIntact(byte[] b, int payloadOff, int len) {
        int last = len - 1;
        return last < HEADER || b[payloadOff + last] == (byte) ('a' + (last % 26));
    }
}
