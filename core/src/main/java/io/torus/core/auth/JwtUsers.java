package io.torus.core.auth;

import io.torus.core.auth.jwt.JwtAuthResult;
import io.torus.core.auth.jwt.JwtTrust;
import io.torus.core.auth.jwt.MemoryAccountResolver;
import io.torus.core.auth.jwt.Permission;
import io.torus.core.auth.jwt.UserLimits;
import io.torus.core.options.OperatorConfig;
import io.torus.core.protocol.ConnectOptions;
import io.torus.core.protocol.ProtocolErrors;
import io.torus.core.server.Account;
import io.torus.core.server.Accounts;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Operator mode at CONNECT: the client's user JWT is judged by {@link JwtTrust} against the accounts of
 * {@code resolver_preload}, and the client joins the account the JWT names, with the JWT's permissions (or the
 * account's default permissions) and limits. Immutable and thread-safe.
 */
public final class JwtUsers
{
    private final JwtTrust trust;
    private final MemoryAccountResolver resolver;
    private final Accounts accounts;
    private final Clock clock;

    public JwtUsers(final OperatorConfig config, final Accounts accounts, final Clock clock)
    {
        this.clock = clock;
        this.trust = config.trust(clock);
        this.resolver = config.memoryResolver(trust);
        this.accounts = accounts;
    }

    /**
     * @param nonce      the nonce sent in this client's INFO
     * @param clientHost the client's IP address, for the JWT's {@code src} limits
     */
    public AuthResult authenticate(final ConnectOptions o, final String nonce, final String clientHost)
    {
        final JwtAuthResult r = trust.authenticate(o.jwt, o.sig, nonce, JwtTrust.STANDARD, clientHost, resolver);
        if (!r.ok())
        {
            // Go logs "authentication error" and, at debug level, the reason; one line here carries both.
            return AuthResult.denied("authentication error (" + r.failure() + ")");
        }
        final Account account = accounts.get(r.accountKey());
        if (account == null)
        {
            return AuthResult.denied("authentication error (Account JWT lookup error: account missing)");
        }
        final UserEntry user = new UserEntry(null, null, r.user().claims().subject(), permissions(r.permissions()),
            account.name(), Set.copyOf(r.effective().allowedConnectionTypes()));
        final UserLimits limits = r.effective().limits();
        // As Go: the user is closed when its JWT (or connect window) ends, or when its account's JWT expires.
        long expiresIn = r.expiresInNanos();
        String expiredError = ProtocolErrors.USER_AUTHENTICATION_EXPIRED;
        final long accountExp = r.account().claims().expires();
        if (accountExp > 0)
        {
            final long accountLeft = Math.max(1,
                TimeUnit.MILLISECONDS.toNanos(accountExp * 1000 - clock.millis()));
            if (expiresIn == 0 || accountLeft < expiresIn)
            {
                expiresIn = accountLeft;
                expiredError = ProtocolErrors.ACCOUNT_AUTHENTICATION_EXPIRED;
            }
        }
        return AuthResult.allowed(account, user, expiresIn, expiredError, limit(limits.subs()),
            limit(limits.payload()));
    }

    /** A JWT limit for the server: -1 for none; as Go, 0 stays 0 (nothing allowed). */
    private static int limit(final long v)
    {
        return v < 0 ? -1 : (int)Math.min(Integer.MAX_VALUE, v);
    }

    /**
     * The server's permissions for JWT permissions, as Go's buildPermissionsFromJwt: a side with neither allow nor
     * deny is unrestricted (null), an empty allow list allows all, response permissions of 0 take Go's defaults.
     * Null for null or empty permissions.
     */
    public static Permissions permissions(final io.torus.core.auth.jwt.Permissions p)
    {
        if (p == null || p.isEmpty())
        {
            return null;
        }
        ResponsePermission resp = null;
        if (p.resp() != null)
        {
            resp = new ResponsePermission(p.resp().maxMsgs() == 0 ? ResponsePermission.DEFAULT.maxMsgs() :
                p.resp().maxMsgs(), p.resp().ttlNanos() == 0 ? ResponsePermission.DEFAULT.expiresNanos() :
                p.resp().ttlNanos());
        }
        return new Permissions(side(p.pub()), side(p.sub()), resp);
    }

    private static SubjectPermission side(final Permission p)
    {
        if (p.allow().isEmpty() && p.deny().isEmpty())
        {
            return null;
        }
        final List<String> allow = p.allow().isEmpty() ? null : p.allow();
        return new SubjectPermission(allow, p.deny());
    }
}
