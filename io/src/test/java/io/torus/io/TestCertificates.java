package io.torus.io;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Certificates made by the tests themselves (never fetched): a CA, certificates it signs for servers and clients,
 * written as PEM files the server reads, and JDK {@link SSLContext}s for clients.
 */
final class TestCertificates
{
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A key and its certificate, signed by {@code issuer} (itself for a CA). */
    record Issued(KeyPair keys, X509Certificate cert, Issued issuer)
    {
        /** Writes cert.pem and key.pem (PKCS#8) under {@code dir} with a prefix; returns {cert, key}. */
        String[] write(final Path dir, final String prefix) throws IOException
        {
            final Path cert = dir.resolve(prefix + "-cert.pem");
            final Path key = dir.resolve(prefix + "-key.pem");
            Files.writeString(cert, pem(cert()));
            Files.writeString(key, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
            return new String[] {cert.toString(), key.toString()};
        }

        /** The key in the legacy form ({@code RSA PRIVATE KEY} or {@code EC PRIVATE KEY}). */
        String legacyKeyPem() throws IOException
        {
            return pem(keys.getPrivate());
        }

        String certPem() throws IOException
        {
            return pem(cert);
        }
    }

    private TestCertificates()
    {
    }

    static Issued ca(final String cn) throws Exception
    {
        final KeyPair kp = ec();
        final X500Name name = new X500Name("CN=" + cn);
        final JcaX509v3CertificateBuilder b = builder(name, name, kp, Instant.now().minus(Duration.ofHours(1)),
            Instant.now().plus(Duration.ofDays(2)));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        return new Issued(kp, sign(b, kp), null);
    }

    /** A server certificate for localhost and 127.0.0.1. */
    static Issued server(final Issued ca) throws Exception
    {
        return leaf(ca, new X500Name("CN=localhost"), ec(), Instant.now().minus(Duration.ofHours(1)),
            Instant.now().plus(Duration.ofDays(2)),
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    }

    static Issued client(final Issued ca, final String dn, final GeneralName... sans) throws Exception
    {
        return leaf(ca, new X500Name(dn), ec(), Instant.now().minus(Duration.ofHours(1)),
            Instant.now().plus(Duration.ofDays(2)), sans);
    }

    static Issued expiredClient(final Issued ca) throws Exception
    {
        return leaf(ca, new X500Name("CN=expired"), ec(), Instant.now().minus(Duration.ofDays(3)),
            Instant.now().minus(Duration.ofDays(1)));
    }

    static Issued leaf(final Issued ca, final X500Name subject, final KeyPair kp, final Instant from, final Instant to,
        final GeneralName... sans) throws Exception
    {
        final JcaX509v3CertificateBuilder b = builder(X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded()),
            subject, kp, from, to);
        if (sans.length > 0)
        {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
        }
        return new Issued(kp, sign(b, ca.keys()), ca);
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

    /** A client context trusting {@code ca}, presenting {@code client} when not null. */
    static SSLContext clientContext(final Issued ca, final Issued client) throws Exception
    {
        final KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.cert());
        final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (client != null)
        {
            final KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", client.keys().getPrivate(), new char[0],
                new X509Certificate[] {client.cert(), client.issuer().cert()});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
        }
        final SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    static String pem(final Object o) throws IOException
    {
        final StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw))
        {
            w.writeObject(o);
        }
        return sw.toString();
    }

    private static JcaX509v3CertificateBuilder builder(final X500Name issuer, final X500Name subject, final KeyPair kp,
        final Instant from, final Instant to)
    {
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from),
            Date.from(to), subject, kp.getPublic());
    }

    private static X509Certificate sign(final JcaX509v3CertificateBuilder b, final KeyPair signer) throws Exception
    {
        final String alg = "EC".equals(signer.getPrivate().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(
            b.build(new JcaContentSignerBuilder(alg).build(signer.getPrivate())));
    }
}
