package io.torus.core.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The names a client certificate offers for {@code verify_and_map}, and the order in which the Go server 2.9.10 tries
 * them against the configured users ({@code checkClientTLSCertSubject} in {@code server/auth.go}):
 * <ol>
 * <li>each e-mail address of the subject alternative names, then each DNS name, then each URI (literal user names);
 * <li>the subject as a distinguished name, compared with every user name that parses as one: first equal RDN by RDN,
 *     then the same RDNs in another order (skipped when the subject has an attribute Go's DN parser does not name);
 * <li>the subject in Go's {@code pkix} string form followed by its domain components ({@code ,DC=...}), if it has any;
 * <li>the subject in Go's {@code pkix} string form ({@code CN=alice,OU=eng+OU=ops,O=Acme,L=Town,ST=CA,C=US}): only
 *     C, ST, L, STREET, POSTALCODE, O, OU, CN and SERIALNUMBER, most significant last, several values of one type
 *     joined with {@code +}, one CN (the last written).
 * </ol>
 * Immutable; built once per connection when needed.
 */
public final class CertificateIdentity
{
    private static final String DC_OID = "0.9.2342.19200300.100.1.25";
    /** pkix.Name.ToRDNSequence's order (most significant first) and the short names its String() prints. */
    private static final String[][] PKIX_ORDER = {
        {"2.5.4.6", "C"}, {"2.5.4.8", "ST"}, {"2.5.4.7", "L"}, {"2.5.4.9", "STREET"}, {"2.5.4.17", "POSTALCODE"},
        {"2.5.4.10", "O"}, {"2.5.4.11", "OU"}, {"2.5.4.3", "CN"}, {"2.5.4.5", "SERIALNUMBER"}};
    private static final Map<String, String> PKIX_NAMES = Map.of(
        "2.5.4.6", "C", "2.5.4.8", "ST", "2.5.4.7", "L", "2.5.4.9", "STREET", "2.5.4.17", "POSTALCODE",
        "2.5.4.10", "O", "2.5.4.11", "OU", "2.5.4.3", "CN", "2.5.4.5", "SERIALNUMBER");

    private final X509Certificate certificate;
    private final List<String> emails = new ArrayList<>();
    private final List<String> dnsNames = new ArrayList<>();
    private final List<String> uris = new ArrayList<>();
    private final X509Name subject;
    private final String rdnString;
    private final String domainComponents;
    private final DistinguishedName subjectDn;

    private CertificateIdentity(final X509Certificate certificate)
    {
        this.certificate = certificate;
        try
        {
            final Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null)
            {
                for (final List<?> san : sans)
                {
                    final int type = (Integer)san.get(0);
                    final Object value = san.get(1);
                    if (value instanceof String)
                    {
                        if (type == 1)
                        {
                            emails.add((String)value);
                        }
                        else if (type == 2)
                        {
                            dnsNames.add((String)value);
                        }
                        else if (type == 6)
                        {
                            uris.add((String)value);
                        }
                    }
                }
            }
        }
        catch (final CertificateParsingException e)
        {
            // a certificate whose SANs do not parse offers no SAN names
        }
        subject = X509Name.parse(certificate.getSubjectX500Principal().getEncoded());
        rdnString = pkixString(subject, false);
        final List<String> dcs = new ArrayList<>();
        for (final List<X509Name.Attribute> rdn : subject.rdns())
        {
            for (final X509Name.Attribute a : rdn)
            {
                if (DC_OID.equals(a.oid()) && a.value() != null)
                {
                    dcs.add("DC=" + a.value());
                }
            }
        }
        domainComponents = String.join(",", dcs);
        subjectDn = DistinguishedName.fromSubject(subject);
    }

    public static CertificateIdentity of(final X509Certificate certificate)
    {
        return new CertificateIdentity(certificate);
    }

    public X509Certificate certificate()
    {
        return certificate;
    }

    public List<String> emailAddresses()
    {
        return Collections.unmodifiableList(emails);
    }

    public List<String> dnsNames()
    {
        return Collections.unmodifiableList(dnsNames);
    }

    public List<String> uris()
    {
        return Collections.unmodifiableList(uris);
    }

    /** Go's {@code cert.Subject.ToRDNSequence().String()}. */
    public String subjectRdnString()
    {
        return rdnString;
    }

    /** {@link #subjectRdnString()} + "," + the domain components in written order; null without any DC. */
    public String subjectWithDomainComponents()
    {
        return domainComponents.isEmpty() ? null : rdnString + "," + domainComponents;
    }

    /** The subject for DN matching; null when Go's ldap package could not read it (an attribute it does not name). */
    public DistinguishedName subjectDn()
    {
        return subjectDn;
    }

    /** Go's {@code cert.Subject.String()}: the RDN string with other attributes ({@code 1.2.3=#hex}) at the end. */
    public String subjectString()
    {
        return pkixString(subject, true);
    }

    /** Lower-case hex SHA-256 of the SubjectPublicKeyInfo: what {@code pinned_certs} lists, {@code spki_sha256}. */
    public String spkiSha256()
    {
        return sha256(certificate.getPublicKey().getEncoded());
    }

    /** Lower-case hex SHA-256 of the whole certificate ({@code cert_sha256} in {@code /connz}). */
    public String certSha256()
    {
        try
        {
            return sha256(certificate.getEncoded());
        }
        catch (final java.security.cert.CertificateEncodingException e)
        {
            return "";
        }
    }

    /**
     * The literal names in the order Go tries them: e-mails, DNS names, URIs, then subject with DCs (if any), then the
     * subject string. The DN comparison, which Go makes between URIs and the subject strings, needs the user names:
     * see {@link #findUser}. Empty when Go would not try at all (no e-mail, no URI and an empty subject).
     */
    public List<String> literalCandidates()
    {
        final List<String> out = new ArrayList<>();
        if (!hasNames())
        {
            return out;
        }
        out.addAll(emails);
        out.addAll(dnsNames);
        out.addAll(uris);
        if (subjectWithDomainComponents() != null)
        {
            out.add(subjectWithDomainComponents());
        }
        out.add(rdnString);
        return out;
    }

    /**
     * Go's whole lookup: the first configured user this certificate maps to, or null.
     *
     * @param isUser    whether a user of exactly this name exists (and may connect this way)
     * @param userNames every configured user name (and only those that may connect this way), for the DN comparison
     */
    public String findUser(final Predicate<String> isUser, final Collection<String> userNames)
    {
        if (!hasNames())
        {
            return null;
        }
        for (final List<String> names : List.of(emails, dnsNames, uris))
        {
            for (final String n : names)
            {
                if (isUser.test(n))
                {
                    return n;
                }
            }
        }
        if (subjectDn != null)
        {
            final List<String> candidates = new ArrayList<>();
            final List<DistinguishedName> parsed = new ArrayList<>();
            for (final String user : userNames)
            {
                final DistinguishedName dn;
                try
                {
                    dn = DistinguishedName.parse(user);
                }
                catch (final IllegalArgumentException notADn)
                {
                    continue;
                }
                if (dn.matches(subjectDn))
                {
                    return user;
                }
                candidates.add(user);
                parsed.add(dn);
            }
            for (int i = 0; i < parsed.size(); i++)
            {
                if (parsed.get(i).rdnsMatch(subjectDn))
                {
                    return candidates.get(i);
                }
            }
        }
        final String withDcs = subjectWithDomainComponents();
        if (withDcs != null && isUser.test(withDcs))
        {
            return withDcs;
        }
        return isUser.test(rdnString) ? rdnString : null;
    }

    /** Go's early exit: no e-mail, no URI and an empty subject means no user (DNS names alone do not count). */
    private boolean hasNames()
    {
        return !emails.isEmpty() || !uris.isEmpty() || !subjectString().isEmpty();
    }

    /**
     * pkix.Name as Go rebuilds it from a parsed certificate: the known attributes in ToRDNSequence's order, each type
     * one RDN (several values joined by '+'), a single CN and SERIALNUMBER (the last written); printed most
     * significant last. With {@code withOthers}, other attributes come first in the sequence (so last when printed),
     * as Name.String() puts them.
     */
    private static String pkixString(final X509Name name, final boolean withOthers)
    {
        final List<List<String[]>> seq = new ArrayList<>();
        if (withOthers)
        {
            for (final List<X509Name.Attribute> rdn : name.rdns())
            {
                for (final X509Name.Attribute a : rdn)
                {
                    if (!PKIX_NAMES.containsKey(a.oid()))
                    {
                        seq.add(List.<String[]>of(new String[] {a.oid(), a.value()}));
                    }
                }
            }
        }
        for (final String[] typeAndName : PKIX_ORDER)
        {
            final String oid = typeAndName[0];
            final List<String[]> values = new ArrayList<>();
            for (final List<X509Name.Attribute> rdn : name.rdns())
            {
                for (final X509Name.Attribute a : rdn)
                {
                    if (oid.equals(a.oid()) && a.value() != null)
                    {
                        values.add(new String[] {oid, a.value()});
                    }
                }
            }
            if (values.isEmpty())
            {
                continue;
            }
            final boolean single = "2.5.4.3".equals(oid) || "2.5.4.5".equals(oid);
            seq.add(single ? List.<String[]>of(values.get(values.size() - 1)) : values);
        }
        final StringBuilder sb = new StringBuilder();
        for (int i = seq.size() - 1; i >= 0; i--)
        {
            if (sb.length() > 0)
            {
                sb.append(',');
            }
            final List<String[]> rdn = seq.get(i);
            for (int j = 0; j < rdn.size(); j++)
            {
                if (j > 0)
                {
                    sb.append('+');
                }
                final String oid = rdn.get(j)[0];
                final String value = rdn.get(j)[1];
                final String type = PKIX_NAMES.get(oid);
                if (type == null)
                {
                    sb.append(oid).append("=#").append(HexFormat.of().formatHex(marshalString(value)));
                }
                else
                {
                    sb.append(type).append('=');
                    escape(sb, value);
                }
            }
        }
        return sb.toString();
    }

    /** Go's RDNSequence.String escaping of a value. */
    private static void escape(final StringBuilder sb, final String v)
    {
        final byte[] utf8 = v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int byteIndex = 0;
        for (int k = 0; k < v.length(); )
        {
            final int cp = v.codePointAt(k);
            boolean esc = false;
            switch (cp)
            {
                case ',': case '+': case '"': case '\\': case '<': case '>': case ';':
                    esc = true;
                    break;
                case ' ':
                    esc = byteIndex == 0 || byteIndex == utf8.length - 1;
                    break;
                case '#':
                    esc = byteIndex == 0;
                    break;
                default:
                    break;
            }
            if (esc)
            {
                sb.append('\\');
            }
            sb.appendCodePoint(cp);
            byteIndex += new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            k += Character.charCount(cp);
        }
    }

    /**
     * What Go's asn1.Marshal makes of a string value of an attribute it has no name for: a PrintableString when every
     * character allows it, else a UTF8String. A value that was no string (null here) marshals as ASN.1 NULL.
     */
    private static byte[] marshalString(final String value)
    {
        if (value == null)
        {
            return new byte[] {0x05, 0x00};
        }
        boolean printable = true;
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                (c >= '\'' && c <= ')') || (c >= '+' && c <= '/') || c == ' ' || c == ':' || c == '=' || c == '?'))
            {
                printable = false;
                break;
            }
        }
        return Der.tlv(printable ? 0x13 : 0x0C, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String sha256(final byte[] bytes)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException(e);
        }
    }
}
