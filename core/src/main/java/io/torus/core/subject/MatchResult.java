package io.torus.core.subject;

/**
 * The subscriptions interested in one subject: plain subscriptions, and queue subscriptions grouped by queue name
 * (one group per name, merged across trie nodes as the Go server does). Immutable once built; cached by the trie.
 */
public final class MatchResult<C>
{
    private static final Subscription<?>[] NO_SUBS = new Subscription<?>[0];
    private static final Subscription<?>[][] NO_GROUPS = new Subscription<?>[0][];
    @SuppressWarnings("rawtypes")
    static final MatchResult EMPTY = new MatchResult<>(NO_SUBS, NO_GROUPS);

    private final Subscription<C>[] plain;
    private final Subscription<C>[][] queueGroups;

    @SuppressWarnings("unchecked")
    MatchResult(final Subscription<?>[] plain, final Subscription<?>[][] queueGroups)
    {
        this.plain = (Subscription<C>[])plain;
        this.queueGroups = (Subscription<C>[][])queueGroups;
    }

    public Subscription<C>[] plain()
    {
        return plain;
    }

    /** Each element is the members of one queue group. */
    public Subscription<C>[][] queueGroups()
    {
        return queueGroups;
    }

    public boolean isEmpty()
    {
        return plain.length == 0 && queueGroups.length == 0;
    }
}
