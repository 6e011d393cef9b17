package io.torus.core.options;

import io.torus.core.config.ConfigList;
import io.torus.core.config.ConfigMap;
import io.torus.core.tls.GoTlsNames;
import io.torus.core.tls.TlsMaterial;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps a {@code tls { ... }} block onto {@link TlsOptions} as Go's {@code parseTLS} and {@code GenTLSConfig} do:
 * field names without regard to case, Go's error texts at the offending field, and the files loaded so that a bad
 * certificate or key is refused when the config is read. Also builds the options of the {@code --tls*} flags (Go's
 * {@code overrideTLS}).
 */
public final class TlsConfigMapper
{
    private static final Pattern PIN = Pattern.compile("^[a-f0-9]{64}$");

    private TlsConfigMapper()
    {
    }

    /** Parses and loads the block {@code key} of {@code parent}; errors at the field, file errors at the block. */
    public static TlsOptions map(final ConfigMap parent, final String key)
    {
        final Object v = parent.get(key);
        if (!(v instanceof ConfigMap))
        {
            throw parent.errorAt(key, "error parsing tls config, expected a map");
        }
        final TlsOptions t = parse((ConfigMap)v);
        try
        {
            t.material = TlsMaterial.load(t.certFile, t.keyFile, t.caFile);
        }
        catch (final IllegalArgumentException e)
        {
            throw parent.errorAt(key, e.getMessage());
        }
        return t;
    }

    static TlsOptions parse(final ConfigMap tls)
    {
        final TlsOptions t = new TlsOptions();
        for (final String k : tls.keySet())
        {
            final Object v = tls.get(k);
            switch (k.toLowerCase(Locale.ROOT))
            {
                case "cert_file":
                    t.certFile = string(tls, k, "error parsing tls config, expected 'cert_file' to be filename");
                    break;
                case "key_file":
                    t.keyFile = string(tls, k, "error parsing tls config, expected 'key_file' to be filename");
                    break;
                case "ca_file":
                    t.caFile = string(tls, k, "error parsing tls config, expected 'ca_file' to be filename");
                    break;
                case "insecure":
                    t.insecure = bool(tls, k, "error parsing tls config, expected 'insecure' to be a boolean");
                    break;
                case "verify":
                    t.verify = bool(tls, k, "error parsing tls config, expected 'verify' to be a boolean");
                    break;
                case "verify_and_map":
                    t.map = bool(tls, k, "error parsing tls config, expected 'verify_and_map' to be a boolean");
                    t.verify |= t.map;
                    break;
                case "verify_cert_and_check_known_urls":
                    if (bool(tls, k, "error parsing tls config, expected 'verify_cert_and_check_known_urls' to be " +
                        "a boolean"))
                    {
                        throw tls.errorAt(k, "verify_cert_and_check_known_urls not supported in this context");
                    }
                    break;
                case "cipher_suites":
                    t.cipherSuites = names(tls, k, "cipher_suites", "unrecognized cipher ", true);
                    break;
                case "curve_preferences":
                    t.curvePreferences = names(tls, k, "curve_preferences", "unrecognized curve preference ", false);
                    break;
                case "timeout":
                    t.timeoutSeconds = timeout(tls, k, v);
                    break;
                case "connection_rate_limit":
                    if (!(v instanceof Long))
                    {
                        throw tls.errorAt(k, "error parsing tls config, 'connection_rate_limit' wrong type");
                    }
                    t.connectionRateLimit = (Long)v;
                    break;
                case "pinned_certs":
                    t.pinnedCerts = pins(tls, k, v);
                    break;
                case "handshake_first":
                case "first":
                case "immediate":
                    handshakeFirst(tls, k, v, t);
                    break;
                case "min_version":
                case "minimum_version":
                    t.minVersion = minVersion(tls, k, v);
                    break;
                default:
                    if (!tls.isUsedAsVariable(k))
                    {
                        throw tls.errorAt(k, "error parsing tls config, unknown field [\"" + k + "\"]");
                    }
            }
        }
        return t;
    }

    /**
     * The options of the {@code --tls*} flags, as Go's {@code overrideTLS}: cert and key required, Go's default
     * suites; the timeout, mapping and pins of the config file's block (if any) are kept, as Go keeps them.
     */
    public static TlsOptions fromFlags(final ServerOptions o)
    {
        if (o.tlsCert == null || o.tlsCert.isEmpty())
        {
            throw new IllegalArgumentException("TLS Server certificate must be present and valid");
        }
        if (o.tlsKey == null || o.tlsKey.isEmpty())
        {
            throw new IllegalArgumentException("TLS Server private key must be present and valid");
        }
        final TlsOptions t = new TlsOptions();
        final TlsOptions file = o.tlsConfig;
        if (file != null)
        {
            t.timeoutSeconds = file.timeoutSeconds;
            t.map = file.map;
            t.pinnedCerts = file.pinnedCerts;
        }
        t.certFile = o.tlsCert;
        t.keyFile = o.tlsKey;
        t.caFile = o.tlsCaCert;
        t.verify = o.tlsVerify;
        t.material = TlsMaterial.load(t.certFile, t.keyFile, t.caFile);
        return t;
    }

