package io.torus.core.server;

import io.torus.core.auth.ResponseType;

/**
 * The way back for the answers to one request that crossed a service import: a publish in the exporting account to
 * the generated reply subject is delivered in the requester's account to the original reply subject. Matching
 * thread only.
 */
public final class ResponseRoute
{
    final Account requesterAccount;
    final byte[] reply;
    final ResponseType type;
    final long expiresAtNanos;

    ResponseRoute(final Account requesterAccount, final byte[] reply, final ResponseType type,
        final long expiresAtNanos)
    {
        this.requesterAccount = requesterAccount;
        this.reply = reply;
        this.type = type;
        this.expiresAtNanos = expiresAtNanos;
    }

    public Account requesterAccount()
    {
        return requesterAccount;
    }

    public byte[] reply()
    {
        return reply;
    }

    public boolean singleton()
    {
        return type == ResponseType.SINGLETON;
    }

    public boolean expired(final long nowNanos)
    {
        return nowNanos - expiresAtNanos > 0;
    }
}
