package io.torus.io.sys;

import io.torus.core.pipeline.IngressPublisher;
import io.torus.core.protocol.ConnectOptions;
import io.torus.core.server.Account;
import io.torus.io.TorusServer;
import io.torus.io.monitor.ConnInfo;
import io.torus.io.monitor.MonitoringServer;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The system account's services, as the Go server runs them when it has a system account: an internal client that
 * answers {@code $SYS.REQ.SERVER...} requests and publishes the {@code $SYS.ACCOUNT.<account>.CONNECT} and
 * {@code .DISCONNECT} advisories, and {@code $SYS.SERVER.<id>.CLIENT.AUTH.ERR} for a failed authentication.
 * Everything goes through the system account, so only its clients see it.
 * <p>
 * Threading: {@link #clientConnected}, {@link #clientDisconnected} and {@link #clientAuthFailed} are called by the
 * I/O threads; when nobody but the internal client subscribes in the system account they return after one volatile
 * read, else they queue the advisory for the internal client's thread, which renders and publishes it.
 */
public final class SystemAccount implements AutoCloseable
{
    private static final long SHUTDOWN_WAIT_NANOS = 1_000_000_000L;

    private final SystemClient client;
    private final ClientAdvisories advisories;
    private final Account global;
    private final String authErrorSubject;
    private final String shutdownSubject;
    private final ServerInfoWriter serverInfo;
    /** The internal client's subscriptions: interest in the account beyond them is a listener's. */
    private final int ownSubscriptions;

    private SystemAccount(final TorusServer server, final Account account, final IngressPublisher publisher,
        final MonitoringServer monitoring)
    {
        this.client = new SystemClient(account, publisher);
        this.serverInfo = new ServerInfoWriter(server);
        this.advisories = new ClientAdvisories(serverInfo);
        this.global = server.accounts().global();
        this.authErrorSubject = "$SYS.SERVER." + server.serverId() + ".CLIENT.AUTH.ERR";
        this.shutdownSubject = "$SYS.SERVER." + server.serverId() + ".SHUTDOWN";
        final ServerRequests requests = new ServerRequests(server, client, serverInfo, monitoring);
        requests.subscribe();
        this.ownSubscriptions = client.subscriptionCount();
        requests.startHeartbeat(this::someoneListens);
    }

    /**
     * Starts the internal client in {@code account}, subscribing through {@code publisher} (which becomes the
     * client's own: one producer per publisher).
     *
     * @param monitoring the HTTP monitor if it runs (VARZ reports its port and request counts), else null
     */
    public static SystemAccount start(final TorusServer server, final Account account,
        final IngressPublisher publisher, final MonitoringServer monitoring)
    {
        final SystemAccount s = new SystemAccount(server, account, publisher, monitoring);
        s.client.start();
        return s;
    }

    public Account account()
    {
        return client.account();
    }

    /**
     * A client's CONNECT was accepted into {@code account}: the CONNECT advisory, as Go sends it for every account
     * but the global one. {@code info} is called only when someone may listen. Its I/O thread.
     */
    public void clientConnected(final Account account, final Supplier<ConnInfo> info)
    {
        if (account != global && someoneListens())
        {
            final ConnInfo c = info.get();
            client.execute(() -> client.publish(ClientAdvisories.connectSubject(c.account()), null,
                advisories.connect(c)));
        }
    }

    /** A client accepted into an account closed ({@code closed} has its stop time and reason). Its I/O thread. */
    public void clientDisconnected(final ConnInfo closed)
    {
        if (!Account.GLOBAL.equals(closed.account()) && someoneListens())
        {
            client.execute(() -> client.publish(ClientAdvisories.disconnectSubject(closed.account()), null,
                advisories.disconnect(closed)));
        }
    }

    /**
     * A CONNECT failed authentication: Go's {@code $SYS.SERVER.<id>.CLIENT.AUTH.ERR} advisory, a disconnect event
     * whose client is described by what it declared. Its I/O thread.
     *
     * @param info     the connection, closed for the violation (its CONNECT not applied yet)
     * @param rttNanos from accept to CONNECT, Go's first estimate
     */
    public void clientAuthFailed(final Supplier<ConnInfo> info, final ConnectOptions connect, final long rttNanos)
    {
        if (someoneListens())
        {
            final ConnInfo c = ClientAdvisories.declared(info.get(), connect, rttNanos);
            client.execute(() -> client.publish(authErrorSubject, null, advisories.disconnect(c)));
        }
    }

    /**
     * Go's {@code $SYS.SERVER.<id>.SHUTDOWN} (its body the server's ServerInfo), sent before the clients are closed
     * and waited for (up to a second) until it has reached its subscribers' connections. Returns at once when nobody
     * listens. The thread shutting the server down.
     */
    public void announceShutdown()
    {
        if (someoneListens())
        {
            client.publishAndConfirm(() -> client.publish(shutdownSubject, null,
                serverInfo.standalone().getBytes(StandardCharsets.UTF_8)), SHUTDOWN_WAIT_NANOS);
        }
    }

    /** Interest in the system account beyond the internal client's own subscriptions. */
    private boolean someoneListens()
    {
        return client.account().interest() > ownSubscriptions;
    }

    /** Stops the internal client (before the ring stops: it may be publishing). */
    @Override
    public void close()
    {
        client.close();
    }
}
