package io.torus.core.auth;

import io.torus.core.subject.SubjectTrie;
import io.torus.core.subject.Subjects;
import io.torus.core.subject.Subscription;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A permission list compiled into a subject trie, so a check is a trie match, and a repeated subject a hit in the
 * trie's match cache: no allocation and no string per check. Entries may name a queue group after a space.
 * <p>
 * Not thread-safe (the trie's cache): each thread that checks gets its own instance.
 */
public final class SubjectSet
{
    private static final byte[] NO_SID = new byte[0];
    /** Go keeps 128 publish-permission results per client; a trie per list and connection, so keep it small. */
    private static final int CACHE_ENTRIES = 128;
    private final SubjectTrie<Object> trie = new SubjectTrie<>(CACHE_ENTRIES);
    private final List<String> entries;

    public SubjectSet(final List<String> entries)
    {
        this.entries = List.copyOf(entries);
        for (final String entry : entries)
        {
            final String[] parts = entry.trim().split("\\s+");
            final byte[] subject = parts[0].getBytes(StandardCharsets.UTF_8);
            final byte[] queue = parts.length > 1 ? parts[1].getBytes(StandardCharsets.UTF_8) : null;
            trie.insert(new Subscription<>(null, subject, queue, NO_SID));
        }
    }

    /**
     * Whether some entry covers part of what a (wildcard) subscription to {@code subject} can receive: Go's test for
     * turning on the delivery deny filter.
     */
    public boolean overlaps(final String subject)
    {
        for (final String e : entries)
        {
            if (Subjects.isSubsetMatch(e.trim().split("\\s+")[0], subject))
            {
                return true;
            }
        }
        return false;
    }

    /** Whether a plain (non-queue) entry matches the subject. */
    public boolean matches(final DirectBuffer buf, final int off, final int len)
    {
        return trie.match(buf, off, len).plain().length > 0;
    }

    /** Whether a plain entry matches the subject. */
    public boolean matches(final byte[] subject)
    {
        return trie.match(subject).plain().length > 0;
    }

    /**
     * The queue-group entries matching the subject, by group: Go's allow/deny rule is that a subscription with a
     * queue is decided by these when there are any.
     */
    public Subscription<Object>[][] queueEntries(final byte[] subject)
    {
        return trie.match(subject).queueGroups();
    }
}
