package io.torus.core.server;

import io.torus.core.subject.SubjectTrie;

/**
 * An isolated subject space. Every connection belongs to one; until accounts are configured that is the global
 * account {@code $G}. The trie is owned by the matching thread.
 */
public final class Account
{
    public static final String GLOBAL = "$G";

    private final String name;
    private final SubjectTrie<ClientConnection> subscriptions = new SubjectTrie<>();
    /**
     * Subscriptions in the account, published by the matching thread after every change. I/O threads read it to
     * drop a message at the edge when nobody at all could receive it: the count rises before the matching thread
     * answers anything that follows the SUB (its +OK or PONG), so a publisher told of a subscription sees it.
     */
    private volatile int interest;

    public Account(final String name)
    {
        this.name = name;
    }

    public String name()
    {
        return name;
    }

    /** Matching thread only. */
    public SubjectTrie<ClientConnection> subscriptions()
    {
        return subscriptions;
    }

    /** Adds a subscription to the trie; false for an invalid subject. Matching thread only. */
    public boolean subscribe(final io.torus.core.subject.Subscription<ClientConnection> sub)
    {
        final boolean inserted = subscriptions.insert(sub);
        interest = subscriptions.count();
        return inserted;
    }

    /** Removes a subscription from the trie. Matching thread only. */
    public boolean unsubscribe(final io.torus.core.subject.Subscription<ClientConnection> sub)
    {
        final boolean removed = subscriptions.remove(sub);
        interest = subscriptions.count();
        return removed;
    }

    /** Whether any subscription exists in this account. Any thread. */
    public boolean hasInterest()
    {
        return interest > 0;
    }
}
