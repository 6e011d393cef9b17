package io.torus.io.monitor;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.torus.core.options.ServerOptions;
import io.torus.io.TorusServer;
import io.torus.io.tls.ServerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP monitoring listener ({@code -m/--http_port}, config {@code http}, {@code http_port}): Netty's HTTP codec
 * on one NIO event loop of its own, so a slow or busy monitoring client never delays a NATS client's event loop.
 * Every request is rendered on that one thread (endpoints keep per-thread state such as the CPU sample).
 */
public final class MonitoringServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger("io.torus.server");
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final TorusServer server;
    private final String host;
    private final String basePath;
    private final ConcurrentHashMap<String, LongAdder> requests = new ConcurrentHashMap<>();
    private EventLoopGroup group;
    private Channel listener;
    private int port;
    private boolean secure;

    public MonitoringServer(final TorusServer server)
    {
        this.server = server;
        final ServerOptions o = server.options();
        this.host = o.httpHost == null || o.httpHost.isEmpty() ? o.host : o.httpHost;
        this.basePath = normalizeBasePath(o.httpBasePath);
    }

    /** Binds; throws if the port cannot be had (the server then fails to start, as Go does). */
    public MonitoringServer start() throws InterruptedException
    {
        final ServerOptions o = server.options();
        // As Go's StartMonitoring: one or the other; HTTPS uses the client listener's tls block, without client certs.
        if (o.httpPort != 0 && o.httpsPort != 0)
        {
            throw new IllegalStateException("Can't start monitoring: can't specify both HTTP (" + o.httpPort +
                ") and HTTPs (" + o.httpsPort + ") ports");
        }
        secure = o.httpPort == 0 && o.httpsPort != 0;
        final ServerTls tls;
        if (secure)
        {
            if (o.tlsConfig == null)
            {
                throw new IllegalStateException("Can't start monitoring: TLS cert and key required for HTTPS");
            }
            try
            {
                tls = ServerTls.forMonitoring(o.tlsConfig);
            }
            catch (final javax.net.ssl.SSLException e)
            {
                throw new IllegalStateException("Can't start monitoring: " + e.getMessage(), e);
            }
        }
        else
        {
            tls = null;
        }
        final int configured = secure ? o.httpsPort : o.httpPort;
        final int wanted = configured == ServerOptions.RANDOM_PORT ? 0 : configured;
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("torus-monitor", true),
            NioIoHandler.newFactory());
        final MonitoringHandler handler = new MonitoringHandler(server, this);
        final ServerBootstrap bootstrap = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(new ChannelInitializer<Channel>()
            {
                @Override
                protected void initChannel(final Channel ch)
                {
                    if (tls != null)
                    {
                        final io.netty.handler.ssl.SslHandler ssl = tls.newHandler(ch.alloc());
                        ssl.setHandshakeTimeoutMillis(tls.options().timeoutNanos() / 1_000_000);
                        ch.pipeline().addLast(ssl);
                    }
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES), handler);
                }
            });
        try
        {
            listener = bootstrap.bind(host, wanted).sync().channel();
        }
        catch (final InterruptedException e)
        {
            close();
            throw e;
        }
        catch (final RuntimeException e)
        {
            close();
            // Go's wording, so scripts that grep for it keep working.
            throw new IllegalStateException("can't listen to the monitor port: " + e.getMessage(), e);
        }
        port = ((InetSocketAddress)listener.localAddress()).getPort();
        LOG.info("Starting {} monitor on {}:{}", secure ? "https" : "http", host.contains(":") ? "[" + host + "]" : host,
            port);
        return this;
    }

    public int port()
    {
        return port;
    }

    /** HTTPS ({@code -ms/--https_port}, {@code https}) rather than HTTP. */
    public boolean isSecure()
    {
        return secure;
    }

    String host()
    {
        return host;
    }

    /** "" or "/path", without a trailing slash. */
    String basePath()
    {
        return basePath;
    }

    void countRequest(final String path)
    {
        requests.computeIfAbsent(path, p -> new LongAdder()).increment();
    }

    /** Requests served per path, sorted by path as Go's JSON encoder sorts map keys. */
    Map<String, Long> requestCounts()
    {
        final TreeMap<String, Long> counts = new TreeMap<>();
        requests.forEach((k, v) -> counts.put(k, v.sum()));
        return counts;
    }

    @Override
    public void close()
    {
        if (listener != null)
        {
            listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (group != null)
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    static String normalizeBasePath(final String path)
    {
        if (path == null)
        {
            return "";
        }
        String p = path.trim();
        while (p.endsWith("/"))
        {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty() && !p.startsWith("/"))
        {
            p = "/" + p;
        }
        return p;
    }
}
