package io.torus.io;

import io.torus.core.options.ServerOptions;

import java.nio.charset.StandardCharsets;

/**
 * The INFO a client receives on connect, as the Go server sends it: same field names, same order, no spaces
 * ({@code "port":4222} exactly: a client test suite looks for that text). The part common to every client is built
 * once; the client's id and address are appended per connection.
 */
public final class ServerInfo
{
    private final String prefix;
    private final String suffix;

    public ServerInfo(final ServerOptions options, final String serverId, final String serverName, final int port)
    {
        final StringBuilder sb = new StringBuilder(256).append("INFO {");
        sb.append("\"server_id\":").append(Json.quote(serverId));
        sb.append(",\"server_name\":").append(Json.quote(serverName));
        sb.append(",\"version\":").append(Json.quote(ServerOptions.GO_COMPAT_VERSION));
        sb.append(",\"proto\":1");
        sb.append(",\"go\":").append(Json.quote("java" + Runtime.version().feature()));
        sb.append(",\"host\":").append(Json.quote(options.host));
        sb.append(",\"port\":").append(port);
        sb.append(",\"headers\":").append(!options.noHeaderSupport);
        if (options.authRequired())
        {
            sb.append(",\"auth_required\":true");
        }
        if (options.tlsRequired())
        {
            sb.append(",\"tls_required\":true");
        }
        if (options.tlsConfig != null && options.tlsConfig.verify)
        {
            sb.append(",\"tls_verify\":true");
        }
        if (options.tlsConfig != null && options.allowNonTls)
        {
            sb.append(",\"tls_available\":true");
        }
        sb.append(",\"max_payload\":").append(options.maxPayload);
        prefix = sb.toString();
        suffix = ",\"torus_version\":" + Json.quote(ServerOptions.TORUS_VERSION) + "}\r\n";
    }

    /** The asynchronous INFO that tells clients the server is in lame duck mode, so they reconnect elsewhere. */
    public byte[] lameDuck()
    {
        return (prefix + ",\"ldm\":true" + suffix).getBytes(StandardCharsets.UTF_8);
    }

    public byte[] forClient(final long cid, final String clientIp)
    {
        return forClient(cid, clientIp, null);
    }

    /** With the nonce nkey users sign, as Go sends it after {@code client_ip}. */
    public byte[] forClient(final long cid, final String clientIp, final String nonce)
    {
        final StringBuilder sb = new StringBuilder(prefix.length() + 64 + suffix.length()).append(prefix);
        sb.append(",\"client_id\":").append(cid);
        if (clientIp != null)
        {
            sb.append(",\"client_ip\":").append(Json.quote(clientIp));
        }
        if (nonce != null)
        {
            sb.append(",\"nonce\":").append(Json.quote(nonce));
        }
        sb.append(suffix);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
