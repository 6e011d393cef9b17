package io.torus.core.server;

import io.torus.core.auth.ResponsePermission;
import io.torus.core.auth.SubjectSet;
import io.torus.core.subject.Subscription;
import org.agrona.ExpandableDirectByteBuffer;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The core's side of one client connection. Everything below the constructor's fields is owned by the matching
 * thread (single writer, single reader): the subscriptions by sid, the flags CONNECT set, and the outbound staging
 * buffer that collects what a ring batch produces for this client until {@link #flush()} at the end of the batch.
 * <p>
 * Monitoring threads read the message counters racily (plain 64-bit fields: never torn, possibly stale) and iterate
 * the subscriptions map, which is a {@link ConcurrentHashMap} for that reason only: the matching thread remains its
 * single writer, and writes happen on SUB and UNSUB, not per message.
 */
public final class ClientConnection
{
    private static final int INITIAL_STAGING = 4096;
    private static final int MAX_RETAINED_STAGING = 256 * 1024;

    private final long cid;
    private final ClientChannel channel;
    private volatile Account account;
    /** The Go server's log prefix for this client; its event loop sets it, any thread logs with it. */
    private volatile String logLabel;
    /**
     * Whether -V traces this client's protocol: set before the connection is registered, and by a config reload.
     * A plain field, read by the matching thread per delivery: tracing that is off costs one boolean test there.
     */
    private boolean trace;

    // Matching thread only.
    private final Map<String, Subscription<ClientConnection>> subscriptions = new ConcurrentHashMap<>();
    private ExpandableDirectByteBuffer staging = new ExpandableDirectByteBuffer(INITIAL_STAGING);
    private int stagedLength;
    private long oldestIngressNanos;
    private boolean echo = true;
    private boolean verbose;
    private boolean headers;
    private boolean noResponders;
    private boolean closed;
    private boolean closing;
    private boolean inFlushList;
    private long inMsgs;
    private long inBytes;
    private long outMsgs;
    private long outBytes;
    /** Ingress stamp (nanoTime) of the last message, subscription change or CONNECT from or to this client. */
    private long lastActivityNanos;
    /** The user's subscribe deny list, or null; checked per delivery once {@link #deliveryDenyArmed}. */
    private SubjectSet deliveryDeny;
    /**
     * As Go: the per-delivery check starts only when a wildcard subscription could receive a denied subject (a
     * literal subscription to a denied subject is refused at SUB, so nothing else needs the check).
     */
    private boolean deliveryDenyArmed;
    /** allow_responses of the user, or null; then {@link #replies} tracks what it may answer. */
    private ResponsePermission responsePermission;
    private Map<String, long[]> replies;
    private int maxSubscriptions = -1;

    public ClientConnection(final long cid, final ClientChannel channel, final Account account)
    {
        this.cid = cid;
        this.channel = channel;
        this.account = account;
    }

    public long cid()
    {
        return cid;
    }

    public ClientChannel channel()
    {
        return channel;
    }

    public Account account()
    {
        return account;
    }

    public void account(final Account account)
    {
        this.account = account;
    }

    /** Applies what CONNECT declared. Matching thread. */
    public void connectFlags(final boolean echo, final boolean verbose, final boolean headers, final boolean noResponders)
    {
        this.echo = echo;
        this.verbose = verbose;
        this.headers = headers;
        this.noResponders = noResponders;
    }

    public boolean echo()
    {
        return echo;
    }

    public boolean verbose()
    {
        return verbose;
    }

    public boolean headers()
    {
        return headers;
    }

    public boolean noResponders()
    {
        return noResponders;
    }

    public Map<String, Subscription<ClientConnection>> subscriptions()
    {
        return subscriptions;
    }

    public boolean isClosed()
    {
        return closed;
    }

    public void markClosed()
    {
        closed = true;
        stagedLength = 0;
    }

    /** True once a close was requested (slow consumer, fatal error): nothing more is staged for it. */
    public boolean isClosing()
    {
        return closing || closed;
    }

    /** Drops what is staged without sending it. Matching thread. */
    public void discardStaged()
    {
        stagedLength = 0;
    }

    public void markClosing()
    {
        closing = true;
    }

    /** The staging buffer to encode into at {@link #stagedLength()}. */
    public ExpandableDirectByteBuffer staging()
    {
        return staging;
    }

    public int stagedLength()
    {
        return stagedLength;
    }

    /**
     * Records that {@code len} bytes were appended to the staging buffer. Returns true when the connection is not yet
     * on the batch's flush list, so the caller adds it (once per batch, however often it is flushed mid-batch).
     */
    public boolean staged(final int len, final long ingressNanos)
    {
        if (stagedLength == 0)
        {
            oldestIngressNanos = ingressNanos;
        }
        stagedLength += len;
        if (inFlushList)
        {
            return false;
        }
        inFlushList = true;
        return true;
    }

    /** At the end of a batch: the next staged byte puts the connection on the next batch's flush list. */
    public void leaveFlushList()
    {
        inFlushList = false;
    }

    /** A message published by this client. Its I/O thread (single writer), where the message arrives. */
    public void countIn(final long bytes, final long ingressNanos)
    {
        inMsgs++;
        inBytes += bytes;
        lastActivityNanos = ingressNanos;
    }

    /**
     * Marks activity as Go's {@code client.last} does: messages in or out, interest changes, CONNECT (not PINGs).
     * The stamp is the operation's ingress time, so the matching thread reads no clock for it. Matching thread.
     */
    public void active(final long ingressNanos)
    {
        lastActivityNanos = ingressNanos;
    }

    /** 0 until the first activity. */
    public long lastActivityNanos()
    {
        return lastActivityNanos;
    }

    public long inMsgs()
    {
        return inMsgs;
    }

    public long inBytes()
    {
        return inBytes;
    }

    public void countOut(final long bytes, final long ingressNanos)
    {
        outMsgs++;
        outBytes += bytes;
        lastActivityNanos = ingressNanos;
    }

    public long outMsgs()
    {
        return outMsgs;
    }

    public long outBytes()
    {
        return outBytes;
    }

    /** Hands the staged bytes to the channel now. Matching thread. */
    public void flush()
    {
        if (stagedLength > 0 && !closed)
        {
            channel.send(staging, 0, stagedLength, oldestIngressNanos);
        }
        stagedLength = 0;
        if (staging.capacity() > MAX_RETAINED_STAGING)
        {
            // A burst grew it; do not keep megabytes per idle connection.
            staging = new ExpandableDirectByteBuffer(INITIAL_STAGING);
        }
    }


    public boolean trace()
    {
        return trace;
    }

    public void trace(final boolean trace)
    {
        this.trace = trace;
    }

    /** Sets the log prefix, as Go's: {@code 127.0.0.1:54321 - cid:5}, then with {@code - "v2.16.5:java"} after CONNECT. */
    public void logLabel(final String label)
    {
        this.logLabel = label;
    }

    /** The log prefix (see {@link #logLabel(String)}), so that log lines can take the connection as an argument. */
    @Override
    public String toString()
    {
        final String label = logLabel;
        return label != null ? label : "cid:" + cid;
    }

    // ----- permissions the matching stage enforces (matching thread only) -----

    /** What authentication decided for this connection. Matching thread, at CONNECT. */
    public void grants(final SubjectSet deliveryDeny, final ResponsePermission response, final int maxSubscriptions)
    {
        this.deliveryDeny = deliveryDeny;
        this.deliveryDenyArmed = false;
        this.responsePermission = response;
        this.replies = response == null ? null : new HashMap<>();
        this.maxSubscriptions = maxSubscriptions;
    }

    public int maxSubscriptions()
    {
        return maxSubscriptions;
    }

    /** Whether a subscribe deny entry forbids delivering a message on this subject to this client. */
    public boolean deliveryDenied(final org.agrona.DirectBuffer subject, final int off, final int len)
    {
        return deliveryDenyArmed && deliveryDeny.matches(subject, off, len);
    }

    /** Called for each new subscription: arms the delivery deny filter when a wildcard overlaps a deny entry. */
    public void subscribedTo(final byte[] subject)
    {
        if (deliveryDeny != null && !deliveryDenyArmed)
        {
            final String s = new String(subject, java.nio.charset.StandardCharsets.UTF_8);
            deliveryDenyArmed = io.torus.core.subject.Subjects.hasWildcard(s) && deliveryDeny.overlaps(s);
        }
    }

    /** Whether replies to what this client receives must be remembered (it has allow_responses). */
    public boolean tracksReplies()
    {
        return replies != null;
    }

    /** Remembers a reply subject this client may answer. Go keeps at most 4096 and prunes the used and expired. */
    public void allowReply(final String reply, final long nowNanos)
    {
        replies.put(reply, new long[] {0, nowNanos});
        if (replies.size() > 4096)
        {
            pruneReplies(nowNanos);
        }
    }

    /** Go's response check: the subject is a reply this client received, not answered too often nor too late. */
    public boolean mayAnswer(final String subject, final long nowNanos)
    {
        if (replies == null)
        {
            return false;
        }
        final long[] r = replies.get(subject);
        if (r == null)
        {
            return false;
        }
        r[0]++;
        final ResponsePermission p = responsePermission;
        if (p.maxMsgs() > 0 && r[0] > p.maxMsgs() || p.expiresNanos() > 0 && nowNanos - r[1] > p.expiresNanos())
        {
            replies.remove(subject);
            return false;
        }
        return true;
    }

    private void pruneReplies(final long nowNanos)
    {
        final ResponsePermission p = responsePermission;
        for (final Iterator<long[]> it = replies.values().iterator(); it.hasNext(); )
        {
            final long[] r = it.next();
            if (p.maxMsgs() > 0 && r[0] >= p.maxMsgs() || p.expiresNanos() > 0 && nowNanos - r[1] > p.expiresNanos())
            {
                it.remove();
            }
        }
    }
}
