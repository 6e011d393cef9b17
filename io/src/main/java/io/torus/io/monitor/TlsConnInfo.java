package io.torus.io.monitor;

import java.util.List;

/**
 * A TLS connection's part of {@code /connz}: Go's {@code tls_version} ("1.3"), {@code tls_cipher_suite} (Go's name) and,
 * with {@code auth=1}, {@code tls_peer_certs}. Immutable.
 */
public record TlsConnInfo(String version, String cipherSuite, List<PeerCert> peerCerts)
{
    /** One certificate the client presented: Go's subject string and two SHA-256 digests in hex. */
    public record PeerCert(String subject, String spkiSha256, String certSha256)
    {
    }

    void write(final JsonWriter w, final boolean auth)
    {
        w.field("tls_version", version);
        w.field("tls_cipher_suite", cipherSuite);
        if (auth && peerCerts != null && !peerCerts.isEmpty())
        {
            w.name("tls_peer_certs").beginArray();
            for (final PeerCert c : peerCerts)
            {
                w.beginObject();
                if (!c.subject().isEmpty())
                {
                    w.field("subject", c.subject());
                }
                w.field("spki_sha256", c.spkiSha256()).field("cert_sha256", c.certSha256()).endObject();
            }
            w.endArray();
        }
    }
}
