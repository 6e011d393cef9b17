package io.torus.storage;

/**
 * What a store does when an append would exceed {@code max_msgs} or {@code max_bytes}.
 */
public enum DiscardPolicy
{
    /** Remove the oldest messages to make room (the default, as in the Go server). */
    OLD,
    /** Refuse the new message with {@link StoreException.Reason#MAX_MSGS} or {@link StoreException.Reason#MAX_BYTES}. */
    NEW
}
