package io.torus.io.monitor;

import io.torus.core.server.ClientConnection;
import io.torus.core.subject.SubjectTrie;
import io.torus.io.TorusServer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /subsz} (and {@code /subscriptionsz}): the subscription index's counters, read racily from the global
 * account's trie, and with {@code subs=1} the subscriptions themselves (optionally only those a literal
 * {@code test} subject would match), listed from the connections' concurrent subscription maps, never the trie.
 * {@code max_fanout} and {@code avg_fanout} are over the cached match results, as in Go.
 */
final class SubszEndpoint implements Endpoint
{
    private final TorusServer server;

    SubszEndpoint(final TorusServer server)
    {
        this.server = server;
    }

    @Override
    public String render(final QueryParams q) throws BadRequestException
    {
        final boolean subs = q.bool("subs");
        int offset = q.integer("offset");
        int limit = q.integer("limit");
        final String test = q.get("test");
        offset = Math.max(offset, 0);
        if (limit <= 0)
        {
            limit = ConnzEndpoint.DEFAULT_LIMIT;
        }
        if (!test.isEmpty() && !isValidLiteral(test))
        {
            throw new BadRequestException("invalid test subject, must be valid publish subject: " + test);
        }
        List<SubDetail> page = List.of();
        if (subs)
        {
            final List<SubDetail> all = new ArrayList<>();
            for (final MonitoredConnection c : server.openConnections())
            {
                final ConnInfo info = c.snapshot(true);
                for (final SubDetail d : info.subs())
                {
                    if (test.isEmpty() || matches(d.subject(), test))
                    {
                        all.add(d);
                    }
                }
            }
            all.sort((a, b) -> a.cid() != b.cid() ? Long.compare(a.cid(), b.cid()) : a.sid().compareTo(b.sid()));
            page = all.subList(Math.min(offset, all.size()), (int)Math.min((long)offset + limit, all.size()));
        }

        final JsonWriter w = new JsonWriter().beginObject();
        if (!page.isEmpty())
        {
            w.field("server_id", server.serverId())
                .field("now", GoFormat.rfc3339Nano(server.epochNanos(System.nanoTime())));
        }
        writeStats(w, server.accounts().all());
        if (!page.isEmpty())
        {
            // As Go: "total" is the size of the page returned.
            w.field("total", page.size()).field("offset", offset).field("limit", limit);
            w.name("subscriptions_list").beginArray();
            for (final SubDetail d : page)
            {
                d.write(w, true);
            }
            w.endArray();
        }
        return w.endObject().toString();
    }

    /** Go's {@code SublistStats} summed over every account, as Go's /subsz adds them up. */
    static void writeStats(final JsonWriter w, final java.util.Collection<io.torus.core.server.Account> accounts)
    {
        long subs = 0;
        long cache = 0;
        long inserts = 0;
        long removes = 0;
        long matches = 0;
        long hits = 0;
        int maxFanout = 0;
        double fanoutTotal = 0;
        for (final io.torus.core.server.Account a : accounts)
        {
            final SubjectTrie<ClientConnection> t = a.subscriptions();
            subs += t.count();
            cache += t.cacheSize();
            inserts += t.insertCount();
            removes += t.removeCount();
            matches += t.matchCount();
            hits += t.cacheHitCount();
            maxFanout = Math.max(maxFanout, t.cacheMaxFanout());
            fanoutTotal += t.cacheAverageFanout() * t.cacheSize();
        }
        w.field("num_subscriptions", subs)
            .field("num_cache", cache)
            .field("num_inserts", inserts)
            .field("num_removes", removes)
            .field("num_matches", matches)
            .field("cache_hit_rate", matches == 0 ? 0 : (double)hits / matches)
            .field("max_fanout", maxFanout)
            .field("avg_fanout", cache == 0 ? 0 : fanoutTotal / cache);
    }

    /** Go's {@code SublistStats} fields, into the object being written. */
    static void writeStats(final JsonWriter w, final SubjectTrie<ClientConnection> trie)
    {
        final long matches = trie.matchCount();
        w.field("num_subscriptions", trie.count())
            .field("num_cache", trie.cacheSize())
            .field("num_inserts", trie.insertCount())
            .field("num_removes", trie.removeCount())
            .field("num_matches", matches)
            .field("cache_hit_rate", matches == 0 ? 0 : (double)trie.cacheHitCount() / matches)
            .field("max_fanout", trie.cacheMaxFanout())
            .field("avg_fanout", trie.cacheAverageFanout());
    }

    private static boolean isValidLiteral(final String subject)
    {
        if (subject.isEmpty() || subject.startsWith(".") || subject.endsWith(".") || subject.contains(".."))
        {
            return false;
        }
        for (final String token : subject.split("\\."))
        {
            if (token.equals("*") || token.equals(">") || token.chars().anyMatch(Character::isWhitespace))
            {
                return false;
            }
        }
        return true;
    }

    /** Whether a message published to the literal {@code subject} reaches a subscription on {@code pattern}. */
    static boolean matches(final String pattern, final String subject)
    {
        final String[] p = pattern.split("\\.");
        final String[] s = subject.split("\\.");
        for (int i = 0; i < p.length; i++)
        {
            if (p[i].equals(">"))
            {
                return s.length > i;
            }
            if (i >= s.length || (!p[i].equals("*") && !p[i].equals(s[i])))
            {
                return false;
            }
        }
        return p.length == s.length;
    }
}
