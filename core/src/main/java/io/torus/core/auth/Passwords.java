package io.torus.core.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * Password and token comparison as Go's comparePasswords: a stored value that looks like a bcrypt hash
 * ({@code $2a$}, {@code $2b$}, {@code $2x$}, {@code $2y$} and a two-digit cost) is checked with bcrypt, anything else
 * compared as text, in constant time for equal lengths.
 */
public final class Passwords
{
    private static final Pattern BCRYPT = Pattern.compile("^\\$2[abxy]\\$\\d{2}\\$.*");

    private Passwords()
    {
    }

    public static boolean isBcrypt(final String stored)
    {
        return stored != null && stored.startsWith("$") && BCRYPT.matcher(stored).matches();
    }

    public static boolean matches(final String stored, final String given)
    {
        final String g = given == null ? "" : given;
        if (isBcrypt(stored))
        {
            // The library knows $2a$, $2b$ and $2y$; Go also accepts $2x$, the same algorithm.
            final String hash = stored.startsWith("$2x$") ? "$2a$" + stored.substring(4) : stored;
            try
            {
                return BCrypt.verifyer().verify(g.getBytes(StandardCharsets.UTF_8),
                    hash.getBytes(StandardCharsets.UTF_8)).verified;
            }
            catch (final IllegalArgumentException e)
            {
                return false;
            }
        }
        final String s = stored == null ? "" : stored;
        return MessageDigest.isEqual(s.getBytes(StandardCharsets.UTF_8), g.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A bcrypt hash of a random password at the cost of {@code like}: checked when no user matched, so an unknown
     * user costs what a wrong password costs.
     */
    public static String decoyHash(final String like)
    {
        final int cost = Integer.parseInt(like.substring(4, 6));
        final byte[] random = new byte[16];
        new java.security.SecureRandom().nextBytes(random);
        return new String(BCrypt.withDefaults().hash(cost, random), StandardCharsets.UTF_8);
    }

    /** Go's checkAuthforWarnings: a single-user password or a users-list password that is not a bcrypt hash. */
    public static boolean anyPlaintext(final io.torus.core.options.ServerOptions o)
    {
        if (o.password != null && !o.password.isEmpty() && !isBcrypt(o.password))
        {
            return true;
        }
        for (final UserEntry u : o.users)
        {
            if (!u.isNkey() && !isBcrypt(u.password()))
            {
                return true;
            }
        }
        return false;
    }
}
