package io.torus.core.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A certificate's subject (or issuer) as its DER holds it: the RDNs in the order written, each with its attributes in
 * the order written. Values are decoded as Go's {@code encoding/asn1} decodes them into an {@code interface{}}: the
 * string types become strings, anything else has no string value. Immutable.
 */
public final class X509Name
{
    /** One attribute: its OID in dotted form, its value as a string (null when not a string type). */
    public record Attribute(String oid, String value)
    {
    }

    private final List<List<Attribute>> rdns;

    private X509Name(final List<List<Attribute>> rdns)
    {
        this.rdns = rdns;
    }

    /** Parses a DER Name ({@code X500Principal.getEncoded()}); throws IllegalArgumentException when malformed. */
    public static X509Name parse(final byte[] der)
    {
        final Der.Tlv seq = Der.read(der, 0);
        if (seq.tag() != Der.SEQUENCE)
        {
            throw new IllegalArgumentException("not a Name");
        }
        final List<List<Attribute>> rdns = new ArrayList<>();
        int p = seq.valueOffset();
        while (p < seq.end())
        {
            final Der.Tlv set = Der.read(der, p);
            final List<Attribute> atvs = new ArrayList<>();
            int q = set.valueOffset();
            while (q < set.end())
            {
                final Der.Tlv atv = Der.read(der, q);
                final Der.Tlv oid = Der.read(der, atv.valueOffset());
                final Der.Tlv value = Der.read(der, oid.end());
                atvs.add(new Attribute(oid(der, oid), string(der, value)));
                q = atv.end();
            }
            rdns.add(Collections.unmodifiableList(atvs));
            p = set.end();
        }
        return new X509Name(Collections.unmodifiableList(rdns));
    }

    /** The RDNs in the order the certificate holds them (Go's {@code pkix.RDNSequence}). */
    public List<List<Attribute>> rdns()
    {
        return rdns;
    }

    private static String oid(final byte[] b, final Der.Tlv t)
    {
        final StringBuilder sb = new StringBuilder();
        long v = 0;
        boolean first = true;
        for (int i = t.valueOffset(); i < t.end(); i++)
        {
            v = (v << 7) | (b[i] & 0x7F);
            if ((b[i] & 0x80) == 0)
            {
                if (first)
                {
                    final long x = v < 40 ? 0 : v < 80 ? 1 : 2;
                    sb.append(x).append('.').append(v - 40 * x);
                    first = false;
                }
                else
                {
                    sb.append('.').append(v);
                }
                v = 0;
            }
        }
        return sb.toString();
    }

    private static String string(final byte[] b, final Der.Tlv t)
    {
        final int off = t.valueOffset();
        final int len = t.length();
        switch (t.tag())
        {
            case 0x0C: // UTF8String
                return new String(b, off, len, StandardCharsets.UTF_8);
            case 0x12: // NumericString
            case 0x13: // PrintableString
            case 0x16: // IA5String
                return new String(b, off, len, StandardCharsets.US_ASCII);
            case 0x14: // T61String: Go takes the bytes as they are
                return new String(b, off, len, StandardCharsets.ISO_8859_1);
            case 0x1E: // BMPString
                return new String(b, off, len, StandardCharsets.UTF_16BE);
            default:
                return null;
        }
    }
}
