package io.torus.core.tls;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * verify_and_map identities. The expected strings were checked against nats-server 2.9.10 itself (a users list with
 * the string, a client with the certificate: accepted; the Go server's debug log prints the same strings).
 */
class CertificateIdentityTest
{
    private static final KeyPair KEYS;

    static
    {
        try
        {
            KEYS = Certs.ec();
        }
        catch (final Exception e)
        {
            throw new IllegalStateException(e);
        }
    }

    /** Subject written in this DER order: C, ST, L, O, OU, OU, CN, emailAddress, DC, DC (as openssl -subj). */
    private static X509Certificate alice(final GeneralName... sans) throws Exception
    {
        final X500NameBuilder n = new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.C, "US").addRDN(BCStyle.ST, "CA").addRDN(BCStyle.L, "Los Angeles")
            .addRDN(BCStyle.O, "Synadia").addRDN(BCStyle.OU, "nats").addRDN(BCStyle.OU, "ops")
            .addRDN(BCStyle.CN, "alice").addRDN(BCStyle.EmailAddress, "a@b.c")
            .addRDN(BCStyle.DC, "io").addRDN(BCStyle.DC, "example");
        return Certs.selfSigned(KEYS, n.build(), sans);
    }

    @Test
    void subjectStringsAreGoPkixStrings() throws Exception
    {
        final CertificateIdentity id = CertificateIdentity.of(alice());
        // Known attributes only, in pkix order, most significant last; two OUs joined with '+'.
        assertEquals("CN=alice,OU=nats+OU=ops,O=Synadia,L=Los Angeles,ST=CA,C=US", id.subjectRdnString());
        assertEquals("CN=alice,OU=nats+OU=ops,O=Synadia,L=Los Angeles,ST=CA,C=US,DC=io,DC=example",
            id.subjectWithDomainComponents());
        // emailAddress is no attribute Go's DN parser names: no DN matching for this certificate.
        assertNull(id.subjectDn());
        // Name.String(): the other attributes at the end, hex of their re-marshalled DER, last written first.
        assertEquals("CN=alice,OU=nats+OU=ops,O=Synadia,L=Los Angeles,ST=CA,C=US," +
            "0.9.2342.19200300.100.1.25=#13076578616d706c65,0.9.2342.19200300.100.1.25=#1302696f," +
            "1.2.840.113549.1.9.1=#0c056140622e63", id.subjectString());
    }

    @Test
    void escapesAndMultiValuedRdnsAsGo() throws Exception
    {
        final X500NameBuilder n = new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.DC, "org").addRDN(BCStyle.DC, "example").addRDN(BCStyle.O, "Acme, Inc.")
            .addMultiValuedRDN(new AttributeTypeAndValue[] {
                new AttributeTypeAndValue(BCStyle.OU, new org.bouncycastle.asn1.DERUTF8String("dev")),
                new AttributeTypeAndValue(BCStyle.OU, new org.bouncycastle.asn1.DERUTF8String("qa"))})
            .addRDN(BCStyle.CN, " spaced #1 ").addRDN(BCStyle.SERIALNUMBER, "42")
            .addRDN(BCStyle.STREET, "Main St").addRDN(BCStyle.POSTAL_CODE, "90210");
        final CertificateIdentity id = CertificateIdentity.of(Certs.selfSigned(KEYS, n.build()));
        // DER sorts the members of a SET, so "qa" (shorter) comes before "dev", as Go printed it.
        assertEquals("SERIALNUMBER=42,CN=\\ spaced #1\\ ,OU=qa+OU=dev,O=Acme\\, Inc.,POSTALCODE=90210," +
            "STREET=Main St", id.subjectRdnString());
        assertEquals(id.subjectRdnString() + ",DC=org,DC=example", id.subjectWithDomainComponents());
        final DistinguishedName dn = id.subjectDn();
        assertNotNull(dn);
        assertTrue(DistinguishedName.parse("POSTALCODE=90210,street=Main St,SERIALNUMBER=42,CN=\\ spaced #1\\ ," +
            "OU=dev+OU=qa,O=Acme\\, Inc.,DC=example,DC=org").matches(dn), "RFC 4514 string order, any case of type");
    }

    @Test
    void triesEmailsThenDnsNamesThenUrisThenTheSubject() throws Exception
    {
        final CertificateIdentity id = CertificateIdentity.of(alice(
            new GeneralName(GeneralName.dNSName, "alice.example.com"),
            new GeneralName(GeneralName.rfc822Name, "alice@example.com"),
            new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://example.com/alice")));
        assertEquals(List.of("alice@example.com", "alice.example.com", "spiffe://example.com/alice",
            "CN=alice,OU=nats+OU=ops,O=Synadia,L=Los Angeles,ST=CA,C=US,DC=io,DC=example",
            "CN=alice,OU=nats+OU=ops,O=Synadia,L=Los Angeles,ST=CA,C=US"), id.literalCandidates());
        final Set<String> users = Set.of("spiffe://example.com/alice", "alice.example.com");
        assertEquals("alice.example.com", id.findUser(users::contains, users));
        final Set<String> bySubject = Set.of("CN=alice,OU=nats+OU=ops,O=Synadia,L=Los Angeles,ST=CA,C=US");
        assertEquals(bySubject.iterator().next(), id.findUser(bySubject::contains, bySubject));
        assertNull(id.findUser(u -> false, List.of()));
    }

    @Test
    void matchesUsersWrittenAsDistinguishedNamesInAnyOrder() throws Exception
    {
        final X500NameBuilder n = new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.C, "US").addRDN(BCStyle.O, "Torus").addRDN(BCStyle.OU, "eng").addRDN(BCStyle.CN, "bob");
        final CertificateIdentity id = CertificateIdentity.of(Certs.selfSigned(KEYS, n.build()));
        final List<String> users = new ArrayList<>(List.of("CN=carol", "o=Torus, cn=bob, c=US, ou=eng"));
        // Not the literal string, but the same RDNs reordered: Go's RDNsMatch takes it.
        assertEquals("o=Torus, cn=bob, c=US, ou=eng", id.findUser(u -> false, users));
        users.add("CN=bob, OU=eng, O=Torus, C=US");
        assertEquals("CN=bob, OU=eng, O=Torus, C=US", id.findUser(u -> false, users), "exact order first");
        assertNull(id.findUser(u -> false, List.of("CN=bob,OU=eng,O=Torus,C=UK")));
    }

    @Test
    void parsesDnStringsAsGoLdap()
    {
        final DistinguishedName dn = DistinguishedName.parse(" CN = a\\2cb ,OU=x+OU=y, O=\\#hash");
        assertEquals(3, dn.rdns().size());
        assertEquals(new DistinguishedName.Attribute("CN", "a,b"), dn.rdns().get(0).get(0));
        assertEquals(2, dn.rdns().get(1).size());
        assertEquals("#hash", dn.rdns().get(2).get(0).value());
        assertThrows(IllegalArgumentException.class, () -> DistinguishedName.parse("CN=#04024869"));
        assertThrows(IllegalArgumentException.class, () -> DistinguishedName.parse("novalue"));
        assertThrows(IllegalArgumentException.class, () -> DistinguishedName.parse("=x,"));
    }

    @Test
    void aCertificateWithOnlyDnsNamesAndNoSubjectMapsToNobodyAsInGo() throws Exception
    {
        final CertificateIdentity id = CertificateIdentity.of(Certs.issued(KEYS,
            new org.bouncycastle.asn1.x500.X500Name("CN=issuer"),
            new org.bouncycastle.asn1.x500.X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
            new GeneralName(GeneralName.dNSName, "host.example.com")));
        assertEquals(List.of(), id.literalCandidates());
        assertNull(id.findUser(Set.of("host.example.com")::contains, Set.of("host.example.com")));
    }

    @Test
    void spkiDigestIsWhatPinnedCertsList() throws Exception
    {
        final CertificateIdentity id = CertificateIdentity.of(alice());
        final String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
            .digest(KEYS.getPublic().getEncoded()));
        assertEquals(expected, id.spkiSha256());
        assertEquals(64, id.certSha256().length());
        assertTrue(new ASN1ObjectIdentifier("2.5.4.3").getId().equals("2.5.4.3"));
    }
}
