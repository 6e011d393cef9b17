package io.torus.io.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.torus.core.options.TlsOptions;
import io.torus.core.tls.GoTlsNames;
import io.torus.core.tls.TlsMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The TLS of one listener, built once from {@link TlsOptions} (again on a config reload): Netty's {@link SslContext}
 * on BoringSSL (netty-tcnative) or the JDK provider, with Go's protocol floor (TLS 1.2, or 1.3 with {@code min_version: "1.3"}), Go's cipher suites
 * for TLS 1.2 (TLS 1.3's are always on, as in Go), client certificates required with {@code verify}, trusted against
 * {@code ca_file} (else the JDK's defaults, as Go uses the system roots). Thread-safe: handlers are made on any event
 * loop.
 */
public final class ServerTls
{
    private static final Logger LOG = LoggerFactory.getLogger("io.torus.server");
    /** SSLParameters.setNamedGroups exists from JDK 20 on; on older JDKs curve preferences are not applied. */
    private static final Method SET_NAMED_GROUPS = namedGroupsSetter();

    /**
     * BoringSSL through netty-tcnative when it loads (40% less CPU per message than the JDK's provider, measured: see
     * docs/parity.md),
     * else the JDK's. Torus-only override: {@code -Dtorus.tls.provider=jdk} (or {@code TORUS_TLS_PROVIDER=jdk}).
     */
    private static final SslProvider PROVIDER = provider();

    private final TlsOptions options;
    private final SslContext context;
    private final String[] namedGroups;

    private ServerTls(final TlsOptions options, final boolean clientAuth) throws SSLException
    {
        this.options = options;
        final TlsMaterial m = options.material;
        if (m == null || m.key() == null)
        {
            throw new SSLException("TLS Server certificate must be present and valid");
        }
        final List<String> ciphers = new ArrayList<>(GoTlsNames.TLS13_CIPHERS);
        for (final String go : options.cipherSuites == null ? GoTlsNames.DEFAULT_CIPHERS : options.cipherSuites)
        {
            ciphers.add(GoTlsNames.jdkCipher(go));
        }
        final SslContextBuilder b = SslContextBuilder.forServer(m.key(), m.chain())
            .sslProvider(PROVIDER)
            .protocols(GoTlsNames.protocols(options.minVersion))
            .ciphers(ciphers, SupportedCipherSuiteFilter.INSTANCE)
            .clientAuth(clientAuth && options.verify ? ClientAuth.REQUIRE : ClientAuth.NONE);
        if (m.trustedCas() != null)
        {
            b.trustManager(m.trustedCas());
        }
        if (PROVIDER == SslProvider.OPENSSL && options.curvePreferences != null)
        {
            final List<String> groups = new ArrayList<>();
            for (final String go : options.curvePreferences)
            {
                groups.add(OPENSSL_GROUPS.get(go));
            }
            b.option(io.netty.handler.ssl.OpenSslContextOption.GROUPS, groups.toArray(new String[0]));
        }
        context = b.build();
        final List<String> groups = new ArrayList<>();
        for (final String go : options.curvePreferences == null ? GoTlsNames.DEFAULT_CURVES : options.curvePreferences)
        {
            groups.add(GoTlsNames.jdkCurve(go));
        }
        namedGroups = groups.toArray(new String[0]);
        LOG.debug("TLS provider {}, protocols {}, cipher suites {}", PROVIDER, String.join(",",
            GoTlsNames.protocols(options.minVersion)), String.join(",", context.cipherSuites()));
    }

    /** For the client listener: client certificates as the options say. */
    public static ServerTls forClients(final TlsOptions options) throws SSLException
    {
        return new ServerTls(options, true);
    }

    /** For HTTPS monitoring: the same certificate, never a client certificate (Go clears ClientAuth there). */
    public static ServerTls forMonitoring(final TlsOptions options) throws SSLException
    {
        return new ServerTls(options, false);
    }

    public TlsOptions options()
    {
        return options;
    }

    /** A server-side handler; its own handshake timeout is off: the connection handler times the handshake. */
    public SslHandler newHandler(final ByteBufAllocator alloc)
    {
        final SslHandler h = context.newHandler(alloc);
        h.setHandshakeTimeoutMillis(0);
        applyNamedGroups(h.engine());
        return h;
    }

    private void applyNamedGroups(final SSLEngine engine)
    {
        if (SET_NAMED_GROUPS == null || options.curvePreferences == null || PROVIDER != SslProvider.JDK)
        {
            return;
        }
        try
        {
            final SSLParameters p = engine.getSSLParameters();
            SET_NAMED_GROUPS.invoke(p, (Object)namedGroups);
            engine.setSSLParameters(p);
        }
        catch (final ReflectiveOperationException | IllegalArgumentException e)
        {
            LOG.debug("curve_preferences not applied: {}", e.toString());
        }
    }

    private static final java.util.Map<String, String> OPENSSL_GROUPS = java.util.Map.of(
        "X25519", "X25519", "CurveP256", "P-256", "CurveP384", "P-384", "CurveP521", "P-521");

    private static SslProvider provider()
    {
        final String wanted = System.getProperty("torus.tls.provider", System.getenv("TORUS_TLS_PROVIDER"));
        if ("jdk".equalsIgnoreCase(wanted) || !io.netty.handler.ssl.OpenSsl.isAvailable())
        {
            return SslProvider.JDK;
        }
        return SslProvider.OPENSSL;
    }

    /** The provider every TLS listener uses: OPENSSL (BoringSSL) or JDK. */
    public static String providerName()
    {
        return PROVIDER.name();
    }

    private static Method namedGroupsSetter()
    {
        try
        {
            return SSLParameters.class.getMethod("setNamedGroups", String[].class);
        }
        catch (final NoSuchMethodException e)
        {
            return null;
        }
    }
}
