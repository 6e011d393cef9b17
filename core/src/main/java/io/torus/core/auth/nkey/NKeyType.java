package io.torus.core.auth.nkey;

/**
 * The kinds of public NKey, each with the prefix byte the nkeys library writes before the raw key. The prefix is
 * chosen so that the base32 text starts with the kind's letter (O, A, U, N, C). Immutable.
 */
public enum NKeyType
{
    OPERATOR(14 << 3, 'O', "operator"),
    ACCOUNT(0, 'A', "account"),
    USER(20 << 3, 'U', "user"),
    SERVER(13 << 3, 'N', "server"),
    CLUSTER(2 << 3, 'C', "cluster");

    /** Prefix byte of an encoded seed (text starts with 'S'); the second byte carries the public kind. */
    static final int SEED_PREFIX = 18 << 3;
    /** Prefix byte of an encoded raw private key (text starts with 'P'); valid in nkeys, never a public key. */
    static final int PRIVATE_PREFIX = 15 << 3;

    private final int prefixByte;
    private final char letter;
    private final String goName;

    NKeyType(final int prefixByte, final char letter, final String goName)
    {
        this.prefixByte = prefixByte;
        this.letter = letter;
        this.goName = goName;
    }

    /** The byte written before the key's raw bytes. */
    public int prefixByte()
    {
        return prefixByte;
    }

    /** The first letter of every encoded public key of this kind. */
    public char letter()
    {
        return letter;
    }

    /** The name the Go libraries print for this kind ("operator", "account", ...). */
    public String goName()
    {
        return goName;
    }

    /** The public kind with this prefix byte, or null. */
    public static NKeyType ofPrefixByte(final int prefixByte)
    {
        for (final NKeyType t : values())
        {
            if (t.prefixByte == prefixByte)
            {
                return t;
            }
        }
        return null;
    }
}
