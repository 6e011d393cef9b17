package io.torus.core.tls;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names the Go server uses for cipher suites, curves and TLS versions (in its config and in {@code /connz}), and
 * the JDK's names for the same things.
 */
public final class GoTlsNames
{
    /** Go name to JDK (IANA) name, for every suite Go's {@code cipherMap} knows. */
    private static final Map<String, String> CIPHERS = new LinkedHashMap<>();
    /** Go name to JDK named group. */
    private static final Map<String, String> CURVES = new LinkedHashMap<>();

    static
    {
        for (final String same : List.of(
            "TLS_RSA_WITH_RC4_128_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA",
            "TLS_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
            "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256"))
        {
            CIPHERS.put(same, same);
        }
        // Go leaves the hash off the two ChaCha20 suites of TLS 1.2.
        CIPHERS.put("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        CIPHERS.put("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        CURVES.put("X25519", "x25519");
        CURVES.put("CurveP256", "secp256r1");
        CURVES.put("CurveP384", "secp384r1");
        CURVES.put("CurveP521", "secp521r1");
    }

    /** Go's {@code defaultCipherSuites()} (TLS 1.2; TLS 1.3 suites are not configurable in Go). */
    public static final List<String> DEFAULT_CIPHERS = List.of(
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    /** Go's {@code defaultCurvePreferences()}. */
    public static final List<String> DEFAULT_CURVES = List.of("X25519", "CurveP256", "CurveP384", "CurveP521");
    /** The TLS 1.3 suites, always enabled, as in Go. */
    public static final List<String> TLS13_CIPHERS = List.of(
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    private GoTlsNames()
    {
    }

    public static boolean isCipher(final String goName)
    {
        return CIPHERS.containsKey(goName);
    }

    public static boolean isCurve(final String goName)
    {
        return CURVES.containsKey(goName);
    }

    public static String jdkCipher(final String goName)
    {
        return CIPHERS.get(goName);
    }

    public static String jdkCurve(final String goName)
    {
        return CURVES.get(goName);
    }

    /** The Go name of a suite the JDK negotiated (as {@code /connz} shows it). */
    public static String goCipher(final String jdkName)
    {
        if (jdkName == null)
        {
            return null;
        }
        if (jdkName.startsWith("TLS_ECDHE_") && jdkName.endsWith("_CHACHA20_POLY1305_SHA256"))
        {
            return jdkName.substring(0, jdkName.length() - "_SHA256".length());
        }
        return jdkName;
    }

    /** Go's {@code tlsVersion}: "TLSv1.3" becomes "1.3". */
    public static String goVersion(final String jdkProtocol)
    {
        if (jdkProtocol == null)
        {
            return null;
        }
        return jdkProtocol.startsWith("TLSv") ? jdkProtocol.substring(4) : jdkProtocol;
    }

    /** The JDK protocols a minimum version allows: "1.3" gives TLS 1.3 only, anything else 1.2 and 1.3 (Go's floor). */
    public static String[] protocols(final String minVersion)
    {
        return "1.3".equals(minVersion) ? new String[] {"TLSv1.3"} : new String[] {"TLSv1.3", "TLSv1.2"};
    }
}
