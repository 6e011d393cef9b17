package io.torus.core.auth;

import io.torus.core.auth.nkey.NonceChallenge;
import io.torus.core.options.ServerOptions;
import io.torus.core.protocol.ConnectOptions;
import io.torus.core.server.Account;
import io.torus.core.server.Accounts;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides who a client is from its CONNECT, as the Go server's processClientOrLeafAuthentication does for client
 * connections: an nkey user (signature over the INFO nonce), else a user of the users lists (with
 * {@code no_auth_user} for clients that send no credentials), else the single token or user/password. Immutable
 * and thread-safe; a new one is built when a reload changes the users.
 * <p>
 * A bcrypt check takes tens of milliseconds: {@link #isSlow} tells the caller to run those off its event loop.
 */
public final class Authenticator
{
    private final Accounts accounts;
    private final Map<String, UserEntry> users = new HashMap<>();
    private final Map<String, UserEntry> nkeys = new HashMap<>();
    private final String noAuthUser;
    private final String username;
    private final String password;
    private final String token;
    private final boolean required;
    /** {@code tls { verify_and_map }}: the client certificate names the user. */
    private final boolean tlsMap;
    private final boolean anyBcrypt;
    /** Checked for users that do not exist, so they take as long as a wrong password; null without bcrypt. */
    private final String decoyHash;
    /** Operator mode: every client authenticates with a user JWT; null otherwise. */
    private final JwtUsers jwtUsers;

    public Authenticator(final ServerOptions options, final Accounts accounts)
    {
        this.accounts = accounts;
        boolean bcrypt = Passwords.isBcrypt(options.password) || Passwords.isBcrypt(options.authToken);
        String decoy = null;
        for (final UserEntry u : options.users)
        {
            if (u.isNkey())
            {
                nkeys.put(u.nkey(), u);
            }
            else
            {
                users.put(u.username(), u);
                if (Passwords.isBcrypt(u.password()))
                {
                    bcrypt = true;
                    decoy = decoy == null ? Passwords.decoyHash(u.password()) : decoy;
                }
            }
        }
        this.anyBcrypt = bcrypt;
        this.decoyHash = decoy;
        this.noAuthUser = options.noAuthUser;
        this.username = options.username;
        this.password = options.password;
        this.token = options.authToken;
        this.jwtUsers = options.operator == null ? null : new JwtUsers(options.operator, accounts, Clock.systemDefaultZone());
        this.required = options.authRequired();
        this.tlsMap = options.tlsConfig != null && options.tlsConfig.map;
    }

    public boolean required()
    {
        return required;
    }

    /** Whether INFO must carry a nonce: nkey users sign it. */
    public boolean usesNonce()
    {
        return !nkeys.isEmpty() || jwtUsers != null;
    }

    /** Whether checking this CONNECT may take a bcrypt comparison. */
    public boolean isSlow(final ConnectOptions o)
    {
        // A user JWT costs up to three ed25519 verifications (user JWT, nonce, account JWT on first use).
        if (jwtUsers != null)
        {
            return true;
        }
        // An nkey user costs an ed25519 verification (0.6-0.9 ms with the JDK's provider): off the event loop too.
        if (!nkeys.isEmpty() && o.nkey != null && !o.nkey.isEmpty())
        {
            return true;
        }
        return anyBcrypt;
    }

    /**
     * @param nonce the nonce sent in this client's INFO, or null
     */
    public AuthResult authenticate(final ConnectOptions o, final String nonce)
    {
        return authenticate(o, nonce, null);
    }

    /**
     * @param nonce      the nonce sent in this client's INFO, or null
     * @param clientHost the client's IP address (a user JWT may limit where clients connect from), or null
     */
    public AuthResult authenticate(final ConnectOptions o, final String nonce, final String clientHost)
    {
        return authenticate(o, nonce, clientHost, null);
    }

    /**
     * @param peer the client's verified TLS certificate, or null: with {@code verify_and_map} it names the user
     */
    public AuthResult authenticate(final ConnectOptions o, final String nonce, final String clientHost,
        final java.security.cert.X509Certificate peer)
    {
        if (!required)
        {
            return AuthResult.allowed(accounts.global(), null);
        }
        if (jwtUsers != null)
        {
            // As Go: with trusted operators only user JWTs authenticate.
            return jwtUsers.authenticate(o, nonce, clientHost);
        }
        if (!nkeys.isEmpty() && notEmpty(o.nkey))
        {
            final UserEntry u = nkeys.get(o.nkey);
            if (u == null || !u.allowsStandardClients())
            {
                return AuthResult.denied("authentication error - Nkey \"" + o.nkey + "\"");
            }
            final String problem = NonceChallenge.check(o.nkey, nonce == null ? "" : nonce, o.sig);
            if (problem != null)
            {
                return AuthResult.denied("authentication error - Nkey \"" + o.nkey + "\" (" + problem + ")");
            }
            return allowed(u);
        }
        if (!users.isEmpty() && tlsMap)
        {
            return mapCertificate(o, peer);
        }
        if (!users.isEmpty())
        {
            String user = o.user;
            String pass = o.pass;
            if (notEmpty(noAuthUser) && !notEmpty(o.user) && !notEmpty(o.pass) && !notEmpty(o.authToken))
            {
                final UserEntry u = users.get(noAuthUser);
                if (u != null)
                {
                    // As Go: the client becomes that user, checked as if it had sent the user's credentials.
                    user = u.username();
                    pass = u.password();
                    return u.allowsStandardClients() ? allowed(u) : denied(user);
                }
            }
            if (notEmpty(user))
            {
                final UserEntry u = users.get(user);
                if (u == null || !u.allowsStandardClients())
                {
                    if (decoyHash != null)
                    {
                        Passwords.matches(decoyHash, pass);
                    }
                    return denied(user);
                }
                return Passwords.matches(u.password(), pass) ? allowed(u) : denied(user);
            }
        }
        if (notEmpty(token))
        {
            return Passwords.matches(token, o.authToken) ? AuthResult.allowed(accounts.global(), null) : denied(null);
        }
        if (notEmpty(username))
        {
            final boolean userOk = username.equals(o.user);
            final boolean passOk = Passwords.matches(password, o.pass);
            return userOk & passOk ? AuthResult.allowed(accounts.global(), null) : denied(o.user);
        }
        return denied(o.user);
    }

    /**
     * Go's checkClientTLSCertSubject: the first user the certificate's e-mails, DNS names, URIs or subject name;
     * as Go, that user's password (normally none) must still match what CONNECT sent.
     */
    private AuthResult mapCertificate(final ConnectOptions o, final java.security.cert.X509Certificate peer)
    {
        if (peer == null)
        {
            return AuthResult.denied("authentication error (user required in cert, no peer certificate)");
        }
        final java.util.List<String> names = new java.util.ArrayList<>();
        for (final UserEntry u : users.values())
        {
            if (u.allowsStandardClients())
            {
                names.add(u.username());
            }
        }
        final String name = io.torus.core.tls.CertificateIdentity.of(peer).findUser(
            n -> users.containsKey(n) && users.get(n).allowsStandardClients(), names);
        if (name == null)
        {
            return AuthResult.denied("authentication error (no user found for the client certificate)");
        }
        final UserEntry u = users.get(name);
        return Passwords.matches(u.password(), o.pass) ? allowed(u) : denied(name);
    }

    private AuthResult allowed(final UserEntry u)
    {
        final Account account = accounts.get(u.account());
        return account == null ? AuthResult.denied("authentication error - account \"" + u.account() +
            "\" not found") : AuthResult.allowed(account, u);
    }

    private AuthResult denied(final String user)
    {
        return AuthResult.denied(!users.isEmpty() && user != null ? "authentication error - User \"" + user + "\"" :
            "authentication error");
    }

    private static boolean notEmpty(final String s)
    {
        return s != null && !s.isEmpty();
    }
}
