package io.torus.core.auth.nkey;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;

/**
 * The nonce challenge of NKey and JWT users: the server sends a random {@code nonce} in INFO, the client signs the
 * nonce's bytes (the text as sent) with its user key and returns the signature as {@code sig} in CONNECT.
 * <p>
 * As in Go: 11 random bytes, base64url without padding (15 characters); {@code sig} is accepted in base64url without
 * padding, else in standard base64 with padding. Stateless and thread-safe (the caller owns the random source).
 */
public final class NonceChallenge
{
    /** Random bytes in a nonce (Go's nonceRawLen). */
    public static final int NONCE_RAW_LENGTH = 11;
    /** Characters in a nonce (Go's nonceLen). */
    public static final int NONCE_LENGTH = 15;

    public static final String SIGNATURE_MISSING = "Signature missing";
    public static final String SIGNATURE_NOT_BASE64 = "Signature not valid base64";
    public static final String SIGNATURE_NOT_VERIFIED = "Signature not verified";
    public static final String NKEY_NOT_VALID = "User nkey not valid: ";

    private static final SecureRandom SECURE_RANDOM = new SecureRandom();

    private NonceChallenge()
    {
    }

    /** A new nonce from a shared {@link SecureRandom}. */
    public static String newNonce()
    {
        return newNonce(SECURE_RANDOM);
    }

    /** A new nonce from the given source (tests pass a seeded one). */
    public static String newNonce(final Random random)
    {
        final byte[] raw = new byte[NONCE_RAW_LENGTH];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /**
     * Checks the client's answer to the challenge.
     *
     * @param publicKey the user's public NKey (any public kind, as Go's FromPublicKey)
     * @param nonce     the nonce exactly as sent in INFO
     * @param sig       the {@code sig} field of CONNECT, may be null
     * @return null when the signature verifies, else the Go server's debug reason ("Signature not verified", ...)
     */
    public static String check(final String publicKey, final String nonce, final String sig)
    {
        if (sig == null || sig.isEmpty())
        {
            return SIGNATURE_MISSING;
        }
        final byte[] signature = decodeSignature(sig);
        if (signature == null)
        {
            return SIGNATURE_NOT_BASE64;
        }
        final NKey key;
        try
        {
            key = NKey.fromPublicKey(publicKey);
        }
        catch (final InvalidNKeyException e)
        {
            return NKEY_NOT_VALID + e.getMessage();
        }
        return key.verify(nonce.getBytes(StandardCharsets.UTF_8), signature) ? null : SIGNATURE_NOT_VERIFIED;
    }

    /**
     * Decodes a signature as Go does: base64url without padding first, then standard base64 with padding; line
     * breaks are skipped by both. Returns null when neither decodes.
     */
    public static byte[] decodeSignature(final String sig)
    {
        final String s = sig.indexOf('\r') >= 0 || sig.indexOf('\n') >= 0 ? sig.replace("\r", "").replace("\n", "") : sig;
        if (onlyChars(s, true, false) && s.length() % 4 != 1)
        {
            return Base64.getUrlDecoder().decode(s);
        }
        if (s.length() % 4 == 0 && onlyChars(s, false, true) && paddingOnlyAtEnd(s))
        {
            try
            {
                return Base64.getDecoder().decode(s);
            }
            catch (final IllegalArgumentException e)
            {
                return null;
            }
        }
        return null;
    }

    private static boolean onlyChars(final String s, final boolean url, final boolean padding)
    {
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            final boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                (url ? c == '-' || c == '_' : c == '+' || c == '/') || (padding && c == '=');
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private static boolean paddingOnlyAtEnd(final String s)
    {
        final int first = s.indexOf('=');
        return first < 0 || (first >= s.length() - 2 && s.substring(first).chars().allMatch(c -> c == '='));
    }
}
