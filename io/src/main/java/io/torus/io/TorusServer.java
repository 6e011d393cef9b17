package io.torus.io;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.torus.core.options.ServerOptions;
import io.torus.core.pipeline.IngressPublisher;
import io.torus.core.pipeline.IngressRing;
import io.torus.core.pipeline.PipelineLatency;
import io.torus.core.auth.Authenticator;
import io.torus.core.server.Account;
import io.torus.core.server.Accounts;
import io.torus.core.server.ServerStats;
import io.torus.io.monitor.ClosedConnections;
import io.torus.io.monitor.ConnInfo;
import io.torus.io.monitor.MonitoredConnection;
import io.torus.io.monitor.MonitoringServer;
import io.torus.io.sys.SystemAccount;
import io.torus.io.tls.ServerTls;
import io.torus.io.tls.TlsRateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running server: the ingress ring with its matching stage, the client listener on the chosen transport, and the
 * connections. {@link #start()} binds and returns; {@link #shutdown()} stops accepting, flushes and closes every
 * client, drains the ring and stops the threads.
 */
public final class TorusServer
{
    private static final Logger LOG = LoggerFactory.getLogger("io.torus.server");

    /** Replaced as a whole by a config reload; connections take the options current when they connect. */
    private volatile ServerOptions options;
    private final ServerStats stats = new ServerStats();
    private final PipelineLatency latency = new PipelineLatency();
    /** Built once from the configuration: accounts are not reloadable. */
    private final Accounts accounts;
    /** Replaced by a config reload (users and passwords are reloadable); read at each CONNECT. */
    private volatile Authenticator authenticator;
    /** bcrypt checks run here, off the event loops (each takes tens of milliseconds). */
    private final java.util.concurrent.ExecutorService authExecutor = java.util.concurrent.Executors.newFixedThreadPool(
        2, new DefaultThreadFactory("torus-auth", true));
    private final AtomicLong clientIds = new AtomicLong();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final ChannelGroup clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
    private final String serverId = ServerIdentity.newServerId();
    /** Open, counted client connections by cid: added and removed by their event loops, read by monitoring. */
    private final ConcurrentHashMap<Long, MonitoredConnection> openConnections = new ConcurrentHashMap<>();
    private final ClosedConnections closedConnections;
    /** Wall clock and monotonic clock at construction: monitoring turns nanoTime stamps into times with them. */
    private final long originEpochNanos;
    private final long originNanos;
    private MonitoringServer monitoring;
    /** The system account's internal client and services, or null without a system account. */
    private volatile SystemAccount system;
    private IngressRing ring;
    private Transport transport;
    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private Channel listener;
    private volatile ServerInfo info;
    /** The client listener's TLS, null without; replaced by a reload (new connections take the current one). */
    private volatile ServerTls clientTls;
    private final AtomicLong tlsHandshakeFailures = new AtomicLong();
    /** {@code connection_rate_limit}, fixed at start as in Go; null without one. */
    private TlsRateLimiter tlsRateLimiter;
    private int boundPort;
    private volatile boolean shutdown;
    private volatile boolean lameDuck;

    public TorusServer(final ServerOptions options)
    {
        this.options = options;
        this.closedConnections = new ClosedConnections(options.maxClosedClients);
        this.accounts = new Accounts(options.accounts, options.systemAccountName());
        this.authenticator = new Authenticator(options, accounts);
        final Instant now = Instant.now();
        this.originNanos = System.nanoTime();
        this.originEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    public synchronized TorusServer start() throws InterruptedException
    {
        clientTls = newClientTls(options);
        if (options.httpPort != 0 || options.httpsPort != 0)
        {
            // As Go: the monitor listens before the client port does.
            monitoring = new MonitoringServer(this).start();
        }
        ring = new IngressRing(options.ringSize, options.waitStrategy, stats, latency, options.maxPending);
        if (accounts.system() != null)
        {
            system = SystemAccount.start(this, accounts.system(), ring.newPublisher(), monitoring);
        }
        transport = Transport.select(options.transport, LOG::debug);
        final int ioThreads = options.ioThreads > 0 ? options.ioThreads : Runtime.getRuntime().availableProcessors();
        acceptGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("torus-accept", true),
            transport.ioHandlerFactory());
        ioGroup = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("torus-io", true),
            transport.ioHandlerFactory());
        final ServerBootstrap bootstrap = new ServerBootstrap()
            .group(acceptGroup, ioGroup)
            .channel(transport.serverChannelClass())
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
            .childHandler(new ChannelInitializer<Channel>()
            {
                @Override
                protected void initChannel(final Channel ch)
                {
                    ch.pipeline().addLast(new ClientConnectionHandler(TorusServer.this));
                    ch.pipeline().addLast(new WriteLatencyHandler(latency));
                }
            });
        listener = bootstrap.bind(options.host, options.port).sync().channel();
        boundPort = ((InetSocketAddress)listener.localAddress()).getPort();
        final String name = options.serverName == null || options.serverName.isEmpty() ? serverId : options.serverName;
        info = new ServerInfo(options, serverId, name, boundPort);
        LOG.info("Listening for client connections on {}:{}", hostForLog(options.host), boundPort);
        if (clientTls != null)
        {
            LOG.info("TLS required for client connections");
            if (options.tlsConfig.connectionRateLimit > 0)
            {
                tlsRateLimiter = new TlsRateLimiter(options.tlsConfig.connectionRateLimit);
                acceptGroup.scheduleAtFixedRate(() ->
                {
                    final long blocked = tlsRateLimiter.takeBlocked();
                    if (blocked > 0)
                    {
                        LOG.warn("Rejected {} connections due to TLS rate limiting", blocked);
                    }
                }, 1, 1, TimeUnit.SECONDS);
            }
        }
        LOG.debug("Transport {}, {} I/O threads, ring of {} slots, wait strategy {}", transport.displayName(),
            ioThreads, ring.size(), ring.waitStrategy().displayName());
        return this;
    }

    private static String hostForLog(final String host)
    {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /**
     * Lame duck mode (SIGUSR2), as the Go server: stop accepting, tell every client with an INFO carrying
     * {@code "ldm":true}, wait the grace period, then close the clients spread over the lame duck duration, shut
     * down and run {@code whenDone}. Returns at once; the draining runs on a thread of its own. Idempotent.
     */
    public synchronized void enterLameDuckMode(final Runnable whenDone)
    {
        if (shutdown || lameDuck || listener == null)
        {
            return;
        }
        lameDuck = true;
        LOG.info("Entering lame duck mode, stop accepting new clients");
        listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        final ServerOptions o = options;
        final byte[] ldmInfo = info.lameDuck();
        forEachClient(h -> h.sendLameDuckInfo(ldmInfo));
        final Thread drain = new Thread(() ->
        {
            sleepNanos(o.lameDuckGracePeriodNanos);
            final java.util.List<Channel> channels = new java.util.ArrayList<>(clients);
            if (!channels.isEmpty())
            {
                LOG.info("Closing existing clients");
                final long interval = o.lameDuckDurationNanos / channels.size();
                for (final Channel ch : channels)
                {
                    final ClientConnectionHandler h = ch.pipeline().get(ClientConnectionHandler.class);
                    if (h != null)
                    {
                        ch.eventLoop().execute(() -> h.close(io.torus.core.server.ClosedReason.SERVER_SHUTDOWN));
                    }
                    sleepNanos(interval);
                }
            }
            shutdown();
            whenDone.run();
        }, "torus-lame-duck");
        drain.setDaemon(true);
        drain.start();
    }

    public boolean isLameDuck()
    {
        return lameDuck;
    }

    private void forEachClient(final java.util.function.Consumer<ClientConnectionHandler> action)
    {
        for (final Channel ch : clients)
        {
            final ClientConnectionHandler h = ch.pipeline().get(ClientConnectionHandler.class);
            if (h != null)
            {
                ch.eventLoop().execute(() -> action.accept(h));
            }
        }
    }

    private static void sleepNanos(final long nanos)
    {
        try
        {
            TimeUnit.NANOSECONDS.sleep(Math.max(0, nanos));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops accepting, flushes and closes every client, drains the ring. Idempotent. */
    public synchronized void shutdown()
    {
        if (shutdown)
        {
            return;
        }
        shutdown = true;
        if (system != null)
        {
            // As Go: the shutdown event goes out first, while the system account's clients can still receive it.
            system.announceShutdown();
        }
        if (monitoring != null)
        {
            monitoring.close();
        }
        if (listener != null)
        {
            listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        clients.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        authExecutor.shutdownNow();
        if (ioGroup != null)
        {
            ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
            acceptGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
        if (system != null)
        {
            system.close();
        }
        if (ring != null)
        {
            ring.close();
            logLatency("ingress to match", latency.ingressToMatchTotal());
            logLatency("ingress to socket write", latency.ingressToWriteTotal());
        }
    }

    private static void logLatency(final String what, final org.HdrHistogram.Histogram h)
    {
        if (h.getTotalCount() > 0)
        {
            LOG.debug("Pipeline latency {}: {} ops, p50 {}us, p99 {}us, p99.9 {}us, max {}us", what, h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000, h.getValueAtPercentile(99) / 1000,
                h.getValueAtPercentile(99.9) / 1000, h.getMaxValue() / 1000);
        }
    }

    /**
     * Applies reloaded options (the caller has checked that only reloadable ones changed): new connections get them,
     * with a new INFO; connected clients are re-checked against the new users and follow the new trace setting.
     */
    synchronized void applyReload(final ServerOptions reloaded)
    {
        // As Go: the tls block is reloadable (new certificates, CAs, verify, timeout, pins) for new connections.
        clientTls = newClientTls(reloaded);
        final String name = reloaded.serverName == null || reloaded.serverName.isEmpty() ? serverId : reloaded.serverName;
        info = new ServerInfo(reloaded, serverId, name, boundPort);
        final Authenticator auth = new Authenticator(reloaded, accounts);
        authenticator = auth;
        final boolean traceChanged = reloaded.trace != options.trace;
        options = reloaded;
        if (traceChanged)
        {
            // As Go's reload: every client's trace level follows the new setting, not only new clients'.
            forEachClient(h -> h.trace(reloaded.trace));
        }
        // As Go: connected clients are checked against the new users; those no longer allowed are closed, the
        // others get their user's new permissions. Checked here (bcrypt may be slow), applied on each event loop.
        for (final Channel ch : clients)
        {
            final ClientConnectionHandler h = ch.pipeline().get(ClientConnectionHandler.class);
            if (h != null)
            {
                h.reauthorize(auth);
            }
        }
    }

    public ServerOptions options()
    {
        return options;
    }

    public int port()
    {
        return boundPort;
    }

    public String serverId()
    {
        return serverId;
    }

    public Transport transport()
    {
        return transport;
    }

    public ServerStats stats()
    {
        return stats;
    }

    public PipelineLatency latency()
    {
        return latency;
    }

    /** Converts a {@link System#nanoTime()} stamp to nanoseconds since the epoch. */
    public long epochNanos(final long nanoTime)
    {
        return originEpochNanos + (nanoTime - originNanos);
    }

    /** When the server was created, in nanoseconds since the epoch. */
    public long startEpochNanos()
    {
        return originEpochNanos;
    }

    public String serverName()
    {
        return options.serverName == null || options.serverName.isEmpty() ? serverId : options.serverName;
    }

    /** The bound monitoring port, or 0 when monitoring is off. */
    public int monitoringPort()
    {
        return monitoring == null ? 0 : monitoring.port();
    }

    public boolean isShuttingDown()
    {
        return shutdown;
    }

    public Collection<MonitoredConnection> openConnections()
    {
        return Collections.unmodifiableCollection(openConnections.values());
    }

    public MonitoredConnection openConnection(final long cid)
    {
        return openConnections.get(cid);
    }

    void register(final long cid, final MonitoredConnection connection)
    {
        openConnections.put(cid, connection);
    }

    void unregister(final long cid)
    {
        openConnections.remove(cid);
    }

    public ClosedConnections closedConnections()
    {
        return closedConnections;
    }

    /** Operations published into the ingress ring and not yet consumed by the matching stage. */
    public long ringOccupancy()
    {
        return ring == null ? 0 : ring.occupancy();
    }

    public int ringSize()
    {
        return ring == null ? options.ringSize : ring.size();
    }

    public String waitStrategyName()
    {
        return ring == null ? options.waitStrategy.displayName() : ring.waitStrategy().displayName();
    }

    public int connectionCountNow()
    {
        return connectionCount.get();
    }

    IngressPublisher newPublisher()
    {
        return ring.newPublisher();
    }

    ServerInfo info()
    {
        return info;
    }

    private static ServerTls newClientTls(final ServerOptions o)
    {
        try
        {
            return o.tlsConfig == null ? null : ServerTls.forClients(o.tlsConfig);
        }
        catch (final SSLException e)
        {
            throw new IllegalStateException("TLS configuration: " + e.getMessage(), e);
        }
    }

    /** The client listener's TLS as of now; null when TLS is off. */
    ServerTls clientTls()
    {
        return clientTls;
    }

    /** Null unless {@code connection_rate_limit} is set. */
    TlsRateLimiter tlsRateLimiter()
    {
        return tlsRateLimiter;
    }

    void countTlsHandshakeFailure()
    {
        tlsHandshakeFailures.incrementAndGet();
    }

    /** TLS handshakes that failed (timeouts, plain text on the TLS port, refused certificates). */
    public long tlsHandshakeFailures()
    {
        return tlsHandshakeFailures.get();
    }

    public Account globalAccount()
    {
        return accounts.global();
    }

    public Accounts accounts()
    {
        return accounts;
    }

    /** A CONNECT was accepted into {@code account}: the system account's advisory, if anyone listens. */
    void clientConnected(final Account account, final java.util.function.Supplier<ConnInfo> info)
    {
        final SystemAccount s = system;
        if (s != null)
        {
            s.clientConnected(account, info);
        }
    }

    /** A CONNECT failed authentication: the system account's AUTH.ERR advisory, if anyone listens. */
    void clientAuthFailed(final java.util.function.Supplier<ConnInfo> info,
        final io.torus.core.protocol.ConnectOptions connect, final long rttNanos)
    {
        final SystemAccount s = system;
        if (s != null)
        {
            s.clientAuthFailed(info, connect, rttNanos);
        }
    }

    /** A counted client closed: the system account's advisory, if anyone listens. */
    void clientDisconnected(final ConnInfo closed)
    {
        final SystemAccount s = system;
        if (s != null)
        {
            s.clientDisconnected(closed);
        }
    }

    /** Subscriptions in every account (read racily by monitoring). */
    public long totalSubscriptions()
    {
        long n = 0;
        for (final Account a : accounts.all())
        {
            n += a.subscriptions().count();
        }
        return n;
    }

    public Authenticator authenticator()
    {
        return authenticator;
    }

    java.util.concurrent.Executor authExecutor()
    {
        return authExecutor;
    }

    long nextClientId()
    {
        return clientIds.incrementAndGet();
    }

    AtomicInteger connectionCount()
    {
        return connectionCount;
    }

    ChannelGroup clients()
    {
        return clients;
    }
}
