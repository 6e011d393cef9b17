package io.torus.core.tls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The few DER operations key loading needs: read one TLV, write one TLV. Not a general ASN.1 library: only what
 * turns PKCS#1 and SEC1 private keys into PKCS#8, which the JDK's key factories read.
 */
final class Der
{
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** Context-specific, constructed, tag 0: SEC1's {@code parameters [0]}. */
    static final int CONTEXT_0 = 0xA0;

    private Der()
    {
    }

    /** A TLV found in a buffer: tag, where its value starts, how long the value is, where the TLV ends. */
    record Tlv(int tag, int valueOffset, int length)
    {
        int end()
        {
            return valueOffset + length;
        }
    }

    static Tlv read(final byte[] b, final int off)
    {
        if (off + 2 > b.length)
        {
            throw new IllegalArgumentException("truncated DER");
        }
        final int tag = b[off] & 0xFF;
        int len = b[off + 1] & 0xFF;
        int p = off + 2;
        if (len >= 0x80)
        {
            final int n = len & 0x7F;
            if (n == 0 || n > 4 || p + n > b.length)
            {
                throw new IllegalArgumentException("bad DER length");
            }
            len = 0;
            for (int i = 0; i < n; i++)
            {
                len = (len << 8) | (b[p++] & 0xFF);
            }
        }
        if (len < 0 || p + len > b.length)
        {
            throw new IllegalArgumentException("truncated DER");
        }
        return new Tlv(tag, p, len);
    }

    static byte[] value(final byte[] b, final Tlv t)
    {
        return Arrays.copyOfRange(b, t.valueOffset(), t.end());
    }

    static byte[] whole(final byte[] b, final int off, final Tlv t)
    {
        return Arrays.copyOfRange(b, off, t.end());
    }

    static byte[] tlv(final int tag, final byte[]... parts)
    {
        int len = 0;
        for (final byte[] p : parts)
        {
            len += p.length;
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
        out.write(tag);
        if (len < 0x80)
        {
            out.write(len);
        }
        else if (len < 0x100)
        {
            out.write(0x81);
            out.write(len);
        }
        else if (len < 0x10000)
        {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        }
        else
        {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        for (final byte[] p : parts)
        {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
