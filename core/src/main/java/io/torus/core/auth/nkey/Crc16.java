package io.torus.core.auth.nkey;

/**
 * The checksum the nkeys library appends to every encoded key: CRC-16/XMODEM (polynomial 0x1021, initial value 0,
 * no reflection), written little-endian. Computed bit by bit: keys are checked once per CONNECT, not per message.
 * Stateless and thread-safe.
 */
final class Crc16
{
    private static final int POLYNOMIAL = 0x1021;

    private Crc16()
    {
    }

    static int of(final byte[] data, final int off, final int len)
    {
        int crc = 0;
        for (int i = off; i < off + len; i++)
        {
            crc ^= (data[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ POLYNOMIAL : crc << 1;
            }
        }
        return crc & 0xFFFF;
    }
}
