package io.torus.core.auth.jwt;

import io.torus.core.auth.nkey.NKey;
import io.torus.core.auth.nkey.NKeyType;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code resolver: MEMORY}: account JWTs held in memory (from {@code resolver_preload}), verified against the
 * trusted operators on first lookup and kept, as Go's MemAccResolver and account cache do. Thread-safe.
 */
public final class MemoryAccountResolver implements AccountSource
{
    private final JwtTrust trust;
    private final Map<String, String> jwts = new ConcurrentHashMap<>();
    private final Map<String, AccountClaims> verified = new ConcurrentHashMap<>();

    public MemoryAccountResolver(final JwtTrust trust, final Map<String, String> preload)
    {
        this.trust = trust;
        jwts.putAll(preload);
    }

    /** Stores (or replaces) an account JWT; the next lookup verifies it. */
    public void store(final String accountPublicKey, final String jwt)
    {
        jwts.put(accountPublicKey, jwt);
        verified.remove(accountPublicKey);
    }

    /** The raw JWT stored for an account, or null. */
    public String fetch(final String accountPublicKey)
    {
        return jwts.get(accountPublicKey);
    }

    @Override
    public AccountClaims account(final String accountPublicKey)
    {
        final AccountClaims known = verified.get(accountPublicKey);
        if (known != null)
        {
            return known;
        }
        if (!NKey.isValidPublicKey(accountPublicKey, NKeyType.ACCOUNT))
        {
            throw new JwtException("will only fetch valid account keys");
        }
        final String jwt = jwts.get(accountPublicKey);
        if (jwt == null)
        {
            throw new JwtException(JwtTrust.ERR_MISSING_ACCOUNT);
        }
        final AccountClaims claims = trust.verifyAccount(jwt);
        if (!claims.claims().subject().equals(accountPublicKey))
        {
            throw new JwtException(JwtTrust.ERR_ACCOUNT_VALIDATION);
        }
        verified.put(accountPublicKey, claims);
        return claims;
    }
}
