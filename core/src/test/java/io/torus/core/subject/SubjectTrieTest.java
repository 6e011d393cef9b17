package io.torus.core.subject;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubjectTrieTest
{
    private final SubjectTrie<String> trie = new SubjectTrie<>();

    private Subscription<String> sub(final String subject, final String queue, final String sid)
    {
        final Subscription<String> s = new Subscription<>("c", b(subject), queue == null ? null : b(queue), b(sid));
        assertTrue(trie.insert(s), subject);
        return s;
    }

    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Set<String> plainSids(final String subject)
    {
        return Arrays.stream(trie.match(b(subject)).plain())
            .map(s -> new String(s.sid(), StandardCharsets.UTF_8)).collect(Collectors.toSet());
    }

    @Test
    void shouldMatchLiteralsAndWildcards()
    {
        sub("foo.bar", null, "1");
        sub("foo.*", null, "2");
        sub("foo.>", null, "3");
        sub(">", null, "4");
        sub("*.bar", null, "5");
        sub("foo.bar.baz", null, "6");
        sub("*", null, "7");
        assertEquals(Set.of("1", "2", "3", "4", "5"), plainSids("foo.bar"));
        assertEquals(Set.of("3", "4", "6"), plainSids("foo.bar.baz"));
        assertEquals(Set.of("4", "7"), plainSids("foo"));
        assertEquals(Set.of("4", "5"), plainSids("x.bar"));
        assertEquals(Set.of("4"), plainSids("x.y.z"));
    }

    @Test
    void shouldRejectInvalidSubjects()
    {
        for (final String bad : new String[]{"", "foo..bar", ".foo", "foo.", "foo.>.bar", ">.foo", "foo bar"})
        {
            assertFalse(trie.insert(new Subscription<>("c", b(bad), null, b("1"))), bad);
        }
        assertEquals(0, trie.count());
    }

    @Test
    void shouldGroupQueueSubscribersByNameAcrossNodes()
    {
        sub("foo.bar", "q1", "1");
        sub("foo.*", "q1", "2");
        sub("foo.>", "q2", "3");
        sub("foo.bar", null, "4");
        final MatchResult<String> r = trie.match(b("foo.bar"));
        assertEquals(1, r.plain().length);
        assertEquals(2, r.queueGroups().length);
        final Set<Integer> sizes = new HashSet<>();
        for (final Subscription<String>[] g : r.queueGroups())
        {
            sizes.add(g.length);
        }
        assertEquals(Set.of(1, 2), sizes);
    }

    @Test
    void shouldRemoveAndPruneAndInvalidateCache()
    {
        final Subscription<String> a = sub("foo.bar", null, "1");
        final Subscription<String> w = sub("foo.*", null, "2");
        assertEquals(Set.of("1", "2"), plainSids("foo.bar"));
        assertEquals(Set.of("1", "2"), plainSids("foo.bar"));
        assertEquals(1, trie.cacheHitCount());
        assertTrue(trie.remove(a));
        assertFalse(trie.remove(a));
        assertEquals(Set.of("2"), plainSids("foo.bar"), "cache must not return the removed subscription");
        assertTrue(trie.remove(w));
        assertTrue(trie.match(b("foo.bar")).isEmpty());
        assertEquals(0, trie.count());
        sub("foo.bar", null, "3");
        assertEquals(Set.of("3"), plainSids("foo.bar"));
    }

    @Test
    void shouldServeRepeatedMatchesFromCache()
    {
        sub("a.b", null, "1");
        final MatchResult<String> first = trie.match(b("a.b"));
        final MatchResult<String> second = trie.match(b("a.b"));
        assertSame(first, second);
        assertEquals(2, trie.matchCount());
        assertEquals(1, trie.cacheHitCount());
    }

    @Test
    void shouldStayBoundedWhenManySubjectsAreMatched()
    {
        sub(">", null, "1");
        for (int i = 0; i < 5000; i++)
        {
            assertEquals(1, trie.match(b("s." + i)).plain().length);
        }
        assertTrue(trie.cacheSize() <= SubjectCache.MAX_ENTRIES);
    }

    @Test
    void shouldHandleManyLiteralSiblings()
    {
        for (int i = 0; i < 1000; i++)
        {
            sub("t." + i, null, Integer.toString(i));
        }
        for (int i = 0; i < 1000; i += 7)
        {
            assertEquals(Set.of(Integer.toString(i)), plainSids("t." + i));
        }
        for (int i = 0; i < 1000; i += 2)
        {
            final int n = i;
            assertTrue(trie.remove(Arrays.stream(trie.match(b("t." + n)).plain()).findFirst().orElseThrow()));
        }
        assertEquals(500, trie.count());
        assertTrue(trie.match(b("t.2")).isEmpty());
        assertEquals(Set.of("3"), plainSids("t.3"));
    }
}
