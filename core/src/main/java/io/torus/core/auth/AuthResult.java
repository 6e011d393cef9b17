package io.torus.core.auth;

import io.torus.core.server.Account;

/**
 * What authentication decided for one CONNECT: the account and user (null for the single configured user/token
 * and when no auth is required), or the reason it failed, worded for the log as the Go server logs it.
 */
public record AuthResult(boolean ok, Account account, UserEntry user, String failure)
{
    public static AuthResult allowed(final Account account, final UserEntry user)
    {
        return new AuthResult(true, account, user, null);
    }

    public static AuthResult denied(final String failure)
    {
        return new AuthResult(false, null, null, failure);
    }

    public Permissions permissions()
    {
        return user == null ? null : user.permissions();
    }
}
