package io.torus.core.tls;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A distinguished name compared as the Go server compares a certificate's subject with a configured user name under
 * {@code verify_and_map} (its {@code internal/ldap} package, RFC 4514): RDNs most significant last, as written in a
 * string; attribute types compared without regard to case, values exactly; attributes within an RDN in any order.
 * Immutable.
 */
public final class DistinguishedName
{
    /** The attribute names Go's ldap package knows; a certificate with any other attribute has no DN for matching. */
    private static final Map<String, String> TYPE_NAMES = Map.of(
        "2.5.4.3", "CN", "2.5.4.5", "SERIALNUMBER", "2.5.4.6", "C", "2.5.4.7", "L", "2.5.4.8", "ST",
        "2.5.4.9", "STREET", "2.5.4.10", "O", "2.5.4.11", "OU", "2.5.4.17", "POSTALCODE",
        "0.9.2342.19200300.100.1.25", "DC");

    /** One {@code type=value}. */
    public record Attribute(String type, String value)
    {
        boolean matches(final Attribute other)
        {
            return type.equalsIgnoreCase(other.type) && value.equals(other.value);
        }
    }

    private final List<List<Attribute>> rdns;

    private DistinguishedName(final List<List<Attribute>> rdns)
    {
        this.rdns = rdns;
    }

    public List<List<Attribute>> rdns()
    {
        return rdns;
    }

    /**
     * A certificate subject's DN as Go's {@code ldap.FromRawCertSubject}: RDNs reversed into string order, attributes
     * in each RDN reversed; null when an attribute is not one Go's ldap package names, or not a string.
     */
    public static DistinguishedName fromSubject(final X509Name subject)
    {
        final List<List<Attribute>> rdns = new ArrayList<>();
        final List<List<X509Name.Attribute>> raw = subject.rdns();
        for (int i = raw.size() - 1; i >= 0; i--)
        {
            final List<X509Name.Attribute> rdn = raw.get(i);
            if (rdn.isEmpty())
            {
                continue;
            }
            final List<Attribute> attrs = new ArrayList<>();
            for (int j = rdn.size() - 1; j >= 0; j--)
            {
                final X509Name.Attribute a = rdn.get(j);
                final String type = TYPE_NAMES.get(a.oid());
                if (type == null || a.value() == null)
                {
                    return null;
                }
                attrs.add(new Attribute(type, a.value()));
            }
            rdns.add(Collections.unmodifiableList(attrs));
        }
        return new DistinguishedName(Collections.unmodifiableList(rdns));
    }

    /**
     * Parses an RFC 4514 string as Go's {@code ldap.ParseDN}: {@code \}-escapes of specials and hex pairs, unescaped
     * leading and trailing spaces of a value dropped, {@code +} between attributes of one RDN; BER values ({@code #})
     * refused. Throws IllegalArgumentException when the string is not a DN.
     */
    public static DistinguishedName parse(final String str)
    {
        final List<List<Attribute>> rdns = new ArrayList<>();
        List<Attribute> rdn = new ArrayList<>();
        final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        String type = null;
        boolean escaping = false;
        int trailingSpaces = 0;
        final byte[] s = str.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < s.length; i++)
        {
            final byte c = s[i];
            if (escaping)
            {
                trailingSpaces = 0;
                escaping = false;
                if (" \"#+,;<=>\\".indexOf(c) >= 0)
                {
                    buffer.write(c);
                    continue;
                }
                if (i + 1 >= s.length)
                {
                    throw new IllegalArgumentException("got corrupted escaped character");
                }
                final int hi = Character.digit(c, 16);
                final int lo = Character.digit(s[i + 1], 16);
                if (hi < 0 || lo < 0)
                {
                    throw new IllegalArgumentException("failed to decode escaped character");
                }
                buffer.write(hi << 4 | lo);
                i++;
            }
            else if (c == '\\')
            {
                trailingSpaces = 0;
                escaping = true;
            }
            else if (c == '=')
            {
                type = take(buffer, trailingSpaces);
                trailingSpaces = 0;
                if (i + 1 < s.length && s[i + 1] == '#')
                {
                    throw new IllegalArgumentException("unsupported BER encoding");
                }
            }
            else if (c == ',' || c == '+')
            {
                if (type == null || type.isEmpty())
                {
                    throw new IllegalArgumentException("incomplete type, value pair");
                }
                rdn.add(new Attribute(type, take(buffer, trailingSpaces)));
                trailingSpaces = 0;
                type = null;
                if (c == ',')
                {
                    rdns.add(Collections.unmodifiableList(rdn));
                    rdn = new ArrayList<>();
                }
            }
            else if (c == ' ' && buffer.size() == 0)
            {
                continue; // leading spaces
            }
            else
            {
                trailingSpaces = c == ' ' ? trailingSpaces + 1 : 0;
                buffer.write(c);
            }
        }
        if (buffer.size() > 0)
        {
            if (type == null || type.isEmpty())
            {
                throw new IllegalArgumentException("DN ended with incomplete type, value pair");
            }
            rdn.add(new Attribute(type, take(buffer, trailingSpaces)));
            rdns.add(Collections.unmodifiableList(rdn));
        }
        return new DistinguishedName(Collections.unmodifiableList(rdns));
    }

    private static String take(final java.io.ByteArrayOutputStream buffer, final int trailingSpaces)
    {
        final byte[] b = buffer.toByteArray();
        buffer.reset();
        return new String(b, 0, b.length - trailingSpaces, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Go's {@code DN.Equal}: same RDNs in the same positions. */
    public boolean matches(final DistinguishedName other)
    {
        if (rdns.size() != other.rdns.size())
        {
            return false;
        }
        for (int i = 0; i < rdns.size(); i++)
        {
            if (!sameRdn(rdns.get(i), other.rdns.get(i)))
            {
                return false;
            }
        }
        return true;
    }

    /** Go's {@code DN.RDNsMatch}: the same RDNs in any order. */
    public boolean rdnsMatch(final DistinguishedName other)
    {
        if (rdns.size() != other.rdns.size())
        {
            return false;
        }
        for (final List<Attribute> mine : rdns)
        {
            boolean found = false;
            for (final List<Attribute> theirs : other.rdns)
            {
                if (sameRdn(mine, theirs))
                {
                    found = true;
                    break;
                }
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }

    private static boolean sameRdn(final List<Attribute> a, final List<Attribute> b)
    {
        return a.size() == b.size() && containsAll(a, b) && containsAll(b, a);
    }

    private static boolean containsAll(final List<Attribute> in, final List<Attribute> wanted)
    {
        for (final Attribute w : wanted)
        {
            boolean found = false;
            for (final Attribute a : in)
            {
                if (a.matches(w))
                {
                    found = true;
                    break;
                }
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }
}
