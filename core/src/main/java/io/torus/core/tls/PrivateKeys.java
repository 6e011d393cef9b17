package io.torus.core.tls;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;

/**
 * Private keys from PEM blocks as Go's {@code tls.X509KeyPair} accepts them: PKCS#8 ({@code PRIVATE KEY}: RSA, EC,
 * Ed25519), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY}). The last two are wrapped into PKCS#8
 * for the JDK's key factories.
 */
final class PrivateKeys
{
    /** 1.2.840.113549.1.1.1 */
    private static final byte[] RSA_ENCRYPTION = {0x2A, (byte)0x86, 0x48, (byte)0x86, (byte)0xF7, 0x0D, 0x01, 0x01, 0x01};
    /** 1.2.840.10045.2.1 */
    private static final byte[] EC_PUBLIC_KEY = {0x2A, (byte)0x86, 0x48, (byte)0xCE, 0x3D, 0x02, 0x01};
    private static final byte[] VERSION_0 = {Der.INTEGER, 1, 0};

    private PrivateKeys()
    {
    }

    /** Null when the block is not a key Go would parse. */
    static PrivateKey parse(final PemBlock block)
    {
        try
        {
            switch (block.type())
            {
                case "RSA PRIVATE KEY":
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(
                        Der.tlv(Der.SEQUENCE, Der.tlv(Der.OID, RSA_ENCRYPTION), new byte[] {Der.NULL, 0}),
                        block.der())));
                case "EC PRIVATE KEY":
                    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(
                        Der.tlv(Der.SEQUENCE, Der.tlv(Der.OID, EC_PUBLIC_KEY), curveOf(block.der())), block.der())));
                default:
                    return pkcs8Any(block.der());
            }
        }
        catch (final Exception e)
        {
            return null;
        }
    }

    private static PrivateKey pkcs8Any(final byte[] der)
    {
        for (final String algorithm : new String[] {"RSA", "EC", "Ed25519", "EdDSA"})
        {
            try
            {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            }
            catch (final Exception tryNext)
            {
                // not this algorithm
            }
        }
        return null;
    }

    private static byte[] pkcs8(final byte[] algorithmIdentifier, final byte[] key)
    {
        return Der.tlv(Der.SEQUENCE, VERSION_0, algorithmIdentifier, Der.tlv(Der.OCTET_STRING, key));
    }

    /** SEC1 ECPrivateKey: SEQUENCE { version, privateKey OCTET STRING, [0] curve OID, [1] public key }. */
    private static byte[] curveOf(final byte[] sec1)
    {
        final Der.Tlv seq = Der.read(sec1, 0);
        int p = seq.valueOffset();
        while (p < seq.end())
        {
            final Der.Tlv t = Der.read(sec1, p);
            if (t.tag() == Der.CONTEXT_0)
            {
                final Der.Tlv oid = Der.read(sec1, t.valueOffset());
                return Der.whole(sec1, t.valueOffset(), oid);
            }
            p = t.end();
        }
        throw new IllegalArgumentException("EC key without its curve");
    }
}
