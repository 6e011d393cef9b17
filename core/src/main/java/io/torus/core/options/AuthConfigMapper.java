package io.torus.core.options;

import io.torus.core.auth.AccountEntry;
import io.torus.core.auth.ExportEntry;
import io.torus.core.auth.ImportEntry;
import io.torus.core.auth.Permissions;
import io.torus.core.auth.ResponsePermission;
import io.torus.core.auth.ResponseType;
import io.torus.core.auth.SubjectPermission;
import io.torus.core.auth.UserEntry;
import io.torus.core.config.ConfigException;
import io.torus.core.config.ConfigList;
import io.torus.core.config.ConfigMap;
import io.torus.core.config.Durations;
import io.torus.core.subject.Subjects;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Maps the {@code authorization} and {@code accounts} blocks onto {@link ServerOptions} as the Go server's
 * {@code parseAuthorization}, {@code parseUsers}, {@code parseUserPermissions} and {@code parseAccounts} do, with
 * Go's error texts at the offending key. {@link #validate} runs the checks that need the whole file (duplicate
 * users, imports against exports, {@code no_auth_user}).
 */
final class AuthConfigMapper
{
    static final String GLOBAL_ACCOUNT = "$G";
    private static final long DEFAULT_RESPONSE_THRESHOLD_NANOS = TimeUnit.MINUTES.toNanos(2);
    private static final Set<String> CONNECTION_TYPES =
        Set.of("STANDARD", "WEBSOCKET", "LEAFNODE", "LEAFNODE_WS", "MQTT", "MQTT_WS");

    private AuthConfigMapper()
    {
    }

    static void authorization(final ConfigMap auth, final ServerOptions o)
    {
        List<UserEntry> users = null;
        Permissions defaults = null;
        for (final String key : auth.keySet())
        {
            switch (key.toLowerCase(Locale.ROOT))
            {
                case "user":
                case "username":
                    o.username = auth.getString(key);
                    break;
                case "pass":
                case "password":
                    o.password = auth.getString(key);
                    break;
                case "token":
                    o.authToken = auth.getString(key);
                    break;
                case "timeout":
                    o.authTimeoutNanos = (long)(auth.getDouble(key) * 1_000_000_000L);
                    break;
                case "users":
                    users = users(auth, key);
                    break;
                case "default_permission":
                case "default_permissions":
                case "permissions":
                    defaults = permissions(auth, key);
                    break;
                case "auth_callout":
                    throw auth.errorAt(key, "\"authorization." + key + "\" is not supported by Torus yet");
                default:
                    if (!auth.isUsedAsVariable(key))
                    {
                        throw auth.unknownField(key);
                    }
            }
        }
        final boolean single = o.username != null && !o.username.isEmpty() || o.password != null && !o.password.isEmpty();
        if (single && o.authToken != null && !o.authToken.isEmpty())
        {
            throw new ConfigException(auth.position(), "Cannot have a user/pass and token");
        }
        if (users != null || !o.users.isEmpty())
        {
            if (o.username != null && !o.username.isEmpty())
            {
                throw new ConfigException(auth.position(), "Can not have a single user/pass and a users array");
            }
            if (o.authToken != null && !o.authToken.isEmpty())
            {
                throw new ConfigException(auth.position(), "Can not have a token and a users array");
            }
        }
        if (users != null)
        {
            final Set<String> seen = keys(o.users);
            for (final UserEntry u : users)
            {
                if (!seen.add(u.key()))
                {
                    throw new ConfigException(auth.position(), "Duplicate user \"" + u.key() + "\" detected");
                }
                o.users.add(defaults != null && u.permissions() == null ? u.withPermissions(defaults) : u);
            }
        }
        o.defaultPermissions = defaults;
    }

