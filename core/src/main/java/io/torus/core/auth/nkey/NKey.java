package io.torus.core.auth.nkey;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/**
 * A public NKey: an ed25519 public key as the nkeys library encodes it, base32 without padding of
 * {@code prefix byte | 32 raw key bytes | CRC-16 (little-endian)}. Decoding checks the alphabet, the checksum and the
 * prefix, with the library's error texts. Verification uses the JDK's EdDSA provider.
 * <p>
 * Immutable and thread-safe; the JDK key is built on first use (a benign race may build it twice).
 */
public final class NKey
{
    static final String ERR_INVALID_ENCODING = "nkeys: invalid encoded key";
    static final String ERR_INVALID_CHECKSUM = "nkeys: invalid checksum";
    static final String ERR_INVALID_PREFIX = "nkeys: invalid prefix byte";
    static final String ERR_INVALID_PUBLIC_KEY = "nkeys: invalid public key";
    /** ed25519 public keys are 32 bytes. */
    public static final int KEY_LENGTH = 32;
    /** ed25519 signatures are 64 bytes. */
    public static final int SIGNATURE_LENGTH = 64;

    private final NKeyType type;
    private final String encoded;
    private final byte[] raw;
    private PublicKey jdkKey;

    private NKey(final NKeyType type, final String encoded, final byte[] raw)
    {
        this.type = type;
        this.encoded = encoded;
        this.raw = raw;
    }

    /**
     * Decodes a public key of any kind (operator, account, user, server, cluster).
     *
     * @throws InvalidNKeyException with the nkeys text: a seed or an unknown prefix is "nkeys: invalid public key".
     */
    public static NKey fromPublicKey(final String encoded)
    {
        final byte[] data = decodeChecked(encoded);
        final NKeyType type = NKeyType.ofPrefixByte(data[0] & 0xFF);
        if (type == null || data.length != 1 + KEY_LENGTH)
        {
            throw new InvalidNKeyException(ERR_INVALID_PUBLIC_KEY);
        }
        return new NKey(type, encoded, Arrays.copyOfRange(data, 1, data.length));
    }

    /**
     * Decodes a public key that must be of the given kind.
     *
     * @throws InvalidNKeyException "nkeys: invalid prefix byte" when it is a key of another kind.
     */
    public static NKey fromPublicKey(final String encoded, final NKeyType expected)
    {
        final byte[] data = decodeChecked(encoded);
        if ((data[0] & 0xFF) != expected.prefixByte())
        {
            throw new InvalidNKeyException(ERR_INVALID_PREFIX);
        }
        if (data.length != 1 + KEY_LENGTH)
        {
            throw new InvalidNKeyException(ERR_INVALID_PUBLIC_KEY);
        }
        return new NKey(expected, encoded, Arrays.copyOfRange(data, 1, data.length));
    }

    /** True when {@code encoded} is a well-formed public key of the given kind (nkeys' IsValidPublic*Key). */
    public static boolean isValidPublicKey(final String encoded, final NKeyType expected)
    {
        if (encoded == null || encoded.isEmpty() || encoded.charAt(0) != expected.letter())
        {
            return false;
        }
        try
        {
            fromPublicKey(encoded, expected);
            return true;
        }
        catch (final InvalidNKeyException e)
        {
            return false;
        }
    }

    /** Encodes 32 raw key bytes as a public key of the given kind. */
    public static String encode(final NKeyType type, final byte[] rawKey)
    {
        if (rawKey.length != KEY_LENGTH)
        {
            throw new IllegalArgumentException("an ed25519 public key is 32 bytes, not " + rawKey.length);
        }
        final byte[] data = new byte[1 + KEY_LENGTH + 2];
        data[0] = (byte)type.prefixByte();
        System.arraycopy(rawKey, 0, data, 1, KEY_LENGTH);
        final int crc = Crc16.of(data, 0, 1 + KEY_LENGTH);
        data[1 + KEY_LENGTH] = (byte)crc;
        data[2 + KEY_LENGTH] = (byte)(crc >>> 8);
        return Base32.encode(data);
    }

    public NKeyType type()
    {
        return type;
    }

    /** The key as text, exactly as it was given. */
    public String encoded()
    {
        return encoded;
    }

    /** A copy of the 32 raw ed25519 public key bytes. */
    public byte[] rawKey()
    {
        return raw.clone();
    }

    /**
     * Verifies an ed25519 signature of {@code data} by this key. A signature of the wrong length, or a key that is not
     * a point on the curve, does not verify (as Go's ed25519.Verify answers false).
     */
    public boolean verify(final byte[] data, final byte[] signature)
    {
        if (signature == null || signature.length != SIGNATURE_LENGTH)
        {
            return false;
        }
        try
        {
            final Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(jdkKey());
            verifier.update(data);
            return verifier.verify(signature);
        }
        catch (final GeneralSecurityException | RuntimeException e)
        {
            return false;
        }
    }

    /**
     * The JDK key. RFC 8032 encodes a point as y in little-endian with the parity of x in the top bit of the last
     * byte; {@link EdECPoint} wants that bit apart and y as a number.
     */
    private PublicKey jdkKey() throws GeneralSecurityException
    {
        PublicKey key = jdkKey;
        if (key == null)
        {
            final byte[] bigEndian = new byte[KEY_LENGTH];
            for (int i = 0; i < KEY_LENGTH; i++)
            {
                bigEndian[i] = raw[KEY_LENGTH - 1 - i];
            }
            final boolean xOdd = (bigEndian[0] & 0x80) != 0;
            bigEndian[0] &= 0x7F;
            final EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, bigEndian));
            key = KeyFactory.getInstance("Ed25519")
                .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
            jdkKey = key;
        }
        return key;
    }

    /** Base32 decoding and checksum check; returns prefix and payload without the checksum. */
    private static byte[] decodeChecked(final String encoded)
    {
        if (encoded == null)
        {
            throw new InvalidNKeyException(ERR_INVALID_ENCODING);
        }
        final byte[] data = Base32.decode(encoded);
        if (data == null)
        {
            // Go reports the base32 decoder's error ("illegal base32 data at input byte N"); the position adds nothing.
            throw new InvalidNKeyException("illegal base32 data");
        }
        if (data.length < 4)
        {
            throw new InvalidNKeyException(ERR_INVALID_ENCODING);
        }
        final int n = data.length - 2;
        final int expected = (data[n] & 0xFF) | (data[n + 1] & 0xFF) << 8;
        if (Crc16.of(data, 0, n) != expected)
        {
            throw new InvalidNKeyException(ERR_INVALID_CHECKSUM);
        }
        return Arrays.copyOf(data, n);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof NKey && ((NKey)o).encoded.equals(encoded);
    }

    @Override
    public int hashCode()
    {
        return encoded.hashCode();
    }

    @Override
    public String toString()
    {
        return encoded;
    }
}
