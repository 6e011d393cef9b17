package io.torus.core.options;

import io.torus.core.tls.TlsMaterial;

import java.util.List;
import java.util.Set;

/**
 * The client listener's {@code tls { ... }} block (or the {@code --tls*} flags), as Go's {@code TLSConfigOpts}: file
 * names and switches as written, plus the key, certificates and trusted CAs loaded from those files when the options
 * were read (so a bad file is refused at startup, or by {@code -t}, as Go refuses it). Immutable by convention once the
 * server starts; a config reload builds a new one.
 */
public final class TlsOptions
{
    /** Go's {@code TLS_TIMEOUT}: how long the TLS handshake may take, in seconds. */
    public static final double DEFAULT_TIMEOUT_SECONDS = 2.0;
    /** Go 2.11's {@code DEFAULT_TLS_HANDSHAKE_FIRST_FALLBACK_DELAY} for {@code handshake_first: auto}. */
    public static final long DEFAULT_HANDSHAKE_FIRST_FALLBACK_NANOS = 50_000_000L;

    public String certFile;
    public String keyFile;
    public String caFile;
    /** Client certificates required and verified ({@code verify}, or {@code verify_and_map}). */
    public boolean verify;
    /** {@code verify_and_map}: the client certificate's identity names the user (see {@code CertificateIdentity}). */
    public boolean map;
    /** Only meaningful where the server is a TLS client (Go's InsecureSkipVerify); accepted and kept. */
    public boolean insecure;
    /** 0 means {@link #DEFAULT_TIMEOUT_SECONDS}. */
    public double timeoutSeconds;
    /**
     * TLS before INFO (Go 2.10's {@code handshake_first}; 2.9.10 has no such option: Torus accepts it as later Go
     * versions do).
     */
    public boolean handshakeFirst;
    /** With {@link #handshakeFirst}: if the client says nothing for this long, INFO goes first after all. 0: never. */
    public long handshakeFirstFallbackNanos;
    /** "1.2" or "1.3"; null means Go's minimum, TLS 1.2. */
    public String minVersion;
    /** Go names (as Go's {@code cipherMap}); null means Go's defaults. */
    public List<String> cipherSuites;
    /** Go names (X25519, CurveP256, ...); null means Go's defaults. */
    public List<String> curvePreferences;
    /** Lower-case hex SHA-256 of the client certificate's SubjectPublicKeyInfo; null: no pinning. */
    public Set<String> pinnedCerts;
    /** {@code connection_rate_limit}: new TLS connections allowed per second; 0: no limit. */
    public long connectionRateLimit;
    /** Loaded from the files above by {@link TlsConfigMapper}; null only before that. */
    public TlsMaterial material;

    public double effectiveTimeoutSeconds()
    {
        return timeoutSeconds > 0 ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS;
    }

    public long timeoutNanos()
    {
        return (long)(effectiveTimeoutSeconds() * 1e9);
    }
}
