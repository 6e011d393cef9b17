package io.torus.core.auth.jwt;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IP network in CIDR notation ("10.0.0.0/8", "2001:db8::/32") as Go's net.ParseCIDR reads it, and IP literals as
 * net.ParseIP reads them; never a DNS lookup. Immutable and thread-safe.
 */
final class Cidr
{
    private final byte[] network;
    private final int prefixBits;

    private Cidr(final byte[] network, final int prefixBits)
    {
        this.network = network;
        this.prefixBits = prefixBits;
    }

    /** The network, or null when the text is not "ip/bits". */
    static Cidr parse(final String text)
    {
        final int slash = text.indexOf('/');
        if (slash < 0)
        {
            return null;
        }
        final byte[] ip = parseIp(text.substring(0, slash));
        final String bits = text.substring(slash + 1);
        if (ip == null || bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit))
        {
            return null;
        }
        final int n = Integer.parseInt(bits);
        if (n > ip.length * 8)
        {
            return null;
        }
        return new Cidr(ip, n);
    }

    /** Whether the address (raw bytes from {@link #parseIp}) is inside the network; IPv4 never matches IPv6. */
    boolean contains(final byte[] ip)
    {
        byte[] a = ip;
        if (a.length != network.length)
        {
            a = ip.length == 16 && network.length == 4 ? v4Mapped(ip) : null;
            if (a == null)
            {
                return false;
            }
        }
        final BigInteger mask = BigInteger.ONE.shiftLeft(network.length * 8).subtract(BigInteger.ONE)
            .shiftRight(prefixBits).not();
        return new BigInteger(1, a).and(mask).equals(new BigInteger(1, network).and(mask));
    }

    private static byte[] v4Mapped(final byte[] ip)
    {
        for (int i = 0; i < 10; i++)
        {
            if (ip[i] != 0)
            {
                return null;
            }
        }
        if (ip[10] != (byte)0xFF || ip[11] != (byte)0xFF)
        {
            return null;
        }
        return new byte[] {ip[12], ip[13], ip[14], ip[15]};
    }

    /** An IPv4 dotted quad (no leading zeros, as Go) or an IPv6 literal; null for anything else. */
    static byte[] parseIp(final String s)
    {
        if (s.indexOf(':') >= 0)
        {
            if (!s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.'))
            {
                return null;
            }
            try
            {
                // A literal with only hex digits, ':' and '.' is never looked up in DNS.
                final byte[] a = InetAddress.getByName(s).getAddress();
                return a.length == 4 ? toV4Mapped(a) : a;
            }
            catch (final UnknownHostException | RuntimeException e)
            {
                return null;
            }
        }
        final String[] parts = s.split("\\.", -1);
        if (parts.length != 4)
        {
            return null;
        }
        final byte[] out = new byte[4];
        for (int i = 0; i < 4; i++)
        {
            final String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) ||
                (p.length() > 1 && p.charAt(0) == '0'))
            {
                return null;
            }
            final int v = Integer.parseInt(p);
            if (v > 255)
            {
                return null;
            }
            out[i] = (byte)v;
        }
        return out;
    }

    private static byte[] toV4Mapped(final byte[] v4)
    {
        final byte[] a = new byte[16];
        a[10] = (byte)0xFF;
        a[11] = (byte)0xFF;
        System.arraycopy(v4, 0, a, 12, 4);
        return a;
    }
}
