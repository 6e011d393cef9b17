package io.torus.io;

import java.security.SecureRandom;

/**
 * A server id in the Go server's form: an NKey public server key (prefix 'N', 32 key bytes, CRC-16, base32 without
 * padding: 56 characters). Torus has no server signing key yet, so the key bytes are random.
 */
final class ServerIdentity
{
    private static final byte PREFIX_SERVER = 13 << 3;
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private ServerIdentity()
    {
    }

    static String newServerId()
    {
        final byte[] raw = new byte[1 + 32 + 2];
        raw[0] = PREFIX_SERVER;
        final byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        System.arraycopy(key, 0, raw, 1, 32);
        final int crc = crc16(raw, 33);
        raw[33] = (byte)crc;
        raw[34] = (byte)(crc >>> 8);
        return base32(raw);
    }

    private static int crc16(final byte[] data, final int len)
    {
        int crc = 0;
        for (int i = 0; i < len; i++)
        {
            crc ^= (data[i] & 0xff) << 8;
            for (int b = 0; b < 8; b++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xffff;
    }

    private static String base32(final byte[] data)
    {
        final StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (final byte b : data)
        {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5)
            {
                sb.append(BASE32[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            sb.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return sb.toString();
    }
}
