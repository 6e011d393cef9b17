package io.torus.core.auth.nkey;

/**
 * RFC 4648 base32 (alphabet A-Z 2-7) without padding, as nkeys encodes keys. Like Go's decoder, carriage returns and
 * line feeds are skipped and the unused low bits of the last character are not checked. Stateless and thread-safe.
 */
final class Base32
{
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int[] DECODE = new int[128];

    static
    {
        java.util.Arrays.fill(DECODE, -1);
        for (int i = 0; i < ALPHABET.length(); i++)
        {
            DECODE[ALPHABET.charAt(i)] = i;
        }
    }

    private Base32()
    {
    }

    static String encode(final byte[] data)
    {
        final StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (final byte b : data)
        {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5)
            {
                out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /** The decoded bytes, or null when a character is outside the alphabet or the length is impossible. */
    static byte[] decode(final CharSequence text)
    {
        final byte[] out = new byte[text.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        int chars = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '\r' || c == '\n')
            {
                continue;
            }
            final int v = c < 128 ? DECODE[c] : -1;
            if (v < 0)
            {
                return null;
            }
            chars++;
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                out[n++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }
        // Lengths 1, 3 and 6 (mod 8) cannot come from whole bytes; Go rejects them as corrupt input.
        final int rem = chars % 8;
        if (rem == 1 || rem == 3 || rem == 6)
        {
            return null;
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }
}
