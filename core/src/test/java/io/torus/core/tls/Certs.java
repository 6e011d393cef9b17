package io.torus.core.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Self-signed certificates made by the tests (BouncyCastle), and their PEM forms. */
final class Certs
{
    private Certs()
    {
    }

    static KeyPair ec() throws Exception
    {
        final KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static KeyPair rsa() throws Exception
    {
        final KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static KeyPair ed25519() throws Exception
    {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static X509Certificate selfSigned(final KeyPair kp, final X500Name subject, final GeneralName... sans)
        throws Exception
    {
        return issued(kp, subject, subject, sans);
    }

    static X509Certificate issued(final KeyPair kp, final X500Name issuer, final X500Name subject,
        final GeneralName... sans) throws Exception
    {
        final JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.ONE,
            Date.from(Instant.now().minus(Duration.ofHours(1))), Date.from(Instant.now().plus(Duration.ofDays(1))),
            subject, kp.getPublic());
        if (sans.length > 0)
        {
            b.addExtension(Extension.subjectAlternativeName, subject.getRDNs().length == 0, new GeneralNames(sans));
        }
        final String alg = switch (kp.getPrivate().getAlgorithm())
        {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "Ed25519";
        };
        return new JcaX509CertificateConverter().getCertificate(
            b.build(new JcaContentSignerBuilder(alg).build(kp.getPrivate())));
    }

    static String pem(final Object o) throws Exception
    {
        final StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw))
        {
            w.writeObject(o);
        }
        return sw.toString();
    }

    static String pkcs8Pem(final KeyPair kp) throws Exception
    {
        return pem(new JcaPKCS8Generator(kp.getPrivate(), null));
    }
}
