package io.torus.core.server;

import io.torus.core.auth.AccountEntry;
import io.torus.core.auth.ResponseType;
import io.torus.core.subject.MatchResult;
import io.torus.core.subject.SubjectTrie;
import io.torus.core.subject.Subscription;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An isolated subject space. Every connection belongs to one: the global account {@code $G} unless its user is
 * configured in another. The trie, the cross-account routes and the response routes are owned by the matching
 * thread; the limits are fixed at startup; the connection count is shared by the I/O threads.
 */
public final class Account
{
    public static final String GLOBAL = "$G";
    /** Prefix of the reply subjects generated for requests crossing a service import, as Go's. */
    public static final String REPLY_PREFIX = "_R_.";
    private static final int RESPONSE_PRUNE_SIZE = 4096;
    private static final byte[] NO_SID = new byte[0];

    private final String name;
    private final int maxConnections;
    private final int maxSubscriptions;
    private final int maxPayload;
    private final AtomicInteger connections = new AtomicInteger();
    private final SubjectTrie<ClientConnection> subscriptions = new SubjectTrie<>();
    /**
     * Subscriptions in the account, published by the matching thread after every change. I/O threads read it to
     * drop a message at the edge when nobody at all could receive it: the count rises before the matching thread
     * answers anything that follows the SUB (its +OK or PONG), so a publisher told of a subscription sees it.
     */
    private volatile int interest;

    // Matching thread only (routes are added at startup, before the pipeline runs).
    private final SubjectTrie<CrossAccountRoute> routes = new SubjectTrie<>();
    private final Map<String, ResponseRoute> responses = new HashMap<>();
    private final SplittableRandom random = new SplittableRandom();
    private long replySequence;

    public Account(final String name)
    {
        this(name, AccountEntry.NO_LIMIT, AccountEntry.NO_LIMIT, AccountEntry.NO_LIMIT);
    }

    public Account(final String name, final int maxConnections, final int maxSubscriptions, final int maxPayload)
    {
        this.name = name;
        this.maxConnections = maxConnections;
        this.maxSubscriptions = maxSubscriptions;
        this.maxPayload = maxPayload;
    }

    public String name()
    {
        return name;
    }

    /** -1: no limit. */
    public int maxSubscriptions()
    {
        return maxSubscriptions;
    }

    /** -1: no limit. */
    public int maxPayload()
    {
        return maxPayload;
    }

    /** Counts a new connection; false (and not counted) when the account's max_connections is reached. */
    public boolean tryAddConnection()
    {
        if (maxConnections < 0)
        {
            connections.incrementAndGet();
            return true;
        }
        while (true)
        {
            final int n = connections.get();
            if (n >= maxConnections)
            {
                return false;
            }
            if (connections.compareAndSet(n, n + 1))
            {
                return true;
            }
        }
    }

    public void removeConnection()
    {
        connections.decrementAndGet();
    }

    public int connectionCount()
    {
        return connections.get();
    }

    /** Matching thread only. */
    public SubjectTrie<ClientConnection> subscriptions()
    {
        return subscriptions;
    }

    /** Adds a subscription to the trie; false for an invalid subject. Matching thread only. */
    public boolean subscribe(final Subscription<ClientConnection> sub)
    {
        final boolean inserted = subscriptions.insert(sub);
        updateInterest();
        return inserted;
    }

    /** Removes a subscription from the trie. Matching thread only. */
    public boolean unsubscribe(final Subscription<ClientConnection> sub)
    {
        final boolean removed = subscriptions.remove(sub);
        updateInterest();
        return removed;
    }

    /**
     * Whether a message published here could reach anyone: a subscription, an import route, or a pending response
     * route. Any thread.
     */
    public boolean hasInterest()
    {
        return interest > 0;
    }

    // ----- cross-account routes -----

    /** Startup only, before the pipeline runs. */
    public void addRoute(final String subject, final CrossAccountRoute route)
    {
        routes.insert(new Subscription<>(route, subject.getBytes(StandardCharsets.UTF_8), null, NO_SID));
        updateInterest();
    }

    public boolean hasRoutes()
    {
        return routes.count() > 0;
    }

    /** The import routes a subject published here takes. Matching thread only. */
    public MatchResult<CrossAccountRoute> routes(final DirectBuffer buf, final int off, final int len)
    {
        return routes.match(buf, off, len);
    }

    public boolean hasResponseRoutes()
    {
        return !responses.isEmpty();
    }

    /**
     * Registers the way back for a request crossing into this account from {@code requester} and returns the reply
     * subject the responders here will see. Matching thread only.
     */
    public String addResponseRoute(final Account requester, final byte[] reply, final ResponseType type,
        final long thresholdNanos, final long nowNanos)
    {
        if (responses.size() >= RESPONSE_PRUNE_SIZE)
        {
            pruneResponses(nowNanos);
        }
        final String subject = REPLY_PREFIX + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "." +
            Long.toString(++replySequence, 36);
        responses.put(subject, new ResponseRoute(requester, reply, type, nowNanos + thresholdNanos));
        updateInterest();
        return subject;
    }

    /**
     * The way back for a publish to a generated reply subject, or null; a singleton route is used up. Matching
     * thread only.
     */
    public ResponseRoute takeResponseRoute(final String subject, final long nowNanos)
    {
        final ResponseRoute r = responses.get(subject);
        if (r == null)
        {
            return null;
        }
        if (r.singleton() || r.expired(nowNanos))
        {
            responses.remove(subject);
            updateInterest();
        }
        return r.expired(nowNanos) ? null : r;
    }

    private void updateInterest()
    {
        interest = subscriptions.count() + routes.count() + responses.size();
    }

    private void pruneResponses(final long nowNanos)
    {
        for (final Iterator<ResponseRoute> it = responses.values().iterator(); it.hasNext(); )
        {
            if (it.next().expired(nowNanos))
            {
                it.remove();
            }
        }
        updateInterest();
    }

    @Override
    public String toString()
    {
        return name;
    }
}
