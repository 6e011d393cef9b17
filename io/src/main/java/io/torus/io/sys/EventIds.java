package io.torus.io.sys;

import java.security.SecureRandom;

/**
 * Event ids as Go's NUID makes them: 22 base-62 characters, a random 12-character prefix and a 10-character
 * sequence that starts at a random value and steps by a random increment, the prefix renewed when it overflows.
 * Unique without coordination. The system client's thread only.
 */
final class EventIds
{
    private static final char[] DIGITS =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int PREFIX_LENGTH = 12;
    private static final int SEQUENCE_LENGTH = 10;
    /** 62^10. */
    private static final long MAX_SEQUENCE = 839_299_365_868_340_224L;
    private static final long MIN_INCREMENT = 33;
    private static final long MAX_INCREMENT = 333;

    private final SecureRandom random = new SecureRandom();
    private final char[] id = new char[PREFIX_LENGTH + SEQUENCE_LENGTH];
    private long sequence;
    private long increment;

    EventIds()
    {
        renew();
    }

    String next()
    {
        sequence += increment;
        if (sequence >= MAX_SEQUENCE)
        {
            renew();
        }
        long s = sequence;
        for (int i = id.length - 1; i >= PREFIX_LENGTH; i--)
        {
            id[i] = DIGITS[(int)(s % DIGITS.length)];
            s /= DIGITS.length;
        }
        return new String(id);
    }

    private void renew()
    {
        for (int i = 0; i < PREFIX_LENGTH; i++)
        {
            id[i] = DIGITS[random.nextInt(DIGITS.length)];
        }
        sequence = (random.nextLong() & Long.MAX_VALUE) % MAX_SEQUENCE;
        increment = MIN_INCREMENT + random.nextInt((int)(MAX_INCREMENT - MIN_INCREMENT));
    }
}
