package io.torus.io;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.torus.core.tls.CertificateIdentity;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The identity a client certificate maps to under {@code verify_and_map}, and its subject as {@code /connz} shows it,
 * checked against the Go server 2.9.10 itself ({@code /usr/sbin/nats-server}): Go must accept a user named by
 * {@link CertificateIdentity}'s string, refuse a near miss, and print the same subject.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsGoParityTest
{
    private static final String GO_SERVER = "/usr/sbin/nats-server";

    @TempDir
    Path dir;
    private Process go;

    @AfterEach
    void stop() throws InterruptedException
    {
        if (go != null)
        {
            go.destroy();
            go.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void goMapsCertificatesToTheNamesCertificateIdentityGives() throws Exception
    {
        assertTrue(new File(GO_SERVER).canExecute(), GO_SERVER + " must be installed for this test; CI installs it");
        final TestCertificates.Issued ca = TestCertificates.ca("Parity CA");
        final String[] server = TestCertificates.server(ca).write(dir, "server");
        final Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certPem());
        // An e-mail attribute in the subject keeps Go's DN matcher out: only the strings can match.
        final X500NameBuilder n = new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.DC, "org").addRDN(BCStyle.DC, "example").addRDN(BCStyle.C, "US").addRDN(BCStyle.ST, "CA")
            .addRDN(BCStyle.O, "Acme, Inc.").addRDN(BCStyle.OU, "eng").addRDN(BCStyle.OU, "ops")
            .addRDN(BCStyle.CN, " carol #1").addRDN(BCStyle.EmailAddress, "carol@example.org");
        final TestCertificates.Issued carol = TestCertificates.leaf(ca, n.build(), TestCertificates.ec(),
            Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(1)));
        final TestCertificates.Issued dave = TestCertificates.client(ca, "CN=dave",
            new GeneralName(GeneralName.rfc822Name, "dave@example.org"));
        final CertificateIdentity carolId = CertificateIdentity.of(carol.cert());
        final String carolUser = carolId.subjectRdnString();
        final String carolWithDcs = carolId.subjectWithDomainComponents();
        final String daveUser = CertificateIdentity.of(dave.cert()).literalCandidates().get(0);
        assertEquals("dave@example.org", daveUser);

        final int port = freePort();
        final int http = freePort();
        final Path conf = dir.resolve("go.conf");
        Files.writeString(conf, "listen: 127.0.0.1:" + port + "\nhttp: 127.0.0.1:" + http + "\n" +
            "tls { cert_file: " + quote(server[0]) + ", key_file: " + quote(server[1]) + ", ca_file: " +
            quote(caFile.toString()) + ", verify_and_map: true }\n" +
            "authorization { users = [ {user: " + quote(carolUser) + "}, {user: " + quote(daveUser) + "} ] }\n");
        go = new ProcessBuilder(GO_SERVER, "-c", conf.toString()).redirectErrorStream(true)
            .redirectOutput(dir.resolve("go.log").toFile()).start();
        awaitPort(port);

        try (Connection c = connect(port, TestCertificates.clientContext(ca, carol)))
        {
            c.flush(Duration.ofSeconds(3));
            final Map<String, Object> connz = new MonitoringClient(http).json("/connz?auth=1");
            @SuppressWarnings("unchecked")
            final Map<String, Object> conn = ((List<Map<String, Object>>)connz.get("connections")).get(0);
            assertEquals(carolUser, conn.get("authorized_user"));
            @SuppressWarnings("unchecked")
            final Map<String, Object> peer = ((List<Map<String, Object>>)conn.get("tls_peer_certs")).get(0);
            assertEquals(carolId.subjectString(), peer.get("subject"), "Go's pkix.Name.String()");
            assertEquals(carolId.spkiSha256(), peer.get("spki_sha256"));
            assertEquals(carolId.certSha256(), peer.get("cert_sha256"));
        }
        try (Connection c = connect(port, TestCertificates.clientContext(ca, dave)))
        {
            c.flush(Duration.ofSeconds(3));
        }
        go.destroy();
        go.waitFor(5, TimeUnit.SECONDS);

        // The same certificate against the subject with its domain components, then against a near miss.
        Files.writeString(conf, Files.readString(conf).replace(quote(carolUser), quote(carolWithDcs)));
        go = new ProcessBuilder(GO_SERVER, "-c", conf.toString()).redirectErrorStream(true)
            .redirectOutput(dir.resolve("go2.log").toFile()).start();
        awaitPort(port);
        connect(port, TestCertificates.clientContext(ca, carol)).close();
        go.destroy();
        go.waitFor(5, TimeUnit.SECONDS);

        Files.writeString(conf, Files.readString(conf).replace(quote(carolWithDcs),
            quote(carolUser.replace("OU=eng+OU=ops", "OU=ops+OU=eng"))));
        go = new ProcessBuilder(GO_SERVER, "-c", conf.toString()).redirectErrorStream(true)
            .redirectOutput(dir.resolve("go3.log").toFile()).start();
        awaitPort(port);
        assertThrows(Exception.class, () -> connect(port, TestCertificates.clientContext(ca, carol)).close());
        final Path log = dir.resolve("go3.log");
        TestServers.await(5000, "Go refusing the near miss", () ->
        {
            try
            {
                return Files.readString(log).contains("authentication error");
            }
            catch (final java.io.IOException e)
            {
                return false;
            }
        });
    }

    private static Connection connect(final int port, final javax.net.ssl.SSLContext ctx) throws Exception
    {
        return Nats.connect(new Options.Builder().server("tls://127.0.0.1:" + port).sslContext(ctx)
            .connectionTimeout(Duration.ofSeconds(3)).noReconnect().build());
    }

    /** A NATS config string: double-quoted, backslashes and quotes escaped. */
    private static String quote(final String s)
    {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static int freePort() throws Exception
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(final int port) throws Exception
    {
        TestServers.await(10_000, "the Go server on " + port, () ->
        {
            try (Socket ignored = new Socket("127.0.0.1", port))
            {
                return true;
            }
            catch (final Exception e)
            {
                return false;
            }
        });
    }
}
