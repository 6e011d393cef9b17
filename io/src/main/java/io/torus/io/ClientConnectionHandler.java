package io.torus.io;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.torus.core.auth.AuthResult;
import io.torus.core.auth.Authenticator;
import io.torus.core.auth.ClientPermissions;
import io.torus.core.auth.nkey.NonceChallenge;
import io.torus.core.options.ServerOptions;
import io.torus.core.pipeline.ConnectCommand;
import io.torus.core.pipeline.IngressPublisher;
import io.torus.core.protocol.ClientOpHandler;
import io.torus.core.protocol.ConnectOptions;
import io.torus.core.protocol.ProtocolErrors;
import io.torus.core.protocol.ProtocolParser;
import io.torus.core.server.Account;
import io.torus.core.server.ClientConnection;
import io.torus.core.server.ClosedReason;
import io.torus.core.server.ProtocolTrace;
import io.torus.core.subject.Subjects;
import io.torus.core.subject.Subscription;
import io.torus.io.monitor.ConnInfo;
import io.torus.io.monitor.MonitoredConnection;
import io.torus.io.monitor.SubDetail;
import io.torus.io.monitor.TlsConnInfo;
import io.torus.io.tls.ServerTls;
import io.torus.io.tls.TlsErrorText;
import io.torus.io.tls.TlsGate;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.torus.core.tls.CertificateIdentity;
import io.torus.core.tls.GoTlsNames;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One client connection on its event loop: parses what arrives and publishes the operations into the ingress ring,
 * and owns what is per-connection and timed: the TLS handshake (INFO first, or TLS first; a {@link TlsGate} then an
 * {@code SslHandler} ahead of this handler), authentication of CONNECT, the auth timeout, server PINGs and stale
 * detection, the write deadline, and back-pressure when the ring is nearly full.
 * <p>
 * Single-threaded: every method runs on the connection's event loop, except {@link #snapshot}, which monitoring
 * calls on its own thread: it reads fields fixed before the connection was registered, the volatile CONNECT
 * options, and plain counters racily (64-bit fields: stale at worst, never torn).
 */
