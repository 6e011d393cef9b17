package io.torus.core.auth.jwt;

/**
 * Where {@link JwtTrust} finds the account of a user JWT: returns the verified account claims, or throws
 * {@link JwtException} with the lookup error the Go server logs ("account missing", "account validation failed").
 * Implementations must be safe to call from any thread that authenticates clients.
 */
@FunctionalInterface
public interface AccountSource
{
    AccountClaims account(String accountPublicKey);
}
