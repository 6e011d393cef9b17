package io.torus.core.auth.jwt;

/**
 * The outcome of authenticating a client by its user JWT.
 *
 * @param failure             null on success, else the reason the Go server logs at debug level (the client gets
 *                            {@code -ERR 'Authorization Violation'} whatever the reason)
 * @param user                the user's claims (null on failure)
 * @param account             the account's claims (null on failure or before the account was found)
 * @param effective           the user's permissions and limits after a scoped signing key's template, if any
 * @param permissions         the permissions to enforce: the user's, or the account's default permissions when the
 *                            user has none; null means no restrictions
 * @param expiresInNanos      when the client must be closed ("User Authentication Expired"): the nearer of the JWT's
 *                            {@code exp} and the end of its connect window; 0 means never
 */
public record JwtAuthResult(String failure, UserClaims user, AccountClaims account, UserPermissionLimits effective,
                            Permissions permissions, long expiresInNanos)
{
    static JwtAuthResult fail(final String reason)
    {
        return new JwtAuthResult(reason, null, null, null, null, 0);
    }

    public boolean ok()
    {
        return failure == null;
    }

    /** The account's public key (the user's {@code issuer_account}, else its issuer). */
    public String accountKey()
    {
        return user == null ? null : user.account();
    }
}