final class ClientConnectionHandler extends ChannelInboundHandlerAdapter implements ClientOpHandler,
    MonitoredConnection, TlsGate.Listener
{
    private static final Logger LOG = LoggerFactory.getLogger("io.torus.client");
    private static final ByteBuf PING = Unpooled.unreleasableBuffer(
        Unpooled.directBuffer(6).writeBytes("PING\r\n".getBytes(StandardCharsets.US_ASCII))).asReadOnly();
    private static final long FIRST_PING_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Go's text for a TLS connection over {@code connection_rate_limit}. */
    private static final String TLS_THROTTLED = "Connection throttling is active. Please try again later.";
    /** Reading pauses while less than this fraction of the ring is free, and resumes above twice that. */
    private static final double RING_LOW_WATER = 0.25;

    private final TorusServer server;
    private final ServerOptions options;
    private final IngressPublisher publisher;
    /** The listener's TLS when this connection began (null: plain listener); a reload does not change it. */
    private final ServerTls tls;
    private boolean infoSent;
    /** TLS handshake done (or plain text chosen where allowed): timers run and data flows from here on. */
    private boolean sessionStarted;
    private ScheduledFuture<?> tlsTimer;
    private ScheduledFuture<?> fallbackTimer;
    /** Set once by the event loop at handshake completion; read by monitoring and authentication. */
    private volatile TlsConnInfo tlsInfo;
    private volatile X509Certificate peerCertificate;
    private final UnsafeBuffer readView = new UnsafeBuffer(0, 0);
    /** Taken at accept: a reload replaces the server's, a connection keeps the one it was greeted with. */
    private final Authenticator authenticator;
    /** The nonce sent in INFO for nkey users to sign, or null. */
    private String nonce;
    /** Its user's publish and subscribe permissions, or null when unrestricted. Event loop only. */
    private ClientPermissions permissions;
    /** Counted in its account's connections (decremented when closed). */
    private boolean inAccount;
    /** A CONNECT is being authenticated off the event loop; input waits in {@link #pendingInput}. */
    private boolean authPending;
    private ByteBuf pendingInput;
    /** Messages and bytes parsed in the current read, added to the server totals when it ends. */
    private long readMsgs;
    private long readBytes;
    private ProtocolParser parser;
    private ChannelHandlerContext ctx;
    private ClientConnection connection;
    /** Go's log prefix for this client: {@code ip:port - cid:N}, then with what CONNECT declared. */
    private String label;
    private boolean trace;
    private boolean counted;
    private boolean closing;
    private boolean connectReceived;
    /** From CONNECT: a verbose client expects +OK for every PUB, so its messages always cross the ring. */
    private boolean verbose;
    /** Set once this client sends SUB: its own subscription may still be in the ring when it publishes. */
    private boolean subscribed;
    private int pingsOut;
    private long lastInNanos;
    // Fixed in channelActive, before the connection is registered for monitoring.
    private long cid;
    private String ip;
    private int remotePort;
    private long startNanos;
    private long startEpochNanos;
    /** What CONNECT declared (name, lang, version, user), for monitoring. */
    private volatile ConnectOptions connectOptions;
    /** The configured user (name or nkey) this connection authenticated as, or null. */
    private volatile String authUser;
    private long pingSentNanos;
    private long rttNanos;
    private ClosedReason closeReason;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> authTimer;
    private ScheduledFuture<?> writeDeadlineTimer;
    private ScheduledFuture<?> resumeTimer;
    /** Closes a JWT user when its JWT expires or its connect window ends ("User Authentication Expired"). */
    private ScheduledFuture<?> authExpiryTimer;
    /** The user's own limits from its JWT (-1: none), applied with the account's and the server's. */
    private int userMaxSubscriptions = -1;
    private int userMaxPayload = -1;

    ClientConnectionHandler(final TorusServer server)
    {
        this.server = server;
        this.options = server.options();
        this.publisher = server.newPublisher();
        this.authenticator = server.authenticator();
        this.tls = server.clientTls();
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx)
    {
        this.ctx = ctx;
        cid = server.nextClientId();
        final InetSocketAddress remote = (InetSocketAddress)ctx.channel().remoteAddress();
        ip = remote == null ? null : remote.getAddress().getHostAddress();
        remotePort = remote == null ? 0 : remote.getPort();
        startNanos = System.nanoTime();
        startEpochNanos = server.epochNanos(startNanos);
        label = (remote == null ? "?" : ip + ":" + remote.getPort()) + " - cid:" + cid;
        connection = new ClientConnection(cid, new NettyClientChannel(ctx.channel(), this), server.globalAccount());
        connection.logLabel(label);
        parser = new ProtocolParser(this, options.maxControlLine, options.maxPayload);
        trace(options.trace);
        lastInNanos = System.nanoTime();
        server.clients().add(ctx.channel());
        nonce = authenticator.usesNonce() ? NonceChallenge.newNonce() : null;
        final boolean handshakeFirst = tls != null && tls.options().handshakeFirst;
        if (!handshakeFirst)
        {
            // Go sends INFO in plain text first, TLS or not: it says tls_required, and the client then upgrades.
            sendInfo();
        }
        if (server.connectionCount().incrementAndGet() > options.maxConnections)
        {
            server.connectionCount().decrementAndGet();
            LOG.error("{} - {}", label, ProtocolErrors.MAX_CONNECTIONS_EXCEEDED);
            sendErrorAndClose(ProtocolErrors.MAX_CONNECTIONS_EXCEEDED, ClosedReason.MAX_CONNECTIONS_EXCEEDED);
            return;
        }
        counted = true;
        server.stats().totalConnections.incrementAndGet();
        server.register(cid, this);
        LOG.debug("{} - Client connection created", label);
        if (tls == null)
        {
            startSession();
        }
        else
        {
            final io.torus.io.tls.TlsRateLimiter limiter = server.tlsRateLimiter();
            if (limiter != null && !limiter.allow())
            {
                // As Go: refused before the handshake, in plain text.
                sendErrorAndClose(TLS_THROTTLED, ClosedReason.MAX_CONNECTIONS_EXCEEDED);
                ctx.fireChannelActive();
                return;
            }
            LOG.debug("{} - Starting TLS client connection handshake", label);
            ctx.pipeline().addFirst("tls-gate", new TlsGate(tls, options.allowNonTls, this));
            // One timer bounds the wait for the client's first bytes and the handshake, as Go's read deadline does.
            tlsTimer = ctx.executor().schedule(this::tlsTimeout, tls.options().timeoutNanos(), TimeUnit.NANOSECONDS);
            if (handshakeFirst && tls.options().handshakeFirstFallbackNanos > 0)
            {
                fallbackTimer = ctx.executor().schedule(this::handshakeFirstFallback,
                    tls.options().handshakeFirstFallbackNanos, TimeUnit.NANOSECONDS);
            }
        }
        ctx.fireChannelActive();
    }

    private void sendInfo()
    {
        infoSent = true;
        ctx.writeAndFlush(Unpooled.wrappedBuffer(server.info().forClient(cid, ip, nonce)));
    }

    /** After TLS (if any): as Go, the auth and ping timers start once the handshake is done. */
    private void startSession()
    {
        sessionStarted = true;
        if (authenticator.required())
        {
            parser.awaitingAuth(true);
            authTimer = ctx.executor().schedule(this::authTimeout, options.effectiveAuthTimeoutNanos(),
                TimeUnit.NANOSECONDS);
        }
        scheduleFirstPing();
    }

    // ----- TLS -----

    @Override
    public void onFirstBytes()
    {
        cancel(fallbackTimer);
        fallbackTimer = null;
    }

    @Override
    public void onPlainText()
    {
        cancel(tlsTimer);
        if (!infoSent)
        {
            sendInfo();
        }
        startSession();
    }

    @Override
    public void onNotTls(final String goError)
    {
        tlsFailed(goError);
    }

    /** handshake_first with a fallback delay: a client that waits for INFO gets it, in plain text, as without it. */
    private void handshakeFirstFallback()
    {
        fallbackTimer = null;
        if (!closing && !infoSent)
        {
            LOG.debug("{} - No TLS handshake from the client, sending INFO first", label);
            sendInfo();
        }
    }

    private void tlsTimeout()
    {
        if (!closing && !sessionStarted && options.allowNonTls && ctx.pipeline().get(TlsGate.class) != null)
        {
            // As Go with allow_non_tls: a client silent for the whole timeout is taken as a plain-text one.
            ctx.pipeline().remove(TlsGate.class);
            onPlainText();
            return;
        }
        if (!closing && !sessionStarted)
        {
            final InetSocketAddress local = (InetSocketAddress)ctx.channel().localAddress();
            tlsFailed("read tcp " + hostPort(local) + "->" + hostPort((InetSocketAddress)ctx.channel().remoteAddress())
                + ": i/o timeout");
        }
    }

    private static String hostPort(final InetSocketAddress a)
    {
        if (a == null)
        {
            return "?";
        }
        final String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt)
    {
        if (evt instanceof SslHandshakeCompletionEvent)
        {
            final SslHandshakeCompletionEvent e = (SslHandshakeCompletionEvent)evt;
            if (e.isSuccess())
            {
                tlsHandshakeDone();
            }
            else
            {
                tlsFailed(TlsErrorText.of(e.cause()));
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void tlsHandshakeDone()
    {
        if (closing)
        {
            return;
        }
        cancel(tlsTimer);
        final SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        final SSLSession session = ssl.engine().getSession();
        final java.util.List<TlsConnInfo.PeerCert> peers = new ArrayList<>();
        X509Certificate peer = null;
        try
        {
            for (final Certificate c : session.getPeerCertificates())
            {
                if (c instanceof X509Certificate)
                {
                    final CertificateIdentity id = CertificateIdentity.of((X509Certificate)c);
                    peers.add(new TlsConnInfo.PeerCert(id.subjectString(), id.spkiSha256(), id.certSha256()));
                    if (peer == null)
                    {
                        peer = (X509Certificate)c;
                    }
                }
            }
        }
        catch (final SSLPeerUnverifiedException noClientCertificate)
        {
            // the client sent none and none was required
        }
        final java.util.Set<String> pins = tls.options().pinnedCerts;
        if (pins != null)
        {
            if (peer == null)
            {
                LOG.debug("{} - Failed pinned cert test as client did not provide a certificate", label);
                tlsFailed("certificate not pinned");
                return;
            }
            final String keyId = CertificateIdentity.of(peer).spkiSha256();
            if (!pins.contains(keyId))
            {
                LOG.debug("{} - Failed pinned cert test for key id: {}", label, keyId);
                tlsFailed("certificate not pinned");
                return;
            }
        }
        peerCertificate = peer;
        tlsInfo = new TlsConnInfo(GoTlsNames.goVersion(session.getProtocol()),
            GoTlsNames.goCipher(session.getCipherSuite()), peers);
        LOG.debug("{} - TLS handshake complete", label);
        LOG.debug("{} - TLS version {}, cipher suite {}", label, tlsInfo.version(), tlsInfo.cipherSuite());
        if (!infoSent)
        {
            sendInfo();
        }
        startSession();
    }

    private void tlsFailed(final String goError)
    {
        if (closing)
        {
            return;
        }
        cancel(tlsTimer);
        cancel(fallbackTimer);
        LOG.error("{} - TLS handshake error: {}", label, goError);
        server.countTlsHandshakeFailure();
        close(ClosedReason.TLS_HANDSHAKE_ERROR);
    }

    /**
     * The client's certificate, verified against {@code ca_file} when {@code verify} is on; null for a plain-text
     * connection or a client that sent none. Set before the client's CONNECT can arrive (the handshake completes
     * first), so authentication of CONNECT may read it. For {@code verify_and_map}, give it to
     * {@link CertificateIdentity#of} and call {@code findUser}.
     */
    X509Certificate peerCertificate()
    {
        return peerCertificate;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        final ByteBuf buf = (ByteBuf)msg;
        try
        {
            if (closing)
            {
                return;
            }
            if (authPending)
            {
                // Reading was turned off, but a read already under way still arrives: it waits with the rest.
                keepPending(buf, buf.readerIndex(), buf.readableBytes());
                return;
            }
            lastInNanos = System.nanoTime();
            process(buf);
        }
        finally
        {
            buf.release();
        }
        if (!closing && !authPending && publisher.freeRatio() < RING_LOW_WATER)
        {
            pauseReading();
        }
    }

    /** Parses what was read and publishes it into the ring. */
    private void process(final ByteBuf buf)
    {
        final int len = buf.readableBytes();
        if (buf.hasMemoryAddress())
        {
            readView.wrap(buf.memoryAddress() + buf.readerIndex(), len);
        }
        else if (buf.hasArray())
        {
            readView.wrap(buf.array(), buf.arrayOffset() + buf.readerIndex(), len);
        }
        else
        {
            final byte[] copy = new byte[len];
            buf.getBytes(buf.readerIndex(), copy);
            readView.wrap(copy);
        }
        publisher.beginRead(len);
        try
        {
            parser.parse(readView, 0, len);
        }
        finally
        {
            // Always: slots claimed for this read must be published, or the stage would wait for them forever.
            publisher.endRead();
            if (readMsgs > 0)
            {
                server.stats().inMsgs.add(readMsgs);
                server.stats().inBytes.add(readBytes);
                readMsgs = 0;
                readBytes = 0;
            }
        }
        if (authPending && !closing)
        {
            // The parser stopped at a CONNECT whose check runs elsewhere: keep what followed it for later.
            final int from = parser.resumeOffset();
            keepPending(buf, buf.readerIndex() + from, len - from);
        }
    }

    private void keepPending(final ByteBuf buf, final int index, final int length)
    {
        if (length <= 0)
        {
            return;
        }
        if (pendingInput == null)
        {
            pendingInput = ctx.alloc().buffer(length);
        }
        pendingInput.writeBytes(buf, index, length);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        closing = true;
        cancel(pingTimer);
        cancel(authTimer);
        cancel(writeDeadlineTimer);
        cancel(resumeTimer);
        cancel(authExpiryTimer);
        if (pendingInput != null)
        {
            pendingInput.release();
            pendingInput = null;
        }
        if (inAccount)
        {
            connection.account().removeConnection();
            inAccount = false;
        }
        cancel(tlsTimer);
        cancel(fallbackTimer);
        if (counted)
        {
            server.connectionCount().decrementAndGet();
            server.unregister(cid);
            if (closeReason == null)
            {
                closeReason = server.isShuttingDown() ? ClosedReason.SERVER_SHUTDOWN : ClosedReason.CLIENT_CLOSED;
            }
            // Before CLOSED goes into the ring: the matching thread still holds the subscriptions to list.
            final ConnInfo closed = info(true, closeReason, System.nanoTime());
            server.closedConnections().add(closed);
            server.clientDisconnected(closed);
            publisher.publishClosed(connection);
            LOG.debug("{} - Client connection closed: {}", label, closeReason.text());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (closing)
        {
            return; // e.g. the SslHandler's exception after a handshake failure already handled
        }
        LOG.debug("{} - Client connection error: {}", label, cause.toString());
        close(ClosedReason.READ_ERROR);
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx)
    {
        if (!ctx.channel().isWritable())
        {
            if (writeDeadlineTimer == null && options.writeDeadlineNanos > 0)
            {
                writeDeadlineTimer = ctx.executor().schedule(this::writeDeadlineExpired,
                    options.writeDeadlineNanos, TimeUnit.NANOSECONDS);
            }
        }
        else
        {
            cancel(writeDeadlineTimer);
            writeDeadlineTimer = null;
        }
        ctx.fireChannelWritabilityChanged();
    }

    // ----- operations from the parser -----

    @Override
    public boolean onConnect(final DirectBuffer buf, final int off, final int len)
    {
        final byte[] json = new byte[len];
        buf.getBytes(off, json);
        final ConnectOptions o;
        try
        {
            o = ConnectOptions.parse(json, 0, len);
        }
        catch (final IllegalArgumentException e)
        {
            // As the Go server: a CONNECT that is not JSON closes the connection without an -ERR.
            onProtocolViolation(null, e.getMessage());
            return false;
        }
        labelFromConnect(o);
        if (authenticator.required() && authenticator.isSlow(o))
        {
            // bcrypt takes tens of milliseconds: check it off the event loop, which keeps serving other clients.
            // This connection reads nothing more until the answer is in.
            authPending = true;
            ctx.channel().config().setAutoRead(false);
            final Authenticator auth = authenticator;
            final String n = nonce;
            final String host = ip;
            final X509Certificate peer = peerCertificate;
            server.authExecutor().execute(() ->
            {
                AuthResult r;
                try
                {
                    r = auth.authenticate(o, n, host, peer);
                }
                catch (final RuntimeException e)
                {
                    r = AuthResult.denied("authentication error (" + e.getMessage() + ")");
                }
                final AuthResult result = r;
                ctx.executor().execute(() -> finishPendingConnect(o, result));
            });
            return false;
        }
        return completeConnect(o, authenticator.authenticate(o, nonce, ip, peerCertificate));
    }

    private void finishPendingConnect(final ConnectOptions o, final AuthResult result)
    {
        authPending = false;
        final ByteBuf pending = pendingInput;
        pendingInput = null;
        try
        {
            if (closing || !completeConnect(o, result))
            {
                return;
            }
            if (pending != null)
            {
                lastInNanos = System.nanoTime();
                process(pending);
            }
        }
        finally
        {
            if (pending != null)
            {
                pending.release();
            }
        }
        if (!closing && !authPending)
        {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** The rest of CONNECT once authentication has decided. False when the connection is being closed. */
    private boolean completeConnect(final ConnectOptions o, final AuthResult auth)
    {
        cancel(authTimer);
        authTimer = null;
        if (!auth.ok())
        {
            server.stats().authFailures.incrementAndGet();
            server.clientAuthFailed(() -> info(false, ClosedReason.AUTHENTICATION_VIOLATION, System.nanoTime()), o,
                lastInNanos - startNanos);
            onProtocolViolation(ProtocolErrors.AUTHORIZATION_VIOLATION, auth.failure());
            return false;
        }
        if (o.account != null || o.newAccount)
        {
            onProtocolViolation(ProtocolErrors.AUTHORIZATION_VIOLATION, "account designation in CONNECT");
            return false;
        }
        if (o.protocol < 0 || o.protocol > 1)
        {
            violation(ProtocolErrors.BAD_CLIENT_PROTOCOL, ClosedReason.BAD_CLIENT_PROTOCOL_VERSION);
            return false;
        }
        final boolean headers = o.headers && !options.noHeaderSupport;
        o.headers = headers;
        if (o.noResponders && !headers)
        {
            violation(ProtocolErrors.NO_RESPONDERS_REQUIRES_HEADERS, ClosedReason.NO_RESPONDERS_REQUIRES_HEADERS);
            return false;
        }
        final Account account = auth.account();
        final boolean accepted = !inAccount;
        if (!inAccount)
        {
            if (!account.tryAddConnection())
            {
                LOG.error("{} - {}", label, ProtocolErrors.MAX_ACCOUNT_CONNECTIONS_EXCEEDED);
                violation(ProtocolErrors.MAX_ACCOUNT_CONNECTIONS_EXCEEDED,
                    ClosedReason.MAX_ACCOUNT_CONNECTIONS_EXCEEDED);
                return false;
            }
            inAccount = true;
            connection.account(account);
            authUser = auth.user() == null ? null : auth.user().key();
            permissions = ClientPermissions.of(auth.permissions());
            userMaxSubscriptions = auth.maxSubscriptions();
            userMaxPayload = auth.maxPayload();
            if (auth.expiresInNanos() > 0)
            {
                final String expired = auth.expiredError();
                authExpiryTimer = ctx.executor().schedule(() -> violation(expired,
                    ClosedReason.AUTHENTICATION_EXPIRED), auth.expiresInNanos(), TimeUnit.NANOSECONDS);
            }
        }
        connectOptions = o;
        verbose = o.verbose;
        parser.clientOptions(o.pedantic, headers);
        final Account current = connection.account();
        final int accountMaxPayload = current.maxPayload() > 0 ? Math.min(options.maxPayload, current.maxPayload()) :
            options.maxPayload;
        // A JWT user's own payload limit applies too; as in Go, 0 there is a limit of 0, not "none".
        parser.maxPayload(lowest(accountMaxPayload, userMaxPayload));
        parser.awaitingAuth(false);
        if (!connectReceived)
        {
            connectReceived = true;
            // As Go: a first RTT estimate is the time from accept to CONNECT; server PINGs refine it.
            rttNanos = Math.max(1, lastInNanos - startNanos);
            // As Go: the first-ping timer restarts once the client has introduced itself.
            cancel(pingTimer);
            scheduleFirstPing();
        }
        final ClientPermissions p = permissions;
        publisher.publishConnect(connection, new ConnectCommand(o, p == null ? null : p.deliveryDenyFilter(),
            p == null ? null : p.response(), maxSubscriptions(current)));
        if (accepted)
        {
            server.clientConnected(current, () -> info(false, null, 0));
        }
        return true;
    }

    /**
     * The lowest of the server's max_subscriptions (0: none), the account's and the JWT user's (-1: none); -1 for
     * no limit.
     */
    private int maxSubscriptions(final Account account)
    {
        final int server = options.maxSubscriptions > 0 ? options.maxSubscriptions : -1;
        final int acc = account.maxSubscriptions();
        final int both = server < 0 ? acc : acc < 0 ? server : Math.min(server, acc);
        return both < 0 ? userMaxSubscriptions : userMaxSubscriptions < 0 ? both : Math.min(both, userMaxSubscriptions);
    }

    /** The lower of a limit and another that may be unset (negative: none). */
    private static int lowest(final int limit, final int other)
    {
        return other < 0 ? limit : Math.min(limit, other);
    }

    /** Go's reserved reply prefixes: service import replies, JetStream acks, gateway replies. */
    private static final byte[][] RESERVED_REPLY_PREFIXES = {
        "_R_.".getBytes(StandardCharsets.US_ASCII), "$JS.ACK.".getBytes(StandardCharsets.US_ASCII),
        "_GR_.".getBytes(StandardCharsets.US_ASCII)};

    /** Go's isReservedReply: a reserved prefix followed by at least one more byte. */
    private static boolean isReservedReply(final DirectBuffer buf, final int off, final int len)
    {
        for (final byte[] prefix : RESERVED_REPLY_PREFIXES)
        {
            if (len > prefix.length && Subjects.hasPrefix(buf, off, len, prefix))
            {
                return true;
            }
        }
        return false;
    }

    /** Go's getAuthUser for log lines: {@code User "bob"}, {@code Nkey "U..."}. */
    private String authUserText()
    {
        final String u = authUser;
        if (u == null)
        {
            return "User \"\"";
        }
        return (u.length() == 56 && u.charAt(0) == 'U' ? "Nkey \"" : "User \"") + u + "\"";
    }

    @Override
    public boolean onPublish(
        final DirectBuffer argBuf, final int subjectOff, final int subjectLen, final int replyOff, final int replyLen,
        final DirectBuffer payloadBuf, final int payloadOff, final int headerLength, final int totalLength)
    {
        connection.countIn(totalLength, lastInNanos);
        // Server totals are added once per read (two CAS per message on shared adders cost ~10% of the I/O thread).
        readMsgs++;
        readBytes += totalLength;
        final ClientPermissions p = permissions;
        if (p != null && p.restrictsPublish() && !p.canPublish(argBuf, subjectOff, subjectLen))
        {
            if (p.response() == null)
            {
                final String subject = ProtocolParser.text(argBuf, subjectOff, subjectLen);
                LOG.error("{} - Publish Violation - {}, Subject \"{}\"", label, authUserText(), subject);
                publisher.publishError(connection, ProtocolErrors.publishViolation(subject), null);
                return true;
            }
            // It may answer a request it received: the matching stage knows those, it decides.
            publisher.publishMessage(connection, argBuf, subjectOff, subjectLen, replyOff, replyLen,
                payloadBuf, payloadOff, headerLength, totalLength, true);
            return true;
        }
        if (replyLen >= 4 && isReservedReply(argBuf, replyOff, replyLen))
        {
            final String reply = ProtocolParser.text(argBuf, replyOff, replyLen);
            LOG.error("{} - Publish Violation - {}, Reply \"{}\"", label, authUserText(), reply);
            publisher.publishError(connection, ProtocolErrors.replyViolation(reply), null);
            return true;
        }
        if (!verbose && !subscribed && !connection.account().hasInterest())
        {
            // Nobody in the account could receive it (and this client has no SUB still in the ring, and expects no
            // +OK): drop it here instead of sending it through the ring, as Go's no-interest fast path does.
            return true;
        }
        publisher.publishMessage(connection, argBuf, subjectOff, subjectLen, replyOff, replyLen,
            payloadBuf, payloadOff, headerLength, totalLength);
        return true;
    }

    @Override
    public boolean onSubscribe(
        final DirectBuffer buf, final int subjectOff, final int subjectLen, final int queueOff, final int queueLen,
        final int sidOff, final int sidLen)
    {
        final ClientPermissions p = permissions;
        if (p != null)
        {
            final byte[] subject = new byte[subjectLen];
            buf.getBytes(subjectOff, subject);
            byte[] queue = null;
            if (queueLen > 0)
            {
                queue = new byte[queueLen];
                buf.getBytes(queueOff, queue);
            }
            if (!p.canSubscribe(subject, queue))
            {
                final String s = ProtocolParser.text(buf, subjectOff, subjectLen);
                final String q = queue == null ? null : ProtocolParser.text(buf, queueOff, queueLen);
                LOG.error("{} - Subscription Violation - {}, Subject \"{}\"{}, SID {}", label, authUserText(), s,
                    q == null ? "" : ", Queue: \"" + q + "\"", ProtocolParser.text(buf, sidOff, sidLen));
                publisher.publishError(connection, ProtocolErrors.subscribeViolation(s, q), null);
                return true;
            }
        }
        subscribed = true;
        publisher.publishSubscribe(connection, buf, subjectOff, subjectLen, queueOff, queueLen, sidOff, sidLen);
        return true;
    }

    @Override
    public boolean onUnsubscribe(final DirectBuffer buf, final int sidOff, final int sidLen, final long max)
    {
        publisher.publishUnsubscribe(connection, buf, sidOff, sidLen, max);
        return true;
    }

    @Override
    public boolean onPing()
    {
        // Through the ring, so the PONG follows everything this client sent before: clients rely on it as a flush.
        publisher.publishPing(connection);
        return true;
    }

    @Override
    public boolean onPong()
    {
        pingsOut = 0;
        if (pingSentNanos != 0)
        {
            rttNanos = Math.max(1, System.nanoTime() - pingSentNanos);
            pingSentNanos = 0;
        }
        return true;
    }

    @Override
    public void onProtocolViolation(final String errText, final String logText)
    {
        final ClosedReason reason;
        if (ProtocolErrors.MAX_PAYLOAD_VIOLATION.equals(errText))
        {
            reason = ClosedReason.MAX_PAYLOAD_EXCEEDED;
        }
        else if (ProtocolErrors.MAX_CONTROL_LINE_EXCEEDED.equals(errText))
        {
            reason = ClosedReason.MAX_CONTROL_LINE_EXCEEDED;
        }
        else if (ProtocolErrors.AUTHORIZATION_VIOLATION.equals(errText))
        {
            reason = ClosedReason.AUTHENTICATION_VIOLATION;
        }
        else
        {
            // Go's read loop closes every other parse error, an unknown operation too, as a Protocol Violation.
            reason = ClosedReason.PROTOCOL_VIOLATION;
        }
        LOG.error("{} - {}", label, logText);
        violation(errText, reason);
    }

    @Override
    public boolean onProtocolWarning(final String errText)
    {
        publisher.publishError(connection, errText, null);
        return true;
    }

    /** Sends -ERR (if any) after everything already in the ring for this client, then closes. Stops reading now. */
    private void violation(final String errText, final ClosedReason reason)
    {
        closing = true;
        closeReason(reason);
        ctx.channel().config().setAutoRead(false);
        if (counted)
        {
            publisher.publishError(connection, errText, reason);
        }
        else
        {
            sendErrorAndClose(errText, reason);
        }
    }

    // ----- timers -----

    private void scheduleFirstPing()
    {
        long d = Math.min(options.pingIntervalNanos, FIRST_PING_NANOS);
        d += ThreadLocalRandom.current().nextLong(Math.max(1, d / 5));
        pingTimer = ctx.executor().schedule(() -> pingTimerFired(true), d, TimeUnit.NANOSECONDS);
    }

    private void pingTimerFired(final boolean first)
    {
        if (closing)
        {
            return;
        }
        final long now = System.nanoTime();
        if (first || now - lastInNanos >= options.pingIntervalNanos)
        {
            if (pingsOut + 1 > options.pingMax)
            {
                LOG.debug("{} - Stale Client Connection - Closing", label);
                server.stats().staleConnections.incrementAndGet();
                sendErrorAndClose(ProtocolErrors.STALE_CONNECTION, ClosedReason.STALE_CONNECTION);
                return;
            }
            pingsOut++;
            if (trace)
            {
                ProtocolTrace.out(label, "PING", null);
            }
            if (pingSentNanos == 0)
            {
                pingSentNanos = now;
            }
            ctx.writeAndFlush(PING.duplicate());
        }
        pingTimer = ctx.executor().schedule(() -> pingTimerFired(false), options.pingIntervalNanos,
            TimeUnit.NANOSECONDS);
    }

    private void authTimeout()
    {
        if (!closing && !connectReceived)
        {
            LOG.debug("{} - {}", label, ProtocolErrors.AUTHENTICATION_TIMEOUT);
            sendErrorAndClose(ProtocolErrors.AUTHENTICATION_TIMEOUT, ClosedReason.AUTHENTICATION_TIMEOUT);
        }
    }

    private void writeDeadlineExpired()
    {
        writeDeadlineTimer = null;
        if (!closing && !ctx.channel().isWritable())
        {
            server.stats().slowConsumers.incrementAndGet();
            LOG.info("{} - Slow Consumer Detected: WriteDeadline of {}ms exceeded with {} pending bytes", label,
                TimeUnit.NANOSECONDS.toMillis(options.writeDeadlineNanos), connection.channel().pendingBytes());
            close(ClosedReason.SLOW_CONSUMER_WRITE_DEADLINE);
        }
    }

    private void pauseReading()
    {
        ctx.channel().config().setAutoRead(false);
        resumeTimer = ctx.executor().schedule(this::resumeWhenRingDrains, 1, TimeUnit.MILLISECONDS);
    }

    private void resumeWhenRingDrains()
    {
        if (closing)
        {
            return;
        }
        if (publisher.freeRatio() >= RING_LOW_WATER * 2)
        {
            ctx.channel().config().setAutoRead(true);
        }
        else
        {
            resumeTimer = ctx.executor().schedule(this::resumeWhenRingDrains, 1, TimeUnit.MILLISECONDS);
        }
    }

    // ----- closing -----

    private void sendErrorAndClose(final String errText, final ClosedReason reason)
    {
        closing = true;
        closeReason(reason);
        if (errText == null)
        {
            close(reason);
            return;
        }
        if (trace)
        {
            ProtocolTrace.out(label, "-ERR", errText);
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(("-ERR '" + errText + "'\r\n").getBytes(StandardCharsets.UTF_8)))
            .addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * After a config reload: checks this client's CONNECT against the new users on the caller's thread, then, on the
     * event loop, closes it if it is no longer allowed (or now belongs to another account) or applies its user's
     * new publish and subscribe permissions. Deliveries keep the deny filter and response permissions they had.
     */
    void reauthorize(final Authenticator auth)
    {
        final ConnectOptions o = connectOptions;
        if (o == null || !inAccount)
        {
            return;
        }
        final AuthResult r = auth.required() ? auth.authenticate(o, nonce, ip, peerCertificate) :
            AuthResult.allowed(server.globalAccount(), null);
        ctx.executor().execute(() ->
        {
            if (closing)
            {
                return;
            }
            if (!r.ok() || r.account() != connection.account())
            {
                LOG.error("{} - {}", label, r.ok() ? "account changed by reload" : r.failure());
                server.stats().authFailures.incrementAndGet();
                sendErrorAndClose(ProtocolErrors.AUTHORIZATION_VIOLATION, ClosedReason.AUTHENTICATION_VIOLATION);
                return;
            }
            permissions = ClientPermissions.of(r.permissions());
        });
    }

    /** Lame duck mode: tell the client (async INFO with ldm) so it can reconnect elsewhere. Event loop only. */
    void sendLameDuckInfo(final byte[] info)
    {
        if (!closing && ctx.channel().isActive())
        {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(info));
        }
    }

    /** Closes after what was already written is flushed. Event loop only; idempotent. */
    void close(final ClosedReason reason)
    {
        closing = true;
        closeReason(reason);
        if (ctx.channel().isOpen())
        {
            if (reason == ClosedReason.SLOW_CONSUMER_PENDING_BYTES || reason == ClosedReason.SLOW_CONSUMER_WRITE_DEADLINE
                || reason == ClosedReason.READ_ERROR || reason == ClosedReason.SERVER_SHUTDOWN
                || reason == ClosedReason.TLS_HANDSHAKE_ERROR)
            {
                // Nothing more would reach this client: do not wait for its socket.
                ctx.channel().close();
            }
            else
            {
                // An empty write completes after every write queued before it: close once those reached the socket.
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    /** The first reason given is the one monitoring reports. */
    private void closeReason(final ClosedReason reason)
    {
        if (closeReason == null)
        {
            closeReason = reason;
        }
    }

    // ----- monitoring -----

    @Override
    public ConnInfo snapshot(final boolean withSubs)
    {
        return info(withSubs, null, 0);
    }

    private ConnInfo info(final boolean withSubs, final ClosedReason reason, final long stopNanos)
    {
        final ConnectOptions o = connectOptions;
        final ClientConnection c = connection;
        List<SubDetail> subs = null;
        if (withSubs)
        {
            subs = new ArrayList<>();
            for (final Subscription<ClientConnection> sub : c.subscriptions().values())
            {
                subs.add(subDetail(sub, cid));
            }
        }
        final long last = c.lastActivityNanos();
        final long lastEpochNanos = last == 0 ? startEpochNanos : server.epochNanos(last);
        return new ConnInfo(cid, ip, remotePort, startEpochNanos, lastEpochNanos,
            reason == null ? 0 : server.epochNanos(stopNanos), reason == null ? null : reason.text(), rttNanos,
            reason == null ? c.channel().pendingBytes() : 0, c.inMsgs(), c.outMsgs(), c.inBytes(), c.outBytes(),
            c.subscriptions().size(), o == null ? null : o.name, o == null ? null : o.lang,
            o == null ? null : o.version, o == null ? null : rawAuthUser(o), c.account().name(), subs, tlsInfo);
    }

    /**
     * Go's {@code getRawAuthUser}: the configured user (name or nkey) it authenticated as, else the name it sent,
     * else the token (Go 2.9.10 shows it to {@code /connz?auth=1}).
     */
    private String rawAuthUser(final ConnectOptions o)
    {
        final String u = authUser;
        if (u != null)
        {
            return u;
        }
        return o.user != null && !o.user.isEmpty() ? o.user : o.authToken;
    }

    private static SubDetail subDetail(final Subscription<ClientConnection> sub, final long cid)
    {
        return new SubDetail(sub.owner().account().name(), new String(sub.subject(), StandardCharsets.UTF_8),
            sub.queue() == null ? null : new String(sub.queue(), StandardCharsets.UTF_8),
            new String(sub.sid(), StandardCharsets.UTF_8), sub.delivered(), sub.maxMsgs(), cid);
    }

    private static void cancel(final ScheduledFuture<?> timer)
    {
        if (timer != null)
        {
            timer.cancel(false);
        }
    }

    // ----- protocol trace (-V) -----

    /** Turns this client's protocol trace on or off: the parser's, and the matching thread's for what it writes. */
    void trace(final boolean on)
    {
        if (parser == null)
        {
            // Not active yet: channelActive will take the server's current setting.
            return;
        }
        trace = on;
        parser.trace(on);
        connection.trace(on);
    }

    @Override
    public void traceIn(final String op, final DirectBuffer arg, final int off, final int len)
    {
        ProtocolTrace.in(label, op, arg, off, len);
    }

    @Override
    public void tracePayload(final DirectBuffer buf, final int off, final int len)
    {
        // The server's current options: max_traced_msg_len is reloadable.
        ProtocolTrace.payload(label, buf, off, len, server.options().maxTracedMsgLen);
    }

    /** As Go, once CONNECT is read: the log prefix gains {@code - "v<version>:<lang>:<name>"} (what was given). */
    private void labelFromConnect(final ConnectOptions o)
    {
        String ncs = "";
        if (o.version != null && !o.version.isEmpty())
        {
            ncs = "v" + o.version;
        }
        if (o.lang != null && !o.lang.isEmpty())
        {
            ncs = ncs.isEmpty() ? o.lang : ncs + ":" + o.lang;
        }
        if (o.name != null && !o.name.isEmpty())
        {
            ncs = ncs.isEmpty() ? o.name : ncs + ":" + o.name;
        }
        if (!ncs.isEmpty())
        {
            final byte[] b = ncs.getBytes(StandardCharsets.UTF_8);
            label = label + " - " + ProtocolTrace.goQuote(new UnsafeBuffer(b), 0, b.length);
            connection.logLabel(label);
        }
    }
}
