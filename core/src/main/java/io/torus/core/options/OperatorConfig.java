package io.torus.core.options;

import io.torus.core.auth.jwt.AccountClaims;
import io.torus.core.auth.jwt.JwtTrust;
import io.torus.core.auth.jwt.MemoryAccountResolver;
import io.torus.core.auth.jwt.OperatorClaims;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Operator mode (JWT authentication) as configured: the trusted operators, extra trusted keys, the account resolver
 * and its preloaded accounts, the system account. Produced by {@link OperatorConfigMapper}; immutable.
 *
 * @param operators       the decoded {@code operator} JWTs
 * @param operatorJwts    the same JWTs as text (for monitoring and the system account)
 * @param trustedKeys     {@code trusted} / {@code trusted_keys}: operator keys trusted without an operator JWT
 * @param resolver        the account resolver kind
 * @param preloadJwts     {@code resolver_preload}: account public key to account JWT
 * @param preloaded       the same accounts decoded (signature checked; trust and expiry are checked at lookup)
 * @param systemAccount   {@code system_account}, else the single operator's {@code system_account}; "" when none
 * @param pinnedAccounts  {@code resolver_pinned_accounts} (with the system account added when set); empty: any
 */
public record OperatorConfig(List<OperatorClaims> operators, List<String> operatorJwts, List<String> trustedKeys,
                             Resolver resolver, Map<String, String> preloadJwts, Map<String, AccountClaims> preloaded,
                             String systemAccount, Set<String> pinnedAccounts)
{
    /** Account resolvers; Torus builds the memory resolver only. */
    public enum Resolver
    {
        /** No resolver: only possible with {@code trusted_keys} and no operator, where no account can be found. */
        NONE,
        /** {@code resolver: MEMORY} (or {@code MEM}): accounts from {@code resolver_preload}. */
        MEMORY
    }

    public OperatorConfig
    {
        operators = List.copyOf(operators);
        operatorJwts = List.copyOf(operatorJwts);
        trustedKeys = List.copyOf(trustedKeys);
        preloadJwts = Map.copyOf(preloadJwts);
        preloaded = Map.copyOf(preloaded);
        pinnedAccounts = Set.copyOf(pinnedAccounts);
    }

    /** The trust rules for this configuration, judging times by {@code clock}. */
    public JwtTrust trust(final Clock clock)
    {
        return JwtTrust.of(operators, trustedKeys, pinnedAccounts, clock);
    }

    /** A memory resolver holding the preloaded accounts, verified against {@code trust} on first lookup. */
    public MemoryAccountResolver memoryResolver(final JwtTrust trust)
    {
        return new MemoryAccountResolver(trust, preloadJwts);
    }
}
