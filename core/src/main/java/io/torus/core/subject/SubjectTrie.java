package io.torus.core.subject;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The subscriptions of one account, as a trie of subject tokens with '*' and '>' children (the Go server's sublist).
 * Match results are cached per subject; any insert or remove bumps the generation, which empties the cache.
 * <p>
 * Single writer and single reader: the matching thread. Nothing here is thread-safe.
 */
public final class SubjectTrie<C>
{
    private final Node<C> root = new Node<>();
    private final SubjectCache<C> cache;
    private final UnsafeBuffer keyBuffer = new UnsafeBuffer(new byte[0]);
    private final ArrayList<Subscription<C>> plainScratch = new ArrayList<>();
    private final ArrayList<byte[]> queueNameScratch = new ArrayList<>();
    private final ArrayList<ArrayList<Subscription<C>>> queueScratch = new ArrayList<>();
    private long generation;
    private long cachedGeneration;
    private int count;
    private long matches;
    private long cacheHits;
    private long inserts;
    private long removes;

    /**
     * Adds a subscription.
     *
     * @return false when the subject is not a valid subscription subject (the caller answers "Invalid Subject").
     */
    public SubjectTrie()
    {
        this(SubjectCache.MAX_ENTRIES);
    }

    /**
     * @param cacheEntries subjects whose results are cached (a power of two): 1024 for subscriptions, as Go's
     *                     sublist; small for the per-connection permission tries, as Go's 128-entry publish cache
     */
    public SubjectTrie(final int cacheEntries)
    {
        this.cache = new SubjectCache<>(cacheEntries);
    }

    public boolean insert(final Subscription<C> sub)
    {
        final byte[] subject = sub.subject();
        keyBuffer.wrap(subject);
        if (!Subjects.isValidSubscribe(keyBuffer, 0, subject.length))
        {
            return false;
        }
        Node<C> node = root;
        int start = 0;
        for (int i = 0; i <= subject.length; i++)
        {
            if (i == subject.length || subject[i] == Subjects.SEP)
            {
                node = node.childForInsert(Arrays.copyOfRange(subject, start, i));
                start = i + 1;
            }
        }
        node.add(sub);
        count++;
        inserts++;
        generation++;
        return true;
    }

    /** Removes a subscription; false if it was not there. */
    public boolean remove(final Subscription<C> sub)
    {
        final boolean removed = remove(root, sub, sub.subject(), 0);
        if (removed)
        {
            count--;
            removes++;
            generation++;
        }
        return removed;
    }

    private boolean remove(final Node<C> node, final Subscription<C> sub, final byte[] subject, final int start)
    {
        if (start > subject.length)
        {
            return node.removeSub(sub);
        }
        int end = start;
        while (end < subject.length && subject[end] != Subjects.SEP)
        {
            end++;
        }
        final byte[] token = Arrays.copyOfRange(subject, start, end);
        final Node<C> child = node.child(token);
        if (child == null)
        {
            return false;
        }
        final boolean removed = remove(child, sub, subject, end + 1);
        if (removed && child.isEmpty())
        {
            node.removeChild(token);
        }
        return removed;
    }

    /** Subscriptions matching a literal subject. The result is shared and must not be modified. */
    @SuppressWarnings("unchecked")
    public MatchResult<C> match(final DirectBuffer buf, final int off, final int len)
    {
        matches++;
        if (cachedGeneration != generation)
        {
            cache.clear();
            cachedGeneration = generation;
        }
        MatchResult<C> result = cache.get(buf, off, len);
        if (result != null)
        {
            cacheHits++;
            return result;
        }
        plainScratch.clear();
        queueNameScratch.clear();
        queueScratch.clear();
        collect(root, buf, off, off + len);
        if (plainScratch.isEmpty() && queueScratch.isEmpty())
        {
            result = (MatchResult<C>)MatchResult.EMPTY;
        }
        else
        {
            final Subscription<?>[][] groups = new Subscription<?>[queueScratch.size()][];
            for (int i = 0; i < groups.length; i++)
            {
                groups[i] = queueScratch.get(i).toArray(new Subscription<?>[0]);
            }
            result = new MatchResult<>(plainScratch.toArray(new Subscription<?>[0]), groups);
        }
        cache.put(buf, off, len, result);
        return result;
    }

    public MatchResult<C> match(final byte[] subject)
    {
        return match(new UnsafeBuffer(subject), 0, subject.length);
    }

    private void collect(final Node<C> node, final DirectBuffer buf, final int start, final int end)
    {
        int tokenEnd = start;
        while (tokenEnd < end && buf.getByte(tokenEnd) != Subjects.SEP)
        {
            tokenEnd++;
        }
        final boolean last = tokenEnd >= end;
        if (node.fwc != null)
        {
            addResults(node.fwc);
        }
        if (node.pwc != null)
        {
            if (last)
            {
                addResults(node.pwc);
            }
            else
            {
                collect(node.pwc, buf, tokenEnd + 1, end);
            }
        }
        final Node<C> literal = node.literals.get(buf, start, tokenEnd - start);
        if (literal != null)
        {
            if (last)
            {
                addResults(literal);
            }
            else
            {
                collect(literal, buf, tokenEnd + 1, end);
            }
        }
    }

    private void addResults(final Node<C> node)
    {
        plainScratch.addAll(node.plain);
        for (int g = 0; g < node.queueNames.size(); g++)
        {
            final byte[] name = node.queueNames.get(g);
            ArrayList<Subscription<C>> group = null;
            for (int i = 0; i < queueNameScratch.size(); i++)
            {
                if (Arrays.equals(queueNameScratch.get(i), name))
                {
                    group = queueScratch.get(i);
                    break;
                }
            }
            if (group == null)
            {
                group = new ArrayList<>();
                queueNameScratch.add(name);
                queueScratch.add(group);
            }
            group.addAll(node.queueMembers.get(g));
        }
    }

    public int count()
    {
        return count;
    }

    public long generation()
    {
        return generation;
    }

    public int cacheSize()
    {
        return cache.size();
    }

    public long matchCount()
    {
        return matches;
    }

    public long cacheHitCount()
    {
        return cacheHits;
    }

    /** The largest fanout among cached results (Go's {@code max_fanout}); read racily by monitoring. */
    public int cacheMaxFanout()
    {
        return cache.maxFanout();
    }

    /** The mean fanout of cached results (Go's {@code avg_fanout}), 0 with an empty cache. */
    public double cacheAverageFanout()
    {
        final int n = cache.size();
        final int total = cache.totalFanout();
        return n == 0 || total == 0 ? 0 : (double)total / n;
    }

    /** Subscriptions inserted since creation; like the other counters, read racily by monitoring. */
    public long insertCount()
    {
        return inserts;
    }

    public long removeCount()
    {
        return removes;
    }

    private static final class Node<C>
    {
        final TokenMap<Node<C>> literals = new TokenMap<>();
        Node<C> pwc;
        Node<C> fwc;
        final List<Subscription<C>> plain = new ArrayList<>(1);
        final List<byte[]> queueNames = new ArrayList<>(0);
        final List<List<Subscription<C>>> queueMembers = new ArrayList<>(0);

        Node<C> child(final byte[] token)
        {
            if (token.length == 1)
            {
                if (token[0] == Subjects.PWC)
                {
                    return pwc;
                }
                if (token[0] == Subjects.FWC)
                {
                    return fwc;
                }
            }
            return literals.get(token);
        }

        Node<C> childForInsert(final byte[] token)
        {
            Node<C> child = child(token);
            if (child == null)
            {
                child = new Node<>();
                if (token.length == 1 && token[0] == Subjects.PWC)
                {
                    pwc = child;
                }
                else if (token.length == 1 && token[0] == Subjects.FWC)
                {
                    fwc = child;
                }
                else
                {
                    literals.put(token, child);
                }
            }
            return child;
        }

        void removeChild(final byte[] token)
        {
            if (token.length == 1 && token[0] == Subjects.PWC)
            {
                pwc = null;
            }
            else if (token.length == 1 && token[0] == Subjects.FWC)
            {
                fwc = null;
            }
            else
            {
                literals.remove(token);
            }
        }

        void add(final Subscription<C> sub)
        {
            if (sub.queue() == null)
            {
                plain.add(sub);
                return;
            }
            for (int i = 0; i < queueNames.size(); i++)
            {
                if (Arrays.equals(queueNames.get(i), sub.queue()))
                {
                    queueMembers.get(i).add(sub);
                    return;
                }
            }
            queueNames.add(sub.queue());
            final List<Subscription<C>> members = new ArrayList<>(2);
            members.add(sub);
            queueMembers.add(members);
        }

        boolean removeSub(final Subscription<C> sub)
        {
            if (sub.queue() == null)
            {
                return removeIdentity(plain, sub);
            }
            for (int i = 0; i < queueNames.size(); i++)
            {
                if (Arrays.equals(queueNames.get(i), sub.queue()))
                {
                    final List<Subscription<C>> members = queueMembers.get(i);
                    final boolean removed = removeIdentity(members, sub);
                    if (members.isEmpty())
                    {
                        queueNames.remove(i);
                        queueMembers.remove(i);
                    }
                    return removed;
                }
            }
            return false;
        }

        private static <C> boolean removeIdentity(final List<Subscription<C>> list, final Subscription<C> sub)
        {
            for (int i = 0; i < list.size(); i++)
            {
                if (list.get(i) == sub)
                {
                    list.remove(i);
                    return true;
                }
            }
            return false;
        }

        boolean isEmpty()
        {
            return plain.isEmpty() && queueNames.isEmpty() && pwc == null && fwc == null && literals.size() == 0;
        }
    }
}
