package io.torus.core.auth.nkey;

/** A key string that is not a valid NKey; the message is the nkeys library's text ("nkeys: invalid checksum"). */
public final class InvalidNKeyException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public InvalidNKeyException(final String message)
    {
        super(message);
    }
}
