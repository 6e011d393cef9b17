package io.torus.storage;

/**
 * The one exception a store throws. Callers branch on {@link #reason()}, never on the message text.
 * Thrown only off the hot path (limits with discard new, I/O failure, misuse); a missing message is a
 * return value, not an exception.
 */
public final class StoreException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** Why the operation failed; mirrors the error values of the Go server's {@code store.go}. */
    public enum Reason
    {
        CLOSED,
        MAX_MSGS,
        MAX_BYTES,
        MAX_MSGS_PER_SUBJECT,
        MSG_TOO_LARGE,
        SEQUENCE_MISMATCH,
        INVALID_ARGUMENT,
        /** Disk full, permission denied, a file that cannot be created or mapped: the store stays readable. */
        IO,
        CORRUPT
    }

    private final Reason reason;

    public StoreException(final Reason reason, final String message)
    {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public StoreException(final Reason reason, final String message, final Throwable cause)
    {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason()
    {
        return reason;
    }
}
