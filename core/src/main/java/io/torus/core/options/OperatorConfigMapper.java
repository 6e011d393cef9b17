package io.torus.core.options;

import io.torus.core.auth.jwt.AccountClaims;
import io.torus.core.auth.jwt.JwtDecoder;
import io.torus.core.auth.jwt.JwtException;
import io.torus.core.auth.jwt.OperatorClaims;
import io.torus.core.auth.jwt.ServerVersion;
import io.torus.core.auth.nkey.NKey;
import io.torus.core.auth.nkey.NKeyType;
import io.torus.core.config.ConfigList;
import io.torus.core.config.ConfigMap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the operator-mode keys of a config file onto an {@link OperatorConfig}, with the Go server's parse errors
 * ({@code opts.go}) and its start-up checks ({@code validateTrustedOperators}), reported at the key's position:
 * <ul>
 * <li>{@code operator} (also {@code operators}, {@code root}, {@code roots}, {@code root_operator},
 * {@code root_operators}): a path to a JWT file (plain or decorated as nsc writes it) or the JWT itself; or a
 * list;</li>
 * <li>{@code resolver} ({@code account_resolver}, {@code accounts_resolver}): {@code MEMORY}/{@code MEM}; the URL and
 * directory (nats-based) resolvers are refused as not built;</li>
 * <li>{@code resolver_preload}, {@code resolver_pinned_accounts}, {@code trusted}/{@code trusted_keys};
 * {@code system_account}/{@code system} (read here too: in operator mode it is an account public key, by default
 * the operator's).</li>
 * </ul>
 * As in Go, operators exclude {@code accounts} and {@code authorization} user lists. Stateless.
 */
public final class OperatorConfigMapper
{
    /** The top-level keys this mapper reads (lower case); ConfigFileOptions skips them. */
    public static final Set<String> KEYS = Set.of("operator", "operators", "roots", "root", "root_operators",
        "root_operator", "resolver", "account_resolver", "accounts_resolver", "resolver_preload",
        "resolver_pinned_accounts", "trusted", "trusted_keys", "system_account", "system", "resolver_tls");

    /** Version whose behaviour Torus implements; an operator's assert_server_version is checked against it. */
    private static final String SERVER_VERSION = ServerOptions.GO_COMPAT_VERSION;
    private static final String JWT_PREFIX = "eyJ";
    /** A block of an nsc-decorated file: dashes line, the JWT or seed, dashes line (the jwt library's pattern). */
    private static final Pattern DECORATED =
        Pattern.compile("\\s*(?:(?:-{3,}.*-{3,}\\r?\\n)([\\w\\-.=]+)(?:\\r?\\n-{3,}.*-{3,}(\\r?\\n|\\z)))");
    private static final Pattern MEMORY = Pattern.compile("(?i)(MEM|MEMORY)\\s*");
    private static final Pattern URL = Pattern.compile("(?i)(?:URL)(?:\\(\\s*\"?([^\\s\"]*)\"?\\s*\\))?\\s*");

    private OperatorConfigMapper()
    {
    }

    /**
     * Reads the operator-mode keys of {@code conf}.
     *
     * @param warnings receives warnings (keys that do nothing without an operator)
     * @return the operator config, or null when neither an operator nor trusted keys are configured
     * @throws io.torus.core.config.ConfigException with file:line:col and Go's text
     */
    public static OperatorConfig map(final ConfigMap conf, final List<String> warnings)
    {
        String operatorKey = null;
        String resolverKey = null;
        String trustedKey = null;
        final List<OperatorClaims> operators = new ArrayList<>();
        final List<String> operatorJwts = new ArrayList<>();
        final List<String> trusted = new ArrayList<>();
        OperatorConfig.Resolver resolver = null;
        final Map<String, String> preloadJwts = new LinkedHashMap<>();
        final Map<String, AccountClaims> preloaded = new LinkedHashMap<>();
        final Set<String> pinned = new LinkedHashSet<>();
        String systemAccount = "";

        for (final String key : conf.keySet())
        {
            switch (key.toLowerCase(Locale.ROOT))
            {
                case "operator":
                case "operators":
                case "roots":
                case "root":
                case "root_operators":
                case "root_operator":
                    operatorKey = key;
                    for (final String ref : stringOrList(conf, key, "error parsing operators: unsupported type"))
                    {
                        final String jwt = readOperatorJwt(conf, key, ref);
                        try
                        {
                            operators.add(JwtDecoder.decodeOperator(jwt));
                        }
                        catch (final JwtException e)
                        {
                            throw conf.errorAt(key, "error parsing operator JWT: " + e.getMessage());
                        }
                        operatorJwts.add(jwt);
                    }
                    break;
                case "resolver":
                case "account_resolver":
                case "accounts_resolver":
                    resolverKey = key;
                    resolver = resolver(conf, key);
                    break;
                case "resolver_preload":
                    preload(conf, key, preloadJwts, preloaded);
                    break;
                case "resolver_pinned_accounts":
                    pinned.addAll(stringOrList(conf, key, "error parsing resolver_pinned_accounts: unsupported type"));
                    break;
                case "trusted":
                case "trusted_keys":
                    trustedKey = key;
                    for (final String k : stringOrList(conf, key, "error parsing trusted: unsupported type"))
                    {
                        if (!NKey.isValidPublicKey(k, NKeyType.OPERATOR))
                        {
                            throw conf.errorAt(key, "trust key \"" + k + "\" required to be a valid public operator nkey");
                        }
                        trusted.add(k);
                    }
                    break;
                case "system_account":
                case "system":
                    if (!(conf.get(key) instanceof String s))
                    {
                        throw conf.errorAt(key, "system account name must be a string");
                    }
                    systemAccount = s;
                    break;
                case "resolver_tls":
                    throw conf.errorAt(key, "\"resolver_tls\" is not supported by Torus yet (URL resolver)");
                default:
                    break;
            }
        }

        if (operators.isEmpty() && trusted.isEmpty())
        {
            if (resolverKey != null || !preloadJwts.isEmpty())
            {
                warnings.add(conf.positionOf(resolverKey != null ? resolverKey : "resolver_preload") +
                    ": an account resolver does nothing without an \"operator\"; ignored");
            }
            return null;
        }
        if (operators.size() == 1)
        {
            if (resolver == null && !operators.get(0).accountServerUrl().isEmpty())
            {
                throw conf.errorAt(operatorKey, "the operator's account_server_url (URL account resolver) is not " +
                    "supported by Torus yet; set \"resolver: MEMORY\" and \"resolver_preload\"");
            }
            if (systemAccount.isEmpty())
            {
                systemAccount = operators.get(0).systemAccount();
            }
        }
        validate(conf, operatorKey != null ? operatorKey : trustedKey, operators, trusted, resolver, systemAccount,
            pinned);
        if (!systemAccount.isEmpty() && !pinned.isEmpty())
        {
            pinned.add(systemAccount);
        }
        return new OperatorConfig(operators, operatorJwts, trusted,
            resolver == null ? OperatorConfig.Resolver.NONE : resolver, preloadJwts, preloaded, systemAccount, pinned);
    }

    /** Go's validateTrustedOperators, in its order. */
    private static void validate(final ConfigMap conf, final String at, final List<OperatorClaims> operators,
                                 final List<String> trusted, final OperatorConfig.Resolver resolver,
                                 final String systemAccount, final Set<String> pinned)
    {
        if (operators.isEmpty())
        {
            return;
        }
        if (resolver == null)
        {
            throw conf.errorAt(at, "operators require an account resolver to be configured");
        }
        if (hasKey(conf, "accounts"))
        {
            throw conf.errorAt(at, "operators do not allow Accounts to be configured directly");
        }
        if (hasUsers(conf))
        {
            throw conf.errorAt(at, "operators do not allow users to be configured directly");
        }
        if (!trusted.isEmpty())
        {
            throw conf.errorAt(at, "conflicting options for 'TrustedKeys' and 'TrustedOperators'");
        }
        if (hasKey(conf, "no_auth_user"))
        {
            // Go checks this later (validateNoAuthUser), with this text.
            throw conf.errorAt(at, "no_auth_user not compatible with Trusted Operator");
        }
        if (!systemAccount.isEmpty())
        {
            boolean found = false;
            boolean nonEmpty = false;
            for (final OperatorClaims op : operators)
            {
                nonEmpty |= !op.systemAccount().isEmpty();
                if (op.systemAccount().equals(systemAccount))
                {
                    found = true;
                    break;
                }
            }
            if (nonEmpty && !found)
            {
                throw conf.errorAt(at, "system_account in config and operator JWT must be identical");
            }
        }
        for (final OperatorClaims op : operators)
        {
            final String unmet = ServerVersion.unmet(op, SERVER_VERSION);
            if (unmet != null)
            {
                throw conf.errorAt(at, unmet);
            }
        }
        for (final OperatorClaims op : operators)
        {
            final List<String> keys = new ArrayList<>();
            if (!op.strictSigningKeyUsage())
            {
                keys.add(op.claims().subject());
            }
            keys.addAll(op.signingKeys());
            for (final String k : keys)
            {
                if (!NKey.isValidPublicKey(k, NKeyType.OPERATOR))
                {
                    throw conf.errorAt(at, "trusted Keys \"" + k + "\" are required to be a valid public operator nkey");
                }
            }
        }
        for (final String k : pinned)
        {
            if (!NKey.isValidPublicKey(k, NKeyType.ACCOUNT))
            {
                throw conf.errorAt(at, "pinned account key \"" + k + "\" is not a valid public account nkey");
            }
        }
    }

    private static boolean hasKey(final ConfigMap conf, final String name)
    {
        for (final String k : conf.keySet())
        {
            if (k.equalsIgnoreCase(name))
            {
                return true;
            }
        }
        return false;
    }

    /** {@code authorization { users: [...] }} or {@code nkeys}: the users Go's Options.Users and Nkeys hold. */
    private static boolean hasUsers(final ConfigMap conf)
    {
        for (final String k : conf.keySet())
        {
            if (k.equalsIgnoreCase("authorization") && conf.get(k) instanceof ConfigMap auth)
            {
                for (final String a : auth.keySet())
                {
                    if ((a.equalsIgnoreCase("users") || a.equalsIgnoreCase("nkeys")) &&
                        auth.get(a) instanceof ConfigList list && !list.isEmpty())
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static OperatorConfig.Resolver resolver(final ConfigMap conf, final String key)
    {
        final Object v = conf.get(key);
        if (v instanceof ConfigMap)
        {
            throw conf.errorAt(key, "the nats account resolver (dir, type FULL or CACHE) is not supported by Torus " +
                "yet; use \"resolver: MEMORY\" with \"resolver_preload\"");
        }
        if (!(v instanceof String s))
        {
            throw conf.errorAt(key, "error parsing operator resolver, wrong type");
        }
        // Go tries the memory pattern first, anywhere in the value.
        if (MEMORY.matcher(s).find())
        {
            return OperatorConfig.Resolver.MEMORY;
        }
        final Matcher url = URL.matcher(s);
        if (url.find() && url.group(1) != null)
        {
            throw conf.errorAt(key, "the URL account resolver is not supported by Torus yet; use \"resolver: MEMORY\" " +
                "with \"resolver_preload\"");
        }
        throw conf.errorAt(key, "error parsing account resolver, should be MEM or  URL(\"url\") or a map containing " +
            "dir and type state=[FULL|CACHE])");
    }

    private static void preload(final ConfigMap conf, final String key, final Map<String, String> jwts,
                                final Map<String, AccountClaims> claims)
    {
        if (!(conf.get(key) instanceof ConfigMap m))
        {
            throw conf.errorAt(key, "preload should be a map of account_public_key:account_jwt");
        }
        for (final String account : m.keySet())
        {
            if (!(m.get(account) instanceof String jwt))
            {
                throw m.errorAt(account, "preload map value should be a string JWT");
            }
            try
            {
                claims.put(account, JwtDecoder.decodeAccount(jwt));
            }
            catch (final JwtException e)
            {
                throw m.errorAt(account, "invalid account JWT");
            }
            jwts.put(account, jwt);
        }
    }

    private static List<String> stringOrList(final ConfigMap conf, final String key, final String typeError)
    {
        final Object v = conf.get(key);
        if (v instanceof String s)
        {
            return List.of(s);
        }
        if (v instanceof ConfigList list)
        {
            final List<String> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++)
            {
                if (!(list.get(i) instanceof String s))
                {
                    throw list.errorAt(i, typeError + " in array");
                }
                out.add(s);
            }
            return out;
        }
        throw conf.errorAt(key, typeError);
    }

    /**
     * Go's readOperatorJWT: the file's contents when the file can be read (relative paths from the working
     * directory, as Go), else the value itself when it looks like a JWT; a decorated file yields its first block.
     */
    private static String readOperatorJwt(final ConfigMap conf, final String key, final String ref)
    {
        String contents;
        try
        {
            contents = Files.readString(Paths.get(ref), StandardCharsets.UTF_8);
        }
        catch (final IOException | RuntimeException e)
        {
            if (!ref.startsWith(JWT_PREFIX))
            {
                final String why = e instanceof NoSuchFileException ? "no such file or directory"
                    : String.valueOf(e.getMessage());
                throw conf.errorAt(key, "error parsing operator JWT: open " + ref + ": " + why);
            }
            contents = ref;
        }
        return parseDecoratedJwt(contents);
    }

    /** The JWT of a file as nsc writes it (first decorated block), or the whole text trimmed when undecorated. */
    public static String parseDecoratedJwt(final String contents)
    {
        final Matcher m = DECORATED.matcher(contents);
        return m.find() ? m.group(1) : contents.trim();
    }
}