    private static String string(final ConfigMap m, final String k, final String error)
    {
        final Object v = m.get(k);
        if (!(v instanceof String))
        {
            throw m.errorAt(k, error);
        }
        return (String)v;
    }

    private static boolean bool(final ConfigMap m, final String k, final String error)
    {
        final Object v = m.get(k);
        if (!(v instanceof Boolean))
        {
            throw m.errorAt(k, error);
        }
        return (Boolean)v;
    }

    private static java.util.List<String> names(
        final ConfigMap m, final String k, final String field, final String unknown, final boolean cipher)
    {
        final Object v = m.get(k);
        if (!(v instanceof ConfigList))
        {
            throw m.errorAt(k, "error parsing tls config, '" + field + "' should be an array");
        }
        final ConfigList list = (ConfigList)v;
        if (list.isEmpty())
        {
            throw m.errorAt(k, "error parsing tls config, '" + field + "' cannot be empty");
        }
        final java.util.List<String> names = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++)
        {
            final String name = String.valueOf(list.get(i));
            if (cipher ? !GoTlsNames.isCipher(name) : !GoTlsNames.isCurve(name))
            {
                throw list.errorAt(i, unknown + name);
            }
            names.add(name);
        }
        return names;
    }

    private static double timeout(final ConfigMap m, final String k, final Object v)
    {
        if (v instanceof Long)
        {
            return (Long)v;
        }
        if (v instanceof Double)
        {
            return (Double)v;
        }
        if (v instanceof String)
        {
            try
            {
                final Duration d = io.torus.core.config.Durations.parse((String)v);
                return d.toNanos() / 1e9;
            }
            catch (final IllegalArgumentException e)
            {
                throw m.errorAt(k, "error parsing tls config, 'timeout' " + e.getMessage());
            }
        }
        throw m.errorAt(k, "error parsing tls config, 'timeout' wrong type");
    }

    private static Set<String> pins(final ConfigMap m, final String k, final Object v)
    {
        if (!(v instanceof ConfigList))
        {
            throw m.errorAt(k, "error parsing tls config, expected 'pinned_certs' to be a list of hex-encoded " +
                "sha256 of DER encoded SubjectPublicKeyInfo");
        }
        final ConfigList list = (ConfigList)v;
        if (list.isEmpty())
        {
            return null;
        }
        final Set<String> pins = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++)
        {
            final String entry = String.valueOf(list.get(i)).toLowerCase(Locale.ROOT);
            if (!PIN.matcher(entry).matches())
            {
                throw list.errorAt(i, "error parsing tls config, 'pinned_certs' key " + entry + " does not look " +
                    "like hex-encoded sha256 of DER encoded SubjectPublicKeyInfo");
            }
            pins.add(entry);
        }
        return pins;
    }

    /** As Go 2.11: a boolean, or "true"/"on", "false"/"off", "auto" (fallback after 50 ms) or a fallback duration. */
    private static void handshakeFirst(final ConfigMap m, final String k, final Object v, final TlsOptions t)
    {
        if (v instanceof Boolean)
        {
            t.handshakeFirst = (Boolean)v;
            return;
        }
        if (!(v instanceof String))
        {
            throw m.errorAt(k, "field \"" + k + "\" should be a boolean or a string, got " + goType(v));
        }
        final String s = ((String)v).toLowerCase(Locale.ROOT);
        switch (s)
        {
            case "true":
            case "on":
                t.handshakeFirst = true;
                return;
            case "false":
            case "off":
                t.handshakeFirst = false;
                return;
            case "auto":
            case "auto_fallback":
                t.handshakeFirst = true;
                t.handshakeFirstFallbackNanos = TlsOptions.DEFAULT_HANDSHAKE_FIRST_FALLBACK_NANOS;
                return;
            default:
                try
                {
                    t.handshakeFirstFallbackNanos = io.torus.core.config.Durations.parse((String)v).toNanos();
                    t.handshakeFirst = true;
                }
                catch (final IllegalArgumentException e)
                {
                    throw m.errorAt(k, "field \"" + k + "\"'s value \"" + v + "\" is invalid");
                }
        }
    }

    /** As Go 2.11: "1.2" or "1.3"; lower versions are refused. */
    private static String minVersion(final ConfigMap m, final String k, final Object v)
    {
        if (!(v instanceof String))
        {
            throw m.errorAt(k, "error parsing tls config: 'min_version' wrong type: " + v);
        }
        switch ((String)v)
        {
            case "1.2":
            case "1.3":
                return (String)v;
            case "1.0":
                throw m.errorAt(k, "error parsing tls config: unsupported TLS version: TLS 1.0");
            case "1.1":
                throw m.errorAt(k, "error parsing tls config: unsupported TLS version: TLS 1.1");
            default:
                throw m.errorAt(k, "error parsing tls config: unknown version: " + v);
        }
    }

    private static String goType(final Object v)
    {
        if (v instanceof Long)
        {
            return "int64";
        }
        if (v instanceof Double)
        {
            return "float64";
        }
        if (v instanceof ConfigMap)
        {
            return "map[string]interface {}";
        }
        if (v instanceof ConfigList)
        {
            return "[]interface {}";
        }
        return v == null ? "<nil>" : v.getClass().getSimpleName();
    }
}
