package io.torus.core.auth;

import io.torus.core.server.Account;

/**
 * What authentication decided for one CONNECT: the account and user (null for the single configured user/token
 * and when no auth is required), or the reason it failed, worded for the log as the Go server logs it.
 * A user JWT adds when the client must be closed ({@code expiresInNanos}, 0: never) and with which error
 * ({@code expiredError}: its own JWT or its account's expired), and the user's own limits ({@code maxSubscriptions},
 * {@code maxPayload}; -1: none).
 */
public record AuthResult(boolean ok, Account account, UserEntry user, String failure, long expiresInNanos,
                         String expiredError, int maxSubscriptions, int maxPayload)
{
    public static AuthResult allowed(final Account account, final UserEntry user)
    {
        return new AuthResult(true, account, user, null, 0, null, -1, -1);
    }

    /**
     * A JWT user: closed after {@code expiresInNanos} (0: never) with {@code expiredError}, with its own limits
     * (-1: none).
     */
    public static AuthResult allowed(final Account account, final UserEntry user, final long expiresInNanos,
                                     final String expiredError, final int maxSubscriptions, final int maxPayload)
    {
        return new AuthResult(true, account, user, null, expiresInNanos, expiredError, maxSubscriptions, maxPayload);
    }

    public static AuthResult denied(final String failure)
    {
        return new AuthResult(false, null, null, failure, 0, null, -1, -1);
    }

    public Permissions permissions()
    {
        return user == null ? null : user.permissions();
    }
}
