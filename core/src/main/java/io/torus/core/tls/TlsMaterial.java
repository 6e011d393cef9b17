package io.torus.core.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code tls} block's files hold, loaded and checked as Go's {@code GenTLSConfig} does it: the server's key and
 * certificate chain ({@code cert_file}, {@code key_file}) and the CAs that client certificates must chain to
 * ({@code ca_file}). Failures throw {@link IllegalArgumentException} with Go's texts. Immutable.
 */
public final class TlsMaterial
{
    private final PrivateKey key;
    private final X509Certificate[] chain;
    private final X509Certificate[] trustedCas;

    private TlsMaterial(final PrivateKey key, final X509Certificate[] chain, final X509Certificate[] trustedCas)
    {
        this.key = key;
        this.chain = chain;
        this.trustedCas = trustedCas;
    }

    /** Null key and chain when neither file is given; null CAs without {@code ca_file} (the JDK's defaults). */
    public static TlsMaterial load(final String certFile, final String keyFile, final String caFile)
    {
        final boolean hasCert = certFile != null && !certFile.isEmpty();
        final boolean hasKey = keyFile != null && !keyFile.isEmpty();
        if (hasCert && !hasKey)
        {
            throw new IllegalArgumentException("missing 'key_file' in TLS configuration");
        }
        if (!hasCert && hasKey)
        {
            throw new IllegalArgumentException("missing 'cert_file' in TLS configuration");
        }
        PrivateKey key = null;
        X509Certificate[] chain = null;
        if (hasCert)
        {
            try
            {
                chain = certificates(read(certFile));
                key = privateKey(read(keyFile));
                checkPair(chain[0].getPublicKey(), key);
            }
            catch (final IllegalArgumentException e)
            {
                throw new IllegalArgumentException("error parsing X509 certificate/key pair: " + e.getMessage(), e);
            }
        }
        X509Certificate[] cas = null;
        if (caFile != null && !caFile.isEmpty())
        {
            final List<X509Certificate> found = new ArrayList<>();
            for (final PemBlock b : PemBlock.parseAll(read(caFile)))
            {
                if ("CERTIFICATE".equals(b.type()))
                {
                    try
                    {
                        found.add(x509(b.der()));
                    }
                    catch (final CertificateException skipped)
                    {
                        // Go's AppendCertsFromPEM skips what does not parse
                    }
                }
            }
            if (found.isEmpty())
            {
                throw new IllegalArgumentException("failed to parse root ca certificate");
            }
            cas = found.toArray(new X509Certificate[0]);
        }
        return new TlsMaterial(key, chain, cas);
    }

    /** The server's private key; null when no {@code cert_file}/{@code key_file} was given. */
    public PrivateKey key()
    {
        return key;
    }

    /** The server's certificate first, then any intermediates from {@code cert_file}. */
    public X509Certificate[] chain()
    {
        return chain == null ? null : chain.clone();
    }

    /** The {@code ca_file} certificates; null means the JDK's default trust store (Go: the system roots). */
    public X509Certificate[] trustedCas()
    {
        return trustedCas == null ? null : trustedCas.clone();
    }

    /** Reads a file; a missing one gets Go's {@code open <file>: no such file or directory}. */
    static byte[] read(final String file)
    {
        try
        {
            return Files.readAllBytes(Path.of(file));
        }
        catch (final NoSuchFileException e)
        {
            throw new IllegalArgumentException("open " + file + ": no such file or directory", e);
        }
        catch (final AccessDeniedException e)
        {
            throw new IllegalArgumentException("open " + file + ": permission denied", e);
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("read " + file + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate[] certificates(final byte[] pem)
    {
        final List<X509Certificate> certs = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        for (final PemBlock b : PemBlock.parseAll(pem))
        {
            if ("CERTIFICATE".equals(b.type()))
            {
                try
                {
                    certs.add(x509(b.der()));
                }
                catch (final CertificateException e)
                {
                    throw new IllegalArgumentException("x509: malformed certificate", e);
                }
            }
            else
            {
                skipped.add(b.type());
            }
        }
        if (certs.isEmpty())
        {
            if (skipped.isEmpty())
            {
                throw new IllegalArgumentException("tls: failed to find any PEM data in certificate input");
            }
            if (skipped.size() == 1 && skipped.get(0).endsWith("PRIVATE KEY"))
            {
                throw new IllegalArgumentException("tls: failed to find certificate PEM data in certificate input, " +
                    "but did find a private key; PEM inputs may have been switched");
            }
            throw new IllegalArgumentException("tls: failed to find \"CERTIFICATE\" PEM block in certificate input " +
                "after skipping PEM blocks of the following types: " + goList(skipped));
        }
        return certs.toArray(new X509Certificate[0]);
    }

    private static PrivateKey privateKey(final byte[] pem)
    {
        final List<String> skipped = new ArrayList<>();
        for (final PemBlock b : PemBlock.parseAll(pem))
        {
            if ("PRIVATE KEY".equals(b.type()) || b.type().endsWith(" PRIVATE KEY"))
            {
                final PrivateKey k = PrivateKeys.parse(b);
                if (k == null)
                {
                    throw new IllegalArgumentException("tls: failed to parse private key");
                }
                return k;
            }
            skipped.add(b.type());
        }
        if (skipped.isEmpty())
        {
            throw new IllegalArgumentException("tls: failed to find any PEM data in key input");
        }
        if (skipped.size() == 1 && "CERTIFICATE".equals(skipped.get(0)))
        {
            throw new IllegalArgumentException("tls: found a certificate rather than a key in the PEM for the private key");
        }
        throw new IllegalArgumentException("tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key " +
            "input after skipping PEM blocks of the following types: " + goList(skipped));
    }

    /** Go checks that the key belongs to the certificate; a signature the certificate's key verifies proves it. */
    private static void checkPair(final PublicKey pub, final PrivateKey key)
    {
        final String pubAlg = family(pub.getAlgorithm());
        if (!pubAlg.equals(family(key.getAlgorithm())))
        {
            throw new IllegalArgumentException("tls: private key type does not match public key type");
        }
        final String sigAlg = switch (pubAlg)
        {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> "Ed25519";
        };
        try
        {
            final byte[] probe = "torus key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            final Signature s = Signature.getInstance(sigAlg);
            s.initSign(key);
            s.update(probe);
            final byte[] sig = s.sign();
            final Signature v = Signature.getInstance(sigAlg);
            v.initVerify(pub);
            v.update(probe);
            if (!v.verify(sig))
            {
                throw new IllegalArgumentException("tls: private key does not match public key");
            }
        }
        catch (final java.security.GeneralSecurityException e)
        {
            throw new IllegalArgumentException("tls: private key does not match public key", e);
        }
    }

    private static String family(final String algorithm)
    {
        return "EdDSA".equals(algorithm) ? "Ed25519" : algorithm;
    }

    private static X509Certificate x509(final byte[] der) throws CertificateException
    {
        return (X509Certificate)CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(der));
    }

    /** Go's %v of a []string: [a b c]. */
    private static String goList(final List<String> items)
    {
        return "[" + String.join(" ", items) + "]";
    }
}
