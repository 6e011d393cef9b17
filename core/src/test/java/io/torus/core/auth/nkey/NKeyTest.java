package io.torus.core.auth.nkey;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NKeyTest
{
    private static final SecureRandom RANDOM = new SecureRandom();

    private static io.nats.client.NKey jnats(final NKeyType type) throws Exception
    {
        switch (type)
        {
            case OPERATOR: return io.nats.client.NKey.createOperator(RANDOM);
            case ACCOUNT: return io.nats.client.NKey.createAccount(RANDOM);
            case USER: return io.nats.client.NKey.createUser(RANDOM);
            case SERVER: return io.nats.client.NKey.createServer(RANDOM);
            default: return io.nats.client.NKey.createCluster(RANDOM);
        }
    }

    /** The raw 32 key bytes are the tail of the X.509 encoding jnats gives its public key. */
    private static byte[] rawOf(final io.nats.client.NKey k) throws Exception
    {
        final byte[] x509 = k.getKeyPair().getPublic().getEncoded();
        return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    }

    @Test
    void shouldDecodeKeysOfEveryKindMadeByJnatsAndEncodeThemBack() throws Exception
    {
        for (final NKeyType type : NKeyType.values())
        {
            final io.nats.client.NKey k = jnats(type);
            final String text = new String(k.getPublicKey());
            assertEquals(type.letter(), text.charAt(0));
            final NKey key = NKey.fromPublicKey(text);
            assertEquals(type, key.type());
            assertArrayEquals(rawOf(k), key.rawKey(), type.name());
            assertEquals(text, NKey.encode(type, key.rawKey()));
            assertTrue(NKey.isValidPublicKey(text, type));
            assertEquals(type, NKey.fromPublicKey(text, type).type());
        }
    }

    @Test
    void shouldRefuseABadChecksum() throws Exception
    {
        final String text = new String(jnats(NKeyType.USER).getPublicKey());
        for (int i = 1; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            final String bad = text.substring(0, i) + (c == 'A' ? 'B' : 'A') + text.substring(i + 1);
            final InvalidNKeyException e = assertThrows(InvalidNKeyException.class, () -> NKey.fromPublicKey(bad));
            // A change in the first characters changes the prefix too; the checksum is checked first, as in nkeys.
            assertEquals("nkeys: invalid checksum", e.getMessage(), bad);
            assertFalse(NKey.isValidPublicKey(bad, NKeyType.USER));
        }
    }

    @Test
    void shouldRefuseAKeyOfTheWrongKindOrASeed() throws Exception
    {
        final io.nats.client.NKey account = jnats(NKeyType.ACCOUNT);
        final String text = new String(account.getPublicKey());
        assertEquals("nkeys: invalid prefix byte",
            assertThrows(InvalidNKeyException.class, () -> NKey.fromPublicKey(text, NKeyType.USER)).getMessage());
        assertFalse(NKey.isValidPublicKey(text, NKeyType.USER));
        assertFalse(NKey.isValidPublicKey(text, NKeyType.OPERATOR));

        final String seed = new String(account.getSeed());
        assertTrue(seed.startsWith("SA"));
        assertEquals("nkeys: invalid public key",
            assertThrows(InvalidNKeyException.class, () -> NKey.fromPublicKey(seed)).getMessage());
        assertEquals("nkeys: invalid prefix byte",
            assertThrows(InvalidNKeyException.class, () -> NKey.fromPublicKey(seed, NKeyType.ACCOUNT)).getMessage());
    }

    @Test
    void shouldRefuseTextThatIsNotBase32OrTooShort()
    {
        assertEquals("illegal base32 data",
            assertThrows(InvalidNKeyException.class, () -> NKey.fromPublicKey("UABC!DEF")).getMessage());
        assertEquals("illegal base32 data",
            assertThrows(InvalidNKeyException.class, () -> NKey.fromPublicKey("uaaaaaaa")).getMessage());
        assertEquals("nkeys: invalid encoded key",
            assertThrows(InvalidNKeyException.class, () -> NKey.fromPublicKey("UA")).getMessage());
        assertFalse(NKey.isValidPublicKey("", NKeyType.USER));
        assertFalse(NKey.isValidPublicKey(null, NKeyType.USER));
    }

    @Test
    void shouldVerifySignaturesMadeByJnatsForManyKeys() throws Exception
    {
        // Many keys: the sign bit of x is 0 or 1 at random, so a mistake in the point conversion fails about half.
        final byte[] data = "the nonce".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 64; i++)
        {
            final io.nats.client.NKey user = jnats(NKeyType.USER);
            final byte[] sig = user.sign(data);
            final NKey key = NKey.fromPublicKey(new String(user.getPublicKey()));
            assertTrue(key.verify(data, sig), "key " + i);

            final byte[] otherData = "the nonce!".getBytes(StandardCharsets.UTF_8);
            assertFalse(key.verify(otherData, sig));
            final byte[] badSig = sig.clone();
            badSig[i % 64] ^= 1;
            assertFalse(key.verify(data, badSig));
        }
    }

    @Test
    void shouldNotVerifyWithAnotherKeyOrASignatureOfTheWrongLength() throws Exception
    {
        final io.nats.client.NKey a = jnats(NKeyType.USER);
        final io.nats.client.NKey b = jnats(NKeyType.USER);
        final byte[] data = {1, 2, 3};
        final byte[] sig = a.sign(data);
        assertFalse(NKey.fromPublicKey(new String(b.getPublicKey())).verify(data, sig));
        final NKey key = NKey.fromPublicKey(new String(a.getPublicKey()));
        assertFalse(key.verify(data, Arrays.copyOf(sig, 63)));
        assertFalse(key.verify(data, Arrays.copyOf(sig, 65)));
        assertFalse(key.verify(data, null));
    }

    @Test
    void shouldVerifyTheRfc8032TestVector()
    {
        // RFC 8032 section 7.1, TEST 1: empty message.
        final HexFormat hex = HexFormat.of();
        final byte[] pub = hex.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        final byte[] sig = hex.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155" +
            "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        final NKey key = NKey.fromPublicKey(NKey.encode(NKeyType.USER, pub));
        assertTrue(key.verify(new byte[0], sig));
        assertFalse(key.verify(new byte[] {0}, sig));
    }
}