    static void accounts(final ConfigMap conf, final String key, final ServerOptions o)
    {
        final Object v = conf.get(key);
        if (v instanceof ConfigList)
        {
            final ConfigList names = (ConfigList)v;
            final Set<String> seen = new HashSet<>();
            for (int i = 0; i < names.size(); i++)
            {
                final String name = names.getString(i);
                if (GLOBAL_ACCOUNT.equals(name))
                {
                    throw names.errorAt(i, "\"" + name + "\" is a Reserved Account");
                }
                if (!seen.add(name))
                {
                    throw names.errorAt(i, "Duplicate Account Entry: " + name);
                }
                o.accounts.add(AccountEntry.named(name));
            }
            return;
        }
        final ConfigMap accounts = conf.getMap(key);
        for (final String name : accounts.keySet())
        {
            if (accounts.isUsedAsVariable(name))
            {
                continue;
            }
            if (!(accounts.get(name) instanceof ConfigMap))
            {
                throw accounts.errorAt(name, "Expected map entries for accounts");
            }
            if (GLOBAL_ACCOUNT.equals(name))
            {
                throw accounts.errorAt(name, "\"" + name + "\" is a Reserved Account");
            }
            account(accounts.getMap(name), name, o);
        }
    }

    private static void account(final ConfigMap a, final String name, final ServerOptions o)
    {
        String nkey = null;
        List<ExportEntry> exports = List.of();
        List<ImportEntry> imports = List.of();
        List<UserEntry> users = List.of();
        Permissions defaults = null;
        int maxConn = AccountEntry.NO_LIMIT;
        int maxSubs = AccountEntry.NO_LIMIT;
        int maxPayload = AccountEntry.NO_LIMIT;
        String usersKey = null;
        for (final String key : a.keySet())
        {
            switch (key.toLowerCase(Locale.ROOT))
            {
                case "nkey":
                    nkey = a.getString(key);
                    if (!isPublicKey(nkey, 'A'))
                    {
                        throw a.errorAt(key, "Not a valid public nkey for an account: \"" + nkey + "\"");
                    }
                    break;
                case "users":
                    usersKey = key;
                    users = users(a, key);
                    break;
                case "exports":
                    exports = exports(a, key);
                    break;
                case "imports":
                    imports = imports(a, key);
                    break;
                case "default_permissions":
                    defaults = permissions(a, key);
                    break;
                case "limits":
                {
                    final ConfigMap limits = a.getMap(key);
                    for (final String lk : limits.keySet())
                    {
                        switch (lk.toLowerCase(Locale.ROOT))
                        {
                            case "max_connections": case "max_conn": maxConn = limits.getInt(lk); break;
                            case "max_subscriptions": case "max_subs": maxSubs = limits.getInt(lk); break;
                            case "max_payload": case "max_pay": maxPayload = (int)limits.getSize(lk); break;
                            case "max_leafnodes": case "max_leafs": limits.getInt(lk); break;
                            default:
                                if (!limits.isUsedAsVariable(lk))
                                {
                                    throw limits.errorAt(lk, "Unknown field \"" + lk + "\" parsing account limits");
                                }
                        }
                    }
                    break;
                }
                case "jetstream":
                case "mappings":
                case "maps":
                    throw a.errorAt(key, "\"accounts." + name + "." + key + "\" is not supported by Torus yet");
                default:
                    if (!a.isUsedAsVariable(key))
                    {
                        throw a.unknownField(key);
                    }
            }
        }
        if (!users.isEmpty())
        {
            if (o.username != null && !o.username.isEmpty())
            {
                throw a.errorAt(usersKey, "Can not have a single user/pass and accounts");
            }
            if (o.authToken != null && !o.authToken.isEmpty())
            {
                throw a.errorAt(usersKey, "Can not have a token and accounts");
            }
        }
        final Set<String> seen = keys(o.users);
        for (final UserEntry u : users)
        {
            if (!seen.add(u.key()))
            {
                throw a.errorAt(usersKey, (u.isNkey() ? "Duplicate nkey \"" : "Duplicate user \"") + u.key() +
                    "\" detected");
            }
            final UserEntry withDefaults = defaults != null && u.permissions() == null ? u.withPermissions(defaults) : u;
            o.users.add(withDefaults.withAccount(name));
        }
        o.accounts.add(new AccountEntry(name, nkey, exports, imports, maxConn, maxSubs, maxPayload, defaults));
    }

