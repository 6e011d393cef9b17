package io.torus.core.tls;

import org.bouncycastle.asn1.x500.X500Name;

import java.nio.file.Path;
import java.security.KeyPair;

/** Certificate and key files in each PEM form Go reads, for option tests in other packages. */
public final class CertsForOptions
{
    /** A certificate file, its key file, and the key's algorithm. */
    public record Files(String cert, String key, String algorithm)
    {
    }

    private CertsForOptions()
    {
    }

    public static Files ecPkcs8(final Path dir, final String name) throws Exception
    {
        final KeyPair kp = Certs.ec();
        return write(dir, name, kp, Certs.pkcs8Pem(kp), "EC");
    }

    public static Files ecSec1(final Path dir, final String name) throws Exception
    {
        final KeyPair kp = Certs.ec();
        // SEC1 with the named curve, as openssl writes it (Go, like the JDK, reads no explicit curve parameters).
        final org.bouncycastle.asn1.pkcs.PrivateKeyInfo pki =
            org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(kp.getPrivate().getEncoded());
        final org.bouncycastle.asn1.sec.ECPrivateKey inner =
            org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(pki.parsePrivateKey());
        final byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(), null,
            pki.getPrivateKeyAlgorithm().getParameters()).getEncoded();
        final String pem = Certs.pem(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1));
        return write(dir, name, kp, pem, "EC");
    }

    public static Files rsaPkcs1(final Path dir, final String name) throws Exception
    {
        final KeyPair kp = Certs.rsa();
        final String pem = Certs.pem(kp.getPrivate());
        if (!pem.contains("BEGIN RSA PRIVATE KEY"))
        {
            throw new IllegalStateException("expected PKCS#1: " + pem);
        }
        return write(dir, name, kp, pem, "RSA");
    }

    public static Files rsaPkcs8(final Path dir, final String name) throws Exception
    {
        final KeyPair kp = Certs.rsa();
        return write(dir, name, kp, Certs.pkcs8Pem(kp), "RSA");
    }

    public static Files ed25519(final Path dir, final String name) throws Exception
    {
        final KeyPair kp = Certs.ed25519();
        return write(dir, name, kp, Certs.pkcs8Pem(kp), "Ed25519");
    }

    private static Files write(final Path dir, final String name, final KeyPair kp, final String keyPem,
        final String algorithm) throws Exception
    {
        final Path cert = dir.resolve(name + "-cert.pem");
        final Path key = dir.resolve(name + "-key.pem");
        java.nio.file.Files.writeString(cert, Certs.pem(Certs.selfSigned(kp, new X500Name("CN=" + name))));
        java.nio.file.Files.writeString(key, keyPem);
        return new Files(cert.toString(), key.toString(), algorithm);
    }
}
