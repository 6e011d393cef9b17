package io.torus.io;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.torus.core.options.ServerOptions;
import io.torus.core.options.TlsOptions;
import io.torus.core.tls.CertificateIdentity;
import io.torus.core.tls.TlsMaterial;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS on the client listener, black-box: certificates made here, a real server, the official Java client over TLS
 * (with and without client certificates, TLS first), raw sockets for what Go does with bad input, and monitoring.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTest
{
    @TempDir
    static Path dir;
    private static TestCertificates.Issued ca;
    private static TestCertificates.Issued otherCa;
    private static String[] serverFiles;
    private static String caFile;
    private static TestCertificates.Issued alice;

    private final List<TorusServer> servers = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception
    {
        ca = TestCertificates.ca("Torus Test CA");
        otherCa = TestCertificates.ca("Some Other CA");
        serverFiles = TestCertificates.server(ca).write(dir, "server");
        caFile = dir.resolve("ca.pem").toString();
        java.nio.file.Files.writeString(Path.of(caFile), ca.certPem());
        alice = TestCertificates.client(ca, "CN=alice,OU=eng,O=Torus");
    }

    @AfterEach
    void stop() throws InterruptedException
    {
        for (final Connection c : connections)
        {
            c.close();
        }
        for (final TorusServer s : servers)
        {
            s.shutdown();
        }
    }

    private TorusServer start(final Consumer<TlsOptions> tls, final Consumer<ServerOptions> more) throws Exception
    {
        return start(Transport.NIO, tls, more);
    }

    private TorusServer start(final Transport transport, final Consumer<TlsOptions> tls,
        final Consumer<ServerOptions> more) throws Exception
    {
        final TorusServer s = TestServers.start(transport, o ->
        {
            final TlsOptions t = new TlsOptions();
            t.certFile = serverFiles[0];
            t.keyFile = serverFiles[1];
            tls.accept(t);
            t.material = TlsMaterial.load(t.certFile, t.keyFile, t.caFile);
            o.tlsConfig = t;
            more.accept(o);
        });
        servers.add(s);
        return s;
    }

    private TorusServer start(final Consumer<TlsOptions> tls) throws Exception
    {
        return start(tls, o -> { });
    }

    private Connection connect(final TorusServer s, final SSLContext ctx, final boolean tlsFirst) throws Exception
    {
        final Options.Builder b = new Options.Builder().server("tls://127.0.0.1:" + s.port()).sslContext(ctx)
            .connectionTimeout(Duration.ofSeconds(3)).maxReconnects(0).noReconnect();
        if (tlsFirst)
        {
            b.tlsFirst();
        }
        final Connection c = Nats.connect(b.build());
        connections.add(c);
        return c;
    }

    private static void roundTrip(final Connection c) throws Exception
    {
        final Subscription sub = c.subscribe("tls.test");
        c.flush(Duration.ofSeconds(2));
        c.publish("tls.test", "over tls".getBytes(StandardCharsets.UTF_8));
        final Message m = sub.nextMessage(Duration.ofSeconds(2));
        assertNotNull(m, "message over TLS");
        assertEquals("over tls", new String(m.getData(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldSendPlainInfoWithTlsRequiredThenCarryMessagesOverTls() throws Exception
    {
        final TorusServer s = start(t -> { });
        try (RawClient raw = new RawClient(s.port()))
        {
            final String info = raw.readUntil("\r\n", 2000);
            assertTrue(info.contains("\"tls_required\":true"), info);
            assertFalse(info.contains("tls_verify"), info);
            assertFalse(info.contains("tls_available"), info);
        }
        roundTrip(connect(s, TestCertificates.clientContext(ca, null), false));
    }

    @Test
    void shouldCarryLargeAndManyMessagesOverTlsOnEveryTransport() throws Exception
    {
        for (final Transport transport : Transport.values())
        {
            if (!transport.isAvailable())
            {
                continue;
            }
            final TorusServer s = start(transport, t -> { }, o -> { });
            final Connection c = connect(s, TestCertificates.clientContext(ca, null), false);
            final Subscription sub = c.subscribe("big");
            c.flush(Duration.ofSeconds(2));
            final byte[] big = new byte[512 * 1024]; // spans many TLS records
            for (int i = 0; i < big.length; i++)
            {
                big[i] = (byte)(i * 31);
            }
            for (int i = 0; i < 200; i++)
            {
                c.publish("big", i % 50 == 0 ? big : ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < 200; i++)
            {
                final Message m = sub.nextMessage(Duration.ofSeconds(5));
                assertNotNull(m, transport + ": message " + i);
                if (i % 50 == 0)
                {
                    assertTrue(java.util.Arrays.equals(big, m.getData()), transport + ": large payload intact");
                }
                else
                {
                    assertEquals("m" + i, new String(m.getData(), StandardCharsets.UTF_8), transport.toString());
                }
            }
        }
    }

    @Test
    void shouldRequireAndAcceptClientCertificatesWithVerify() throws Exception
    {
        final TorusServer s = start(t ->
        {
            t.caFile = caFile;
            t.verify = true;
        });
        try (RawClient raw = new RawClient(s.port()))
        {
            final String info = raw.readUntil("\r\n", 2000);
            assertTrue(info.contains("\"tls_required\":true,\"tls_verify\":true"), info);
        }
        roundTrip(connect(s, TestCertificates.clientContext(ca, alice), false));

        // No certificate, an untrusted one, an expired one: refused, counted, closed as Go closes them.
        final long before = s.tlsHandshakeFailures();
        assertThrows(Exception.class, () -> connect(s, TestCertificates.clientContext(ca, null), false));
        assertThrows(Exception.class, () -> connect(s, TestCertificates.clientContext(ca,
            TestCertificates.client(otherCa, "CN=mallory")), false));
        assertThrows(Exception.class, () -> connect(s, TestCertificates.clientContext(ca,
            TestCertificates.expiredClient(ca)), false));
        TestServers.await(3000, "three handshake failures", () -> s.tlsHandshakeFailures() - before >= 3);
        TestServers.await(3000, "closed connections recorded", () ->
            closedReasons(s).stream().filter("TLS Handshake Failure"::equals).count() >= 3);
    }

    @Test
    void shouldDoTheHandshakeFirstWhenAsked() throws Exception
    {
        final TorusServer s = start(t -> t.handshakeFirst = true);
        roundTrip(connect(s, TestCertificates.clientContext(ca, null), true));
        // A client waiting for INFO gets nothing in plain text: the server waits for a TLS hello.
        try (Socket plain = new Socket())
        {
            plain.connect(new InetSocketAddress("127.0.0.1", s.port()));
            plain.setSoTimeout(500);
            assertThrows(SocketTimeoutException.class, () -> plain.getInputStream().read());
        }
    }

    @Test
    void shouldFallBackToInfoFirstWhenTheClientWaitsWithHandshakeFirstAuto() throws Exception
    {
        final TorusServer s = start(t ->
        {
            t.handshakeFirst = true;
            t.handshakeFirstFallbackNanos = TimeUnit.MILLISECONDS.toNanos(50);
        });
        roundTrip(connect(s, TestCertificates.clientContext(ca, null), true));
        roundTrip(connect(s, TestCertificates.clientContext(ca, null), false));
    }

    @Test
    void shouldCloseAPlainTextClientOnTheTlsPortAsGoDoes() throws Exception
    {
        final TorusServer s = start(t -> { });
        try (RawClient raw = new RawClient(s.port()))
        {
            raw.readUntil("\r\n", 2000);
            raw.send("CONNECT {\"verbose\":false}\r\nPING\r\n");
            // Go sends nothing more (no -ERR, no TLS alert) and closes.
            assertEquals("", raw.readUntilClosed(3000));
        }
        TestServers.await(3000, "closed as a TLS failure", () -> closedReasons(s).contains("TLS Handshake Failure"));
    }

    @Test
    void shouldTimeOutASilentClient() throws Exception
    {
        final TorusServer s = start(t -> t.timeoutSeconds = 0.3);
        try (RawClient raw = new RawClient(s.port()))
        {
            raw.readUntil("\r\n", 2000);
            final long t0 = System.nanoTime();
            assertEquals("", raw.readUntilClosed(3000));
            final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 200 && ms < 2000, "closed after " + ms + " ms");
        }
    }

    @Test
    void shouldAnswerATlsHelloOnAPlainPortWithUnknownProtocolOperation() throws Exception
    {
        final TorusServer s = TestServers.start(Transport.NIO, o -> { });
        servers.add(s);
        try (Socket socket = new Socket("127.0.0.1", s.port()))
        {
            socket.setSoTimeout(3000);
            final InputStream in = socket.getInputStream();
            readLine(in); // INFO
            // A real ClientHello, made by the JDK's engine, written to the plain socket.
            final javax.net.ssl.SSLEngine engine = TestCertificates.clientContext(ca, null).createSSLEngine();
            engine.setUseClientMode(true);
            engine.beginHandshake();
            final java.nio.ByteBuffer hello = java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(java.nio.ByteBuffer.allocate(0), hello);
            hello.flip();
            assertEquals(0x16, hello.get(0), "a TLS handshake record");
            socket.getOutputStream().write(hello.array(), 0, hello.limit());
            assertEquals("-ERR 'Unknown Protocol Operation'", readLine(in));
        }
    }

    @Test
    void shouldShowTlsInConnzAndVarz() throws Exception
    {
        final TorusServer s = start(t ->
        {
            t.caFile = caFile;
            t.verify = true;
            t.timeoutSeconds = 1.5;
        }, o -> o.httpPort = ServerOptions.RANDOM_PORT);
        final Connection c = connect(s, TestCertificates.clientContext(ca, alice), false);
        c.flush(Duration.ofSeconds(2));
        final MonitoringClient http = new MonitoringClient(s.monitoringPort());
        final Map<String, Object> varz = http.json("/varz");
        assertEquals(Boolean.TRUE, varz.get("tls_required"));
        assertEquals(Boolean.TRUE, varz.get("tls_verify"));
        assertEquals(1.5, ((Number)varz.get("tls_timeout")).doubleValue());
        assertEquals(2.5, ((Number)varz.get("auth_timeout")).doubleValue(), "Go: TLS timeout + 1 s");
        @SuppressWarnings("unchecked")
        final Map<String, Object> torus = (Map<String, Object>)varz.get("torus");
        assertTrue(Set.of("OPENSSL", "JDK").contains(torus.get("tls_provider")), String.valueOf(torus));

        final Map<String, Object> conn = connz(http, "/connz?auth=1").get(0);
        assertTrue(Set.of("1.2", "1.3").contains(conn.get("tls_version")), String.valueOf(conn));
        assertTrue(String.valueOf(conn.get("tls_cipher_suite")).startsWith("TLS_"), String.valueOf(conn));
        @SuppressWarnings("unchecked")
        final Map<String, Object> peer = ((List<Map<String, Object>>)conn.get("tls_peer_certs")).get(0);
        assertEquals("CN=alice,OU=eng,O=Torus", peer.get("subject"));
        assertEquals(CertificateIdentity.of(alice.cert()).spkiSha256(), peer.get("spki_sha256"));
        assertFalse(connz(http, "/connz").get(0).containsKey("tls_peer_certs"), "peer certs only with auth=1");
    }

    @Test
    void shouldAcceptOnlyPinnedClientCertificates() throws Exception
    {
        final TestCertificates.Issued bob = TestCertificates.client(ca, "CN=bob");
        final TorusServer s = start(t ->
        {
            t.caFile = caFile;
            t.verify = true;
            t.pinnedCerts = Set.of(CertificateIdentity.of(alice.cert()).spkiSha256());
        });
        roundTrip(connect(s, TestCertificates.clientContext(ca, alice), false));
        assertThrows(Exception.class, () -> connect(s, TestCertificates.clientContext(ca, bob), false));
    }

    @Test
    void shouldAcceptBothWithAllowNonTls() throws Exception
    {
        final TorusServer s = start(t -> { }, o -> o.allowNonTls = true);
        try (RawClient raw = new RawClient(s.port()))
        {
            final String info = raw.readUntil("\r\n", 2000);
            assertTrue(info.contains("\"tls_available\":true"), info);
            assertFalse(info.contains("tls_required"), info);
            raw.send("CONNECT {\"verbose\":false}\r\nPING\r\n");
            raw.readUntil("PONG\r\n", 2000);
        }
        roundTrip(connect(s, TestCertificates.clientContext(ca, null), false));
    }

    @Test
    void shouldTakeAClientSilentForTheTimeoutAsPlainTextWithAllowNonTls() throws Exception
    {
        final TorusServer s = start(t -> t.timeoutSeconds = 0.2, o -> o.allowNonTls = true);
        try (RawClient raw = new RawClient(s.port()))
        {
            raw.readUntil("\r\n", 2000);
            Thread.sleep(500); // silent past the TLS timeout: Go then goes on in plain text
            raw.send("CONNECT {\"verbose\":false}\r\nPING\r\n");
            raw.readUntil("PONG\r\n", 2000);
        }
    }

    @Test
    void shouldThrottleNewTlsConnectionsOverTheRateLimit() throws Exception
    {
        final TorusServer s = start(t -> t.connectionRateLimit = 1);
        // Three connections back to back: at least one of the last two falls in the same second as an admitted one
        // (a window boundary can separate two of them, not three) and is refused in plain text before any
        // handshake, as Go does.
        try (RawClient first = new RawClient(s.port()); RawClient second = new RawClient(s.port());
             RawClient third = new RawClient(s.port()))
        {
            first.readUntil("\r\n", 2000);
            second.readUntil("\r\n", 2000);
            third.readUntil("\r\n", 2000);
            final String throttled = "-ERR 'Connection throttling is active. Please try again later.'\r\n";
            final String got = second.readUntilClosed(3000) + "|" + third.readUntilClosed(3000);
            assertTrue(got.contains(throttled), got);
        }
        // A later second admits connections again.
        final long deadline = System.currentTimeMillis() + 5000;
        while (true)
        {
            try
            {
                roundTrip(connect(s, TestCertificates.clientContext(ca, null), false));
                break;
            }
            catch (final java.io.IOException throttled)
            {
                assertTrue(System.currentTimeMillis() < deadline, "still throttled");
                Thread.sleep(200);
            }
        }
    }

    @Test
    void shouldServeMonitoringOverHttps() throws Exception
    {
        final TorusServer s = start(t ->
        {
            t.caFile = caFile;
            t.verify = true; // client certificates are never asked for by the monitor, as in Go
        }, o -> o.httpsPort = ServerOptions.RANDOM_PORT);
        final MonitoringClient https = new MonitoringClient("https://127.0.0.1:" + s.monitoringPort(),
            TestCertificates.clientContext(ca, null));
        final Map<String, Object> varz = https.json("/varz");
        assertEquals(s.monitoringPort(), ((Number)varz.get("https_port")).intValue());
        assertEquals(0, ((Number)varz.get("http_port")).intValue());
        assertThrows(IOException.class, () -> new MonitoringClient(s.monitoringPort()).get("/varz"));
    }

    @SuppressWarnings("unchecked")
    @Test
    void verifyAndMapTakesTheUserFromTheClientCertificate() throws Exception
    {
        final TestCertificates.Issued mallory = TestCertificates.client(ca, "CN=mallory,O=Elsewhere");
        final TorusServer s = start(t ->
        {
            t.caFile = caFile;
            t.verify = true;
            t.map = true;
        }, o ->
        {
            // Named as Go names a certificate subject; the DN matches whatever the attribute order.
            o.users.add(new io.torus.core.auth.UserEntry("O=Torus,OU=eng,CN=alice", null, null,
                new io.torus.core.auth.Permissions(new io.torus.core.auth.SubjectPermission(List.of("tls.>"), null),
                    null, null), null, null));
            o.users.add(new io.torus.core.auth.UserEntry("someone-else", "pw", null, null, null, null));
            o.httpPort = ServerOptions.RANDOM_PORT;
        });
        final Connection c = connect(s, TestCertificates.clientContext(ca, alice), false);
        roundTrip(c);
        final List<Map<String, Object>> conns = connz(new MonitoringClient(s.monitoringPort()), "/connz?auth=1");
        assertEquals("O=Torus,OU=eng,CN=alice", conns.get(0).get("authorized_user"));
        // A trusted certificate that names no configured user is refused.
        assertThrows(Exception.class, () -> connect(s, TestCertificates.clientContext(ca, mallory), false));
    }

    private static List<Map<String, Object>> connz(final MonitoringClient http, final String path) throws Exception
    {
        return (List<Map<String, Object>>)http.json(path).get("connections");
    }

    private static List<String> closedReasons(final TorusServer s)
    {
        final List<String> reasons = new ArrayList<>();
        s.closedConnections().snapshot().forEach(c -> reasons.add(c.reason()));
        return reasons;
    }

    private static String readLine(final InputStream in) throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0)
        {
            if (b == '\n')
            {
                break;
            }
            if (b != '\r')
            {
                sb.append((char)b);
            }
        }
        return sb.toString();
    }
}
