package io.torus.core.auth.jwt;

import io.torus.core.auth.nkey.NKey;
import io.torus.core.auth.nkey.NKeyType;
import io.torus.core.auth.nkey.NonceChallenge;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The trust rules of operator mode, as the Go server applies them:
 * <ul>
 * <li>an account JWT is trusted when its issuer is a trusted operator key or one of that operator's signing keys
 * (with {@code strict_signing_key_usage} the operator key itself no longer signs accounts), and it validates with
 * time checks (not expired, not before {@code nbf});</li>
 * <li>a user JWT is trusted when it validates, its account (its {@code issuer_account}, else its issuer) is found and
 * trusted and not expired, and its issuer is the account key or one of the account's signing keys (a scoped key
 * imposes its template); the client signed the server's nonce with the user key unless the JWT is a bearer token;
 * the account has not revoked it (a revocation of the user key, or of "*", at time T revokes JWTs issued at or before
 * T); the client connects from an allowed address, at an allowed time, over an allowed connection type.</li>
 * </ul>
 * Thread-safe: its configuration is immutable, decoded user JWTs are cached in a concurrent map; account lookups go
 * through an {@link AccountSource}.
 */
public final class JwtTrust
{
    public static final String ERR_MISSING_ACCOUNT = "account missing";
    public static final String ERR_ACCOUNT_VALIDATION = "account validation failed";

    /** Connection types a JWT may allow (jwt v2 ConnectionType*). */
    public static final Set<String> CONNECTION_TYPES =
        Set.of("STANDARD", "WEBSOCKET", "LEAFNODE", "LEAFNODE_WS", "MQTT", "MQTT_WS");
    public static final String STANDARD = "STANDARD";

    /** Decoded user JWTs kept across CONNECTs; emptied when full. */
    private static final int DECODED_USERS_MAX = 4096;

    private final Set<String> trustedKeys;
    private final Set<String> strictSigningKeys;
    private final Set<String> pinnedAccounts;
    private final Clock clock;
    /**
     * User JWTs whose signature already verified (a JWT is immutable: the same text decodes to the same claims), so
     * that a client that reconnects costs one ed25519 verification (the nonce) instead of two. Times, revocations
     * and the account are still checked at every CONNECT.
     */
    private final Map<String, UserClaims> decodedUsers = new ConcurrentHashMap<>();

    /**
     * @param trustedKeys       operator public keys that may sign account JWTs
     * @param strictSigningKeys the trusted keys that belong to operators with {@code strict_signing_key_usage}: the
     *                          accounts they sign may not sign users with the account key itself
     * @param pinnedAccounts    {@code resolver_pinned_accounts}; null or empty means any account
     * @param clock             the time for expiry, revocation and connect windows (its zone is the server's zone)
     */
    public JwtTrust(final Collection<String> trustedKeys, final Collection<String> strictSigningKeys,
                    final Collection<String> pinnedAccounts, final Clock clock)
    {
        this.trustedKeys = Set.copyOf(trustedKeys);
        this.strictSigningKeys = Set.copyOf(strictSigningKeys);
        this.pinnedAccounts = pinnedAccounts == null ? Set.of() : Set.copyOf(pinnedAccounts);
        this.clock = clock;
    }

    /**
     * Trust as configured by operators (and plain {@code trusted_keys}): each operator's key unless it is strict, and
     * its signing keys.
     */
    public static JwtTrust of(final List<OperatorClaims> operators, final Collection<String> trustedKeys,
                              final Collection<String> pinnedAccounts, final Clock clock)
    {
        final Set<String> keys = new LinkedHashSet<>(trustedKeys);
        final Set<String> strict = new LinkedHashSet<>();
        for (final OperatorClaims op : operators)
        {
            if (!op.strictSigningKeyUsage())
            {
                keys.add(op.claims().subject());
            }
            keys.addAll(op.signingKeys());
            if (op.strictSigningKeyUsage())
            {
                strict.addAll(op.signingKeys());
            }
        }
        return new JwtTrust(keys, strict, pinnedAccounts, clock);
    }

    public Set<String> trustedKeys()
    {
        return trustedKeys;
    }

    public boolean isTrustedIssuer(final String issuer)
    {
        return trustedKeys.contains(issuer);
    }

