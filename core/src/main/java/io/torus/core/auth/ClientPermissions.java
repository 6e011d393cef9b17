package io.torus.core.auth;

import io.torus.core.subject.Subjects;
import io.torus.core.subject.Subscription;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * One connection's publish and subscribe permissions, compiled from its user's {@link Permissions}, checked by the
 * connection's I/O thread before an operation enters the ring (so a denied message costs the matching stage
 * nothing). Go's rules: a subject must match the allow list when there is one, and must not match the deny list.
 * Publish checks hit the allow/deny tries' match caches, as Go's per-client publish cache does.
 * <p>
 * Not thread-safe: one per connection, on its event loop.
 */
public final class ClientPermissions
{
    private final SubjectSet pubAllow;
    private final SubjectSet pubDeny;
    private final SubjectSet subAllow;
    private final SubjectSet subDeny;
    private final Permissions source;
    private final PublishDecisions decisions = new PublishDecisions();

    public ClientPermissions(final Permissions p)
    {
        this.source = p;
        final SubjectPermission pub = p.publish();
        final SubjectPermission sub = p.subscribe();
        pubAllow = pub == null || pub.allow() == null ? null : new SubjectSet(pub.allow());
        pubDeny = pub == null || pub.deny().isEmpty() ? null : new SubjectSet(pub.deny());
        subAllow = sub == null || sub.allow() == null ? null : new SubjectSet(sub.allow());
        subDeny = sub == null || sub.deny().isEmpty() ? null : new SubjectSet(sub.deny());
    }

    /** Null when the permissions restrict nothing. */
    public static ClientPermissions of(final Permissions p)
    {
        if (p == null || (p.publish() == null && p.subscribe() == null && p.response() == null))
        {
            return null;
        }
        return new ClientPermissions(p);
    }

    public Permissions source()
    {
        return source;
    }

    public ResponsePermission response()
    {
        return source.response();
    }

    public boolean restrictsPublish()
    {
        return pubAllow != null || pubDeny != null;
    }

    /** Go's pubAllowed, without the response permissions (the matching stage owns those). */
    public boolean canPublish(final DirectBuffer buf, final int off, final int len)
    {
        final int known = decisions.get(buf, off, len);
        if (known >= 0)
        {
            return known == 1;
        }
        final boolean allowed = (pubAllow == null || pubAllow.matches(buf, off, len)) &&
            (pubDeny == null || !pubDeny.matches(buf, off, len));
        decisions.put(buf, off, len, allowed);
        return allowed;
    }

    /** Go's canSubscribe: queue-group entries decide for a queue subscription when any match. */
    public boolean canSubscribe(final byte[] subject, final byte[] queue)
    {
        boolean allowed = true;
        if (subAllow != null)
        {
            allowed = subAllow.matches(subject);
            if (queue != null)
            {
                final Subscription<Object>[][] q = subAllow.queueEntries(subject);
                if (q.length > 0)
                {
                    allowed = queueMatches(queue, q);
                }
            }
        }
        if (allowed && subDeny != null)
        {
            allowed = !subDeny.matches(subject);
            if (queue != null)
            {
                final Subscription<Object>[][] q = subDeny.queueEntries(subject);
                if (q.length > 0)
                {
                    allowed = !queueMatches(queue, q);
                }
            }
        }
        return allowed;
    }

    /**
     * A deny list for deliveries, for the matching thread: with one, a wildcard subscription that was allowed still
     * receives nothing on a denied subject (Go's msg deny filter). Null when the user has no subscribe deny list.
     * A new instance for the caller's thread.
     */
    public SubjectSet deliveryDenyFilter()
    {
        final SubjectPermission sub = source.subscribe();
        return sub == null || sub.deny().isEmpty() ? null : new SubjectSet(sub.deny());
    }

    private static boolean queueMatches(final byte[] queue, final Subscription<Object>[][] groups)
    {
        final String q = new String(queue, StandardCharsets.UTF_8);
        for (final Subscription<Object>[] group : groups)
        {
            final String name = new String(group[0].queue(), StandardCharsets.UTF_8);
            if (q.equals(name) || (Subjects.hasWildcard(name) && Subjects.isSubsetMatch(q, name)))
            {
                return true;
            }
        }
        return false;
    }
}
