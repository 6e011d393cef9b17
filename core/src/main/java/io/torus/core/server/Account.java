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
}