    /**
     * Decodes and verifies an account JWT: signature, trusted issuer, validation with time checks.
     *
     * @throws JwtException the decode error, or "account validation failed" as Go's verifyAccountClaims
     */
    public AccountClaims verifyAccount(final String jwt)
    {
        final AccountClaims claims = JwtDecoder.decodeAccount(jwt);
        if (!isTrustedIssuer(claims.claims().issuer()))
        {
            throw new JwtException(ERR_ACCOUNT_VALIDATION);
        }
        if (ClaimsValidator.validate(claims, nowSeconds()).isBlocking(true))
        {
            throw new JwtException(ERR_ACCOUNT_VALIDATION);
        }
        return claims;
    }

    /**
     * The keys that may sign users of an account, each with its scope or null: the account's signing keys, and the
     * account key itself unless its issuer is a strict operator signing key.
     */
    public Map<String, AccountClaims.SigningKey> userSigners(final AccountClaims account)
    {
        final Map<String, AccountClaims.SigningKey> signers = new LinkedHashMap<>(account.signingKeys());
        if (!strictSigningKeys.contains(account.claims().issuer()))
        {
            signers.put(account.claims().subject(), new AccountClaims.SigningKey(account.claims().subject(), null));
        }
        return signers;
    }

    /**
     * Authenticates a client by the user JWT of its CONNECT, in the Go server's order of checks.
     *
     * @param userJwt        the {@code jwt} field of CONNECT
     * @param sig            the {@code sig} field of CONNECT (the nonce signed by the user key)
     * @param nonce          the nonce sent to this client in INFO
     * @param connectionType STANDARD for a plain client ({@link #CONNECTION_TYPES})
     * @param clientHost     the client's IP address as text, for {@code src} limits
     * @param accounts       where accounts are found
     */
    public JwtAuthResult authenticate(final String userJwt, final String sig, final String nonce,
                                      final String connectionType, final String clientHost,
                                      final AccountSource accounts)
    {
        if (userJwt == null || userJwt.isEmpty())
        {
            return JwtAuthResult.fail("Authentication requires a user JWT");
        }
        UserClaims user = decodedUsers.get(userJwt);
        if (user == null)
        {
            try
            {
                user = JwtDecoder.decodeUser(userJwt);
            }
            catch (final JwtException e)
            {
                return JwtAuthResult.fail("User JWT not valid: " + e.getMessage());
            }
            if (decodedUsers.size() >= DECODED_USERS_MAX)
            {
                decodedUsers.clear();
            }
            decodedUsers.put(userJwt, user);
        }
        final long now = nowSeconds();
        final ValidationResults vr = ClaimsValidator.validate(user, now);
        if (vr.isBlocking(true))
        {
            return JwtAuthResult.fail("User JWT no longer valid: " + vr.blockingText(true));
        }
        final String typeFailure = connectionTypeFailure(user.user().allowedConnectionTypes(), connectionType);
        if (typeFailure != null)
        {
            return JwtAuthResult.fail(typeFailure);
        }
        final String accountKey = user.account();
        if (!pinnedAccounts.isEmpty() && !pinnedAccounts.contains(accountKey))
        {
            return JwtAuthResult.fail("Account " + accountKey + " not listed as operator pinned account");
        }
        final AccountClaims account;
        try
        {
            account = accounts.account(accountKey);
        }
        catch (final JwtException e)
        {
            return JwtAuthResult.fail("Account JWT lookup error: " + e.getMessage());
        }
        if (account == null)
        {
            return JwtAuthResult.fail("Account JWT lookup error: " + ERR_MISSING_ACCOUNT);
        }
        if (!isTrustedIssuer(account.claims().issuer()))
        {
            return JwtAuthResult.fail("Account JWT not signed by trusted operator");
        }
        final Map<String, AccountClaims.SigningKey> signers = userSigners(account);
        final AccountClaims.SigningKey signer = signers.get(user.claims().issuer());
        if (signer == null)
        {
            return JwtAuthResult.fail("User JWT issuer is not known");
        }
        UserPermissionLimits effective = user.user();
        if (signer.scope() != null)
        {
            if (!user.user().isEmpty())
            {
                return JwtAuthResult.fail("User JWT is not valid: scoped users require no permissions or limits set");
            }
            try
            {
                effective = UserPermissionTemplate.apply(signer.scope().template(), user, account);
            }
            catch (final JwtException e)
            {
                return JwtAuthResult.fail("User JWT generated invalid permissions");
            }
        }
        if (account.claims().expires() != 0 && account.claims().expires() <= now)
        {
            return JwtAuthResult.fail("Account JWT has expired");
        }
        if (user.user().bearerToken() && account.limits().disallowBearer())
        {
            return JwtAuthResult.fail("Account does not allow bearer token");
        }
        if (!user.user().bearerToken())
        {
            final String sigFailure = NonceChallenge.check(user.claims().subject(), nonce == null ? "" : nonce, sig);
            if (sigFailure != null)
            {
                return JwtAuthResult.fail(sigFailure);
            }
        }
        if (isRevoked(account.revocations(), user.claims().subject(), user.claims().issuedAt()))
        {
            return JwtAuthResult.fail("User authentication revoked");
        }
        if (!srcAllowed(effective.limits().src(), clientHost))
        {
            return JwtAuthResult.fail("Bad src Ip " + clientHost);
        }
        final long windowNanos = ConnectTimes.validFor(effective.limits().times(), effective.limits().locale(),
            ZonedDateTime.now(clock));
        if (windowNanos == ConnectTimes.NOT_ALLOWED)
        {
            return JwtAuthResult.fail("Outside connect times");
        }
        Permissions permissions = effective.permissions();
        if (permissions.pub().allow().isEmpty() && permissions.pub().deny().isEmpty() &&
            permissions.sub().allow().isEmpty() && permissions.sub().deny().isEmpty() && permissions.resp() == null)
        {
            permissions = account.defaultPermissions().isEmpty() ? null : account.defaultPermissions();
        }
        return new JwtAuthResult(null, user, account, effective, permissions,
            expiresIn(user.claims().expires(), now, windowNanos));
    }

