package io.torus.core.options;

import io.torus.core.config.ConfigException;
import io.torus.core.tls.CertsForOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tls block and the --tls* flags, as Go's parseTLS, GenTLSConfig and overrideTLS read them. */
class TlsConfigMapperTest
{
    @TempDir
    static Path dir;
    private static CertsForOptions.Files ec;

    @BeforeAll
    static void makeFiles() throws Exception
    {
        ec = CertsForOptions.ecPkcs8(dir, "ec");
    }

    private static Path write(final String text) throws IOException
    {
        final Path f = Files.createTempFile(dir, "server", ".conf");
        Files.writeString(f, text);
        return f;
    }

    private static ServerOptions apply(final String text) throws IOException
    {
        final ServerOptions o = new ServerOptions();
        ConfigFileOptions.apply(write(text), o);
        return o;
    }

    private static String error(final String text)
    {
        return assertThrows(ConfigException.class, () -> apply(text)).getMessage();
    }

    private static String pair()
    {
        return "cert_file: \"" + ec.cert() + "\", key_file: \"" + ec.key() + "\"";
    }

    @Test
    void shouldMapEveryFieldOfTheBlock() throws IOException
    {
        final ServerOptions o = apply("tls {\n " + pair() + "\n ca_file: \"" + ec.cert() + "\"\n" +
            " verify_and_map: true\n timeout: 0.75\n" +
            " cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305]\n" +
            " curve_preferences: [CurveP256, X25519]\n" +
            " pinned_certs: [\"" + "AB".repeat(32) + "\"]\n handshake_first: auto\n min_version: \"1.3\"\n}\n" +
            "allow_non_tls: true\n");
        final TlsOptions t = o.tlsConfig;
        assertNotNull(t);
        assertTrue(t.verify && t.map, "verify_and_map implies verify");
        assertEquals(0.75, t.timeoutSeconds);
        assertEquals(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305"),
            t.cipherSuites);
        assertEquals(List.of("CurveP256", "X25519"), t.curvePreferences);
        assertEquals(Set.of("ab".repeat(32)), t.pinnedCerts);
        assertTrue(t.handshakeFirst);
        assertEquals(50_000_000L, t.handshakeFirstFallbackNanos);
        assertEquals("1.3", t.minVersion);
        assertNotNull(t.material.key());
        assertEquals(1, t.material.trustedCas().length);
        assertTrue(o.allowNonTls);
        assertTrue(!o.tlsRequired(), "allow_non_tls: TLS available, not required");
        assertEquals(1_750_000_000L, o.effectiveAuthTimeoutNanos(), "Go: TLS timeout + 1 s");
    }

    @Test
    void shouldReadTimeoutsAndHandshakeFirstInEveryForm() throws IOException
    {
        assertEquals(3.0, apply("tls { " + pair() + ", timeout: 3 }").tlsConfig.timeoutSeconds);
        assertEquals(0.5, apply("tls { " + pair() + ", timeout: \"500ms\" }").tlsConfig.timeoutSeconds);
        assertEquals(2.0, apply("tls { " + pair() + " }").tlsConfig.effectiveTimeoutSeconds(), "Go's TLS_TIMEOUT");
        final TlsOptions first = apply("tls { " + pair() + ", handshake_first: true }").tlsConfig;
        assertTrue(first.handshakeFirst);
        assertEquals(0, first.handshakeFirstFallbackNanos);
        assertEquals(300_000_000L,
            apply("tls { " + pair() + ", first: \"300ms\" }").tlsConfig.handshakeFirstFallbackNanos);
    }

