package io.torus.core.auth.nkey;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NonceChallengeTest
{
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void shouldMakeFifteenCharacterUrlSafeNonces()
    {
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++)
        {
            final String nonce = NonceChallenge.newNonce();
            assertEquals(NonceChallenge.NONCE_LENGTH, nonce.length());
            assertTrue(nonce.matches("[A-Za-z0-9_-]{15}"), nonce);
            seen.add(nonce);
        }
        assertEquals(100, seen.size());
    }

    @Test
    void shouldAcceptTheSignatureJnatsSendsInEitherBase64()
        throws Exception
    {
        final io.nats.client.NKey user = io.nats.client.NKey.createUser(RANDOM);
        final String pub = new String(user.getPublicKey());
        final String nonce = NonceChallenge.newNonce();
        final byte[] sig = user.sign(nonce.getBytes(StandardCharsets.UTF_8));
        assertNull(NonceChallenge.check(pub, nonce, Base64.getUrlEncoder().withoutPadding().encodeToString(sig)));
        assertNull(NonceChallenge.check(pub, nonce, Base64.getEncoder().encodeToString(sig)));
    }

    @Test
    void shouldGiveTheGoServerReasons() throws Exception
    {
        final io.nats.client.NKey user = io.nats.client.NKey.createUser(RANDOM);
        final io.nats.client.NKey other = io.nats.client.NKey.createUser(RANDOM);
        final String pub = new String(user.getPublicKey());
        final String nonce = NonceChallenge.newNonce();
        final String otherSig = Base64.getUrlEncoder().withoutPadding()
            .encodeToString(other.sign(nonce.getBytes(StandardCharsets.UTF_8)));
        assertEquals("Signature missing", NonceChallenge.check(pub, nonce, null));
        assertEquals("Signature missing", NonceChallenge.check(pub, nonce, ""));
        assertEquals("Signature not valid base64", NonceChallenge.check(pub, nonce, "not base64 !"));
        assertEquals("Signature not verified", NonceChallenge.check(pub, nonce, otherSig));
        assertEquals("Signature not verified", NonceChallenge.check(pub, "another nonce", otherSig));
        assertEquals("User nkey not valid: nkeys: invalid checksum",
            NonceChallenge.check(pub.substring(0, 10) + (pub.charAt(10) == 'A' ? 'B' : 'A') + pub.substring(11),
                nonce, otherSig));
    }
}