    /** Go's isRevoked: the user key's or "*"'s revocation time at or after the JWT's issue time. */
    public static boolean isRevoked(final Map<String, Long> revocations, final String userKey, final long issuedAt)
    {
        if (revocations.isEmpty())
        {
            return false;
        }
        final Long t = revocations.get(userKey);
        if (t != null && t >= issuedAt)
        {
            return true;
        }
        final Long all = revocations.get("*");
        return all != null && all >= issuedAt;
    }

    /** Go's setExpiration: the sooner of {@code exp} and the end of the connect window; 0 for never. */
    private static long expiresIn(final long exp, final long now, final long windowNanos)
    {
        if (exp == 0)
        {
            return windowNanos;
        }
        final long toExp = exp > now ? TimeUnit.SECONDS.toNanos(exp - now) : 0;
        // Go arms a timer of 0 for a JWT that expires this second: it closes the client at once.
        final long nanos = windowNanos != 0 && windowNanos < toExp ? windowNanos : toExp;
        return Math.max(nanos, 1);
    }

    private static String connectionTypeFailure(final List<String> allowed, final String connectionType)
    {
        if (allowed.isEmpty())
        {
            return null;
        }
        final List<String> known = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();
        for (final String t : allowed)
        {
            final String u = t.toUpperCase(Locale.ROOT);
            (CONNECTION_TYPES.contains(u) ? known : unknown).add(u);
        }
        if (!unknown.isEmpty() && known.isEmpty())
        {
            final StringBuilder b = new StringBuilder("invalid connection types [");
            for (int i = 0; i < unknown.size(); i++)
            {
                b.append(i == 0 ? "" : " ").append('"').append(unknown.get(i)).append('"');
            }
            return b.append(']').toString();
        }
        return known.contains(connectionType) ? null : "Connection type not allowed";
    }

    private static boolean srcAllowed(final List<String> src, final String host)
    {
        if (src.isEmpty())
        {
            return true;
        }
        if (host == null || host.isEmpty())
        {
            return false;
        }
        final byte[] ip = Cidr.parseIp(host);
        if (ip == null)
        {
            return false;
        }
        for (final String c : src)
        {
            final Cidr cidr = Cidr.parse(c);
            if (cidr == null)
            {
                return false;
            }
            if (cidr.contains(ip))
            {
                return true;
            }
        }
        return false;
    }

    private long nowSeconds()
    {
        return clock.millis() / 1000;
    }

    /** True when the string is a well-formed operator public key (for config checks). */
    public static boolean isOperatorKey(final String key)
    {
        return NKey.isValidPublicKey(key, NKeyType.OPERATOR);
    }
}