    @Test
    void shouldRefuseBadFieldsWithGoTexts()
    {
        assertTrue(error("tls { " + pair() + ", foo: 1 }").endsWith("error parsing tls config, unknown field [\"foo\"]"));
        assertTrue(error("tls { " + pair() + ", verify: \"yes\" }")
            .endsWith("error parsing tls config, expected 'verify' to be a boolean"));
        assertTrue(error("tls { cert_file: 1 }").endsWith("error parsing tls config, expected 'cert_file' to be filename"));
        assertTrue(error("tls { " + pair() + ", cipher_suites: [TLS_NOPE] }").endsWith("unrecognized cipher TLS_NOPE"));
        assertTrue(error("tls { " + pair() + ", cipher_suites: [] }")
            .endsWith("error parsing tls config, 'cipher_suites' cannot be empty"));
        assertTrue(error("tls { " + pair() + ", curve_preferences: [P999] }")
            .endsWith("unrecognized curve preference P999"));
        assertTrue(error("tls { " + pair() + ", pinned_certs: [abc] }").contains("'pinned_certs' key abc does not look"));
        assertTrue(error("tls { " + pair() + ", timeout: true }").endsWith("error parsing tls config, 'timeout' wrong type"));
        assertTrue(error("tls { " + pair() + ", min_version: \"1.1\" }").endsWith("unsupported TLS version: TLS 1.1"));
        assertTrue(error("tls { " + pair() + ", handshake_first: \"soon\" }")
            .endsWith("field \"handshake_first\"'s value \"soon\" is invalid"));
        final String e = error("\n\ntls { " + pair() + ", foo: 1 }");
        assertTrue(e.contains(":3:"), "file:line:col of the field: " + e);
    }

    @Test
    void shouldRefuseBadFilesWithGoTexts() throws Exception
    {
        assertTrue(error("tls { cert_file: \"" + ec.cert() + "\" }").endsWith("missing 'key_file' in TLS configuration"));
        assertTrue(error("tls { key_file: \"" + ec.key() + "\" }").endsWith("missing 'cert_file' in TLS configuration"));
        assertTrue(error("tls { cert_file: \"/nope.pem\", key_file: \"" + ec.key() + "\" }").endsWith(
            "error parsing X509 certificate/key pair: open /nope.pem: no such file or directory"));
        assertTrue(error("tls { cert_file: \"" + ec.key() + "\", key_file: \"" + ec.cert() + "\" }").endsWith(
            "error parsing X509 certificate/key pair: tls: failed to find certificate PEM data in certificate " +
                "input, but did find a private key; PEM inputs may have been switched"));
        final CertsForOptions.Files other = CertsForOptions.ecPkcs8(dir, "other");
        assertTrue(error("tls { cert_file: \"" + ec.cert() + "\", key_file: \"" + other.key() + "\" }").endsWith(
            "error parsing X509 certificate/key pair: tls: private key does not match public key"));
        final Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        assertTrue(error("tls { cert_file: \"" + empty + "\", key_file: \"" + ec.key() + "\" }").endsWith(
            "error parsing X509 certificate/key pair: tls: failed to find any PEM data in certificate input"));
        assertTrue(error("tls { " + pair() + ", ca_file: \"" + empty + "\" }").endsWith(
            "failed to parse root ca certificate"));
        assertTrue(error("tls { " + pair() + ", ca_file: \"/nope-ca.pem\" }").endsWith(
            "open /nope-ca.pem: no such file or directory"));
    }

    @Test
    void shouldLoadEveryKeyFormatGoLoads() throws Exception
    {
        for (final CertsForOptions.Files f : List.of(
            CertsForOptions.rsaPkcs1(dir, "rsa1"), CertsForOptions.rsaPkcs8(dir, "rsa8"),
            CertsForOptions.ecSec1(dir, "sec1"), ec, CertsForOptions.ed25519(dir, "ed")))
        {
            final TlsOptions t = apply("tls { cert_file: \"" + f.cert() + "\", key_file: \"" + f.key() + "\" }")
                .tlsConfig;
            assertNotNull(t.material.key(), f.key());
            assertEquals(f.algorithm(), t.material.key().getAlgorithm().replace("EdDSA", "Ed25519"), f.key());
        }
    }

    @Test
    void shouldBuildTlsFromFlagsAsGoOverrideTls()
    {
        final ServerOptions o = new ServerOptions();
        o.tlsCert = ec.cert();
        assertEquals("TLS Server private key must be present and valid",
            assertThrows(IllegalArgumentException.class, () -> TlsConfigMapper.fromFlags(o)).getMessage());
        o.tlsKey = ec.key();
        o.tlsVerify = true;
        final TlsOptions t = TlsConfigMapper.fromFlags(o);
        assertTrue(t.verify);
        assertNull(t.material.trustedCas());
        final ServerOptions none = new ServerOptions();
        assertEquals("TLS Server certificate must be present and valid",
            assertThrows(IllegalArgumentException.class, () -> TlsConfigMapper.fromFlags(none)).getMessage());
    }
}