    /** Checks that need every block read: accounts named by imports and users exist, imports are authorized. */
    static void validate(final ConfigMap conf, final ServerOptions o)
    {
        final Map<String, AccountEntry> byName = new HashMap<>();
        for (final AccountEntry a : o.accounts)
        {
            byName.put(a.name(), a);
        }
        for (final AccountEntry a : o.accounts)
        {
            for (final ExportEntry e : a.exports())
            {
                for (final String acc : e.accounts())
                {
                    if (!byName.containsKey(acc))
                    {
                        throw new ConfigException(conf.position(), "\"" + acc + "\" account not defined for " +
                            (e.service() ? "service" : "stream") + " export");
                    }
                }
            }
            for (final ImportEntry i : a.imports())
            {
                final String kind = i.service() ? "service" : "stream";
                final AccountEntry from = byName.get(i.account());
                if (from == null)
                {
                    throw new ConfigException(conf.position(), "\"" + i.account() + "\" account not defined for " +
                        kind + " import");
                }
                if (findExport(from, i.service(), i.subject(), a.name()) == null)
                {
                    throw new ConfigException(conf.position(), "Error adding " + kind + " import \"" + i.subject() +
                        "\": " + kind + " import not authorized");
                }
            }
        }
        if (o.noAuthUser != null && !o.noAuthUser.isEmpty())
        {
            if (o.users.isEmpty())
            {
                throw new ConfigException(conf.position(),
                    "no_auth_user: \"" + o.noAuthUser + "\" present, but users are not defined");
            }
            boolean found = false;
            for (final UserEntry u : o.users)
            {
                found |= !u.isNkey() && o.noAuthUser.equals(u.username());
            }
            if (!found)
            {
                throw new ConfigException(conf.position(), "no_auth_user: \"" + o.noAuthUser +
                    "\" not present as user in authorization block or account configuration");
            }
        }
        if (o.operator == null && o.systemAccount != null && !o.systemAccount.isEmpty() &&
            !GLOBAL_ACCOUNT.equals(o.systemAccount) && !ServerOptions.DEFAULT_SYSTEM_ACCOUNT.equals(o.systemAccount) &&
            !byName.containsKey(o.systemAccount))
        {
            throw new ConfigException(conf.position(), "system_account: account \"" + o.systemAccount +
                "\" not defined");
        }
    }

    /**
     * The export of {@code from} that an import of {@code subject} by {@code importer} may use: an export whose
     * subject contains the imported one (equal, or a wildcard covering it), public or listing the importer.
     */
    static ExportEntry findExport(final AccountEntry from, final boolean service, final String subject,
        final String importer)
    {
        for (final ExportEntry e : from.exports())
        {
            if (e.service() == service && Subjects.isSubsetMatch(subject, e.subject()) && e.allows(importer))
            {
                return e;
            }
        }
        return null;
    }

    // ----- users and permissions -----

    private static List<UserEntry> users(final ConfigMap parent, final String key)
    {
        if (!(parent.get(key) instanceof ConfigList))
        {
            throw parent.errorAt(key, "Expected users field to be an array, got " + parent.get(key));
        }
        final ConfigList list = parent.getList(key);
        final List<UserEntry> users = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++)
        {
            if (!(list.get(i) instanceof ConfigMap))
            {
                throw list.errorAt(i, "Expected user entry to be a map/struct, got " + list.get(i));
            }
            final ConfigMap u = list.getMap(i);
            String user = null;
            String pass = null;
            String nkey = null;
            Permissions perms = null;
            Set<String> types = null;
            for (final String k : u.keySet())
            {
                switch (k.toLowerCase(Locale.ROOT))
                {
                    case "nkey": nkey = u.getString(k); break;
                    case "user": case "username": user = u.getString(k); break;
                    case "pass": case "password": pass = u.getString(k); break;
                    case "permission": case "permissions": case "authorization": perms = permissions(u, k); break;
                    case "allowed_connection_types": case "connection_types": case "clients":
                        types = connectionTypes(u, k);
                        break;
                    default:
                        if (!u.isUsedAsVariable(k))
                        {
                            throw u.unknownField(k);
                        }
                }
            }
            if (nkey == null && user == null)
            {
                throw list.errorAt(i, "User entry requires a user");
            }
            if (nkey != null)
            {
                if (!isPublicKey(nkey, 'U'))
                {
                    throw list.errorAt(i, "Not a valid public nkey for a user");
                }
                if (user != null || pass != null)
                {
                    throw list.errorAt(i, "Nkey users do not take usernames or passwords");
                }
            }
            users.add(new UserEntry(user, pass, nkey, perms, null, types));
        }
        return users;
    }

    private static Set<String> connectionTypes(final ConfigMap u, final String key)
    {
        final Set<String> types = new LinkedHashSet<>();
        for (final String t : u.getStringList(key))
        {
            final String upper = t.toUpperCase(Locale.ROOT);
            if (!CONNECTION_TYPES.contains(upper))
            {
                throw u.errorAt(key, "unknown connection type \"" + t + "\"");
            }
            types.add(upper);
        }
        return types;
    }

    static Permissions permissions(final ConfigMap parent, final String key)
    {
        if (!(parent.get(key) instanceof ConfigMap))
        {
            throw parent.errorAt(key, "Expected permissions to be a map/struct, got " + parent.get(key));
        }
        final ConfigMap p = parent.getMap(key);
        SubjectPermission pub = null;
        SubjectPermission sub = null;
        ResponsePermission resp = null;
        for (final String k : p.keySet())
        {
            switch (k.toLowerCase(Locale.ROOT))
            {
                case "pub": case "publish": case "import": pub = subjectPermission(p, k); break;
                case "sub": case "subscribe": case "export": sub = subjectPermission(p, k); break;
                case "publish_allow_responses": case "allow_responses": resp = responses(p, k); break;
                default:
                    if (!p.isUsedAsVariable(k))
                    {
                        throw p.errorAt(k, "Unknown field \"" + k + "\" parsing permissions");
                    }
            }
        }
        return new Permissions(pub, sub, resp);
    }

    private static SubjectPermission subjectPermission(final ConfigMap p, final String key)
    {
        final Object v = p.get(key);
        if (v instanceof ConfigMap)
        {
            final ConfigMap m = (ConfigMap)v;
            if (m.isEmpty())
            {
                return null;
            }
            List<String> allow = null;
            List<String> deny = null;
            for (final String k : m.keySet())
            {
                switch (k.toLowerCase(Locale.ROOT))
                {
                    case "allow": allow = permSubjects(m, k); break;
                    case "deny": deny = permSubjects(m, k); break;
                    default:
                        if (!m.isUsedAsVariable(k))
                        {
                            throw m.errorAt(k, "Unknown field name \"" + k +
                                "\" parsing subject permissions, only 'allow' or 'deny' are permitted");
                        }
                }
            }
            return new SubjectPermission(allow, deny);
        }
        return new SubjectPermission(permSubjects(p, key), null);
    }

    private static List<String> permSubjects(final ConfigMap m, final String key)
    {
        final Object v = m.get(key);
        final List<String> subjects = new ArrayList<>();
        if (v instanceof String)
        {
            subjects.add((String)v);
        }
        else if (v instanceof ConfigList)
        {
            final ConfigList l = (ConfigList)v;
            for (int i = 0; i < l.size(); i++)
            {
                if (!(l.get(i) instanceof String))
                {
                    throw l.errorAt(i, "Subject in permissions array cannot be cast to string");
                }
                subjects.add(l.getString(i));
            }
        }
        else
        {
            throw m.errorAt(key, "Expected subject permissions to be a subject, or array of subjects, got " +
                (v == null ? "nil" : v.getClass().getSimpleName()));
        }
        for (final String s : subjects)
        {
            if (!Subjects.isValidSubscribe(s))
            {
                final String[] parts = s.trim().split("\\s+");
                if (parts.length != 2)
                {
                    throw m.errorAt(key, "subject \"" + s + "\" is not a valid subject");
                }
                if (!Subjects.isValidSubscribe(parts[0]))
                {
                    throw m.errorAt(key, "subject \"" + parts[0] + "\" is not a valid subject");
                }
            }
        }
        return subjects;
    }

    private static ResponsePermission responses(final ConfigMap p, final String key)
    {
        final Object v = p.get(key);
        if (v instanceof Boolean)
        {
            return (Boolean)v ? ResponsePermission.DEFAULT : null;
        }
        if (!(v instanceof ConfigMap))
        {
            throw p.errorAt(key, "error parsing response permissions, expected a boolean or a map");
        }
        final ConfigMap m = (ConfigMap)v;
        int max = ResponsePermission.DEFAULT.maxMsgs();
        long expires = ResponsePermission.DEFAULT.expiresNanos();
        for (final String k : m.keySet())
        {
            switch (k.toLowerCase(Locale.ROOT))
            {
                case "max": case "max_msgs": case "max_messages": case "max_responses":
                {
                    final int n = m.getInt(k);
                    if (n != 0)
                    {
                        max = n;
                    }
                    break;
                }
                case "expires": case "expiration": case "ttl":
                {
                    if (!(m.get(k) instanceof String))
                    {
                        throw m.errorAt(k, "error parsing expires, not a duration string");
                    }
                    final long ns;
                    try
                    {
                        ns = Durations.parse(m.getString(k)).toNanos();
                    }
                    catch (final IllegalArgumentException e)
                    {
                        throw m.errorAt(k, "error parsing expires: " + e.getMessage());
                    }
                    if (ns != 0)
                    {
                        expires = ns;
                    }
                    break;
                }
                default:
                    if (!m.isUsedAsVariable(k))
                    {
                        throw m.errorAt(k, "Unknown field \"" + k + "\" parsing permissions");
                    }
            }
        }
        return new ResponsePermission(max, expires);
    }

    // ----- exports and imports -----

    private static List<ExportEntry> exports(final ConfigMap a, final String key)
    {
        final ConfigList list = a.getList(key);
        final List<ExportEntry> exports = new ArrayList<>();
        for (int i = 0; i < list.size(); i++)
        {
            if (!(list.get(i) instanceof ConfigMap))
            {
                throw list.errorAt(i, "Export Items should be a map with type entry, got " + list.get(i));
            }
            final ConfigMap e = list.getMap(i);
            String stream = null;
            String service = null;
            List<String> accounts = List.of();
            ResponseType rt = ResponseType.SINGLETON;
            boolean rtSeen = false;
            long threshold = DEFAULT_RESPONSE_THRESHOLD_NANOS;
            for (final String k : e.keySet())
            {
                switch (k.toLowerCase(Locale.ROOT))
                {
                    case "stream": stream = e.getString(k); break;
                    case "service": service = e.getString(k); break;
                    case "accounts": accounts = e.getStringList(k); break;
                    case "response": case "response_type":
                        rtSeen = true;
                        rt = responseType(e, k);
                        break;
                    case "threshold": case "response_threshold": case "response_max_time": case "response_time":
                        rtSeen = true;
                        try
                        {
                            threshold = Durations.parse(e.getString(k)).toNanos();
                        }
                        catch (final IllegalArgumentException ex)
                        {
                            throw e.errorAt(k, "Expected response threshold to be a parseable time duration, got \"" +
                                e.get(k) + "\"");
                        }
                        break;
                    case "latency":
                    case "account_token_position":
                        throw e.errorAt(k, "\"" + k + "\" of exports is not supported by Torus yet");
                    default:
                        if (!e.isUsedAsVariable(k))
                        {
                            throw e.unknownField(k);
                        }
                }
            }
            if (stream != null && service != null)
            {
                throw list.errorAt(i, "Detected service \"" + service + "\" but already saw a stream");
            }
            if (stream != null && rtSeen)
            {
                throw list.errorAt(i, "Detected response directive on non-service");
            }
            if (stream == null && service == null)
            {
                throw list.errorAt(i, "Export Items should be a map with type entry");
            }
            final String subject = stream != null ? stream : service;
            if (!Subjects.isValidSubscribe(subject))
            {
                throw list.errorAt(i, "Error adding " + (stream != null ? "stream" : "service") + " export \"" +
                    subject + "\": invalid subject");
            }
            exports.add(new ExportEntry(service != null, subject, accounts, rt, threshold));
        }
        return exports;
    }

    private static ResponseType responseType(final ConfigMap e, final String k)
    {
        final String v = e.getString(k);
        switch (v.toLowerCase(Locale.ROOT))
        {
            case "single": case "singleton": return ResponseType.SINGLETON;
            case "stream": return ResponseType.STREAM;
            case "chunk": case "chunked": return ResponseType.CHUNKED;
            default: throw e.errorAt(k, "Unknown response type: \"" + v + "\"");
        }
    }

    private static List<ImportEntry> imports(final ConfigMap a, final String key)
    {
        final ConfigList list = a.getList(key);
        final List<ImportEntry> imports = new ArrayList<>();
        for (int i = 0; i < list.size(); i++)
        {
            if (!(list.get(i) instanceof ConfigMap))
            {
                throw list.errorAt(i, "Import Items should be a map with type entry, got " + list.get(i));
            }
            final ConfigMap m = list.getMap(i);
            ConfigMap stream = null;
            ConfigMap service = null;
            String prefix = null;
            String to = null;
            boolean share = false;
            for (final String k : m.keySet())
            {
                switch (k.toLowerCase(Locale.ROOT))
                {
                    case "stream":
                        if (!(m.get(k) instanceof ConfigMap))
                        {
                            throw m.errorAt(k, "Stream entry should be an account map, got " + m.get(k));
                        }
                        stream = m.getMap(k);
                        break;
                    case "service":
                        if (!(m.get(k) instanceof ConfigMap))
                        {
                            throw m.errorAt(k, "Service entry should be an account map, got " + m.get(k));
                        }
                        service = m.getMap(k);
                        break;
                    case "prefix": prefix = m.getString(k); break;
                    case "to": to = m.getString(k); break;
                    case "share": share = m.getBoolean(k); break;
                    default:
                        if (!m.isUsedAsVariable(k))
                        {
                            throw m.unknownField(k);
                        }
                }
            }
            if (stream != null && service != null)
            {
                throw list.errorAt(i, "Detected service but already saw a stream");
            }
            if (stream == null && service == null)
            {
                throw list.errorAt(i, "Import Items should be a map with type entry");
            }
            if (stream != null && prefix != null && to != null)
            {
                throw list.errorAt(i, "Stream import can not have a 'prefix' and a 'to' property");
            }
            final ConfigMap target = stream != null ? stream : service;
            String account = null;
            String subject = null;
            for (final String k : target.keySet())
            {
                switch (k.toLowerCase(Locale.ROOT))
                {
                    case "account": account = target.getString(k); break;
                    case "subject": subject = target.getString(k); break;
                    default:
                        if (!target.isUsedAsVariable(k))
                        {
                            throw target.unknownField(k);
                        }
                }
            }
            if (account == null || account.isEmpty() || subject == null || subject.isEmpty())
            {
                throw list.errorAt(i, "Expect an account name and a subject");
            }
            imports.add(new ImportEntry(service != null, account, subject, to, service != null ? null : prefix, share));
        }
        return imports;
    }

    // ----- helpers -----

    private static Set<String> keys(final List<UserEntry> users)
    {
        final Set<String> keys = new HashSet<>();
        for (final UserEntry u : users)
        {
            keys.add(u.key());
        }
        return keys;
    }

    /**
     * The shape of an nkey public key: 56 base32 characters starting with the type's prefix letter. The checksum is
     * verified when the key is used.
     */
    static boolean isPublicKey(final String key, final char prefix)
    {
        if (key == null || key.length() != 56 || key.charAt(0) != prefix)
        {
            return false;
        }
        for (int i = 0; i < key.length(); i++)
        {
            final char c = key.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '2' && c <= '7'))
            {
                return false;
            }
        }
        return true;
    }
}
