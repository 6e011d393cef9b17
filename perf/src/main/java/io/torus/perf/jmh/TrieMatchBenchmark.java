package io.torus.perf.jmh;

import io.torus.core.subject.MatchResult;
import io.torus.core.subject.SubjectTrie;
import io.torus.core.subject.Subscription;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Subscription trie match: a literal subject and a wildcard-matched subject served from the result cache, and
 * uncached matches (a rotating set of 4096 subjects, more than the cache holds) that walk the trie.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TrieMatchBenchmark
{
    private final SubjectTrie<Object> trie = new SubjectTrie<>();
    private final UnsafeBuffer literal = buffer("orders.eu.new");
    private final UnsafeBuffer wildcard = buffer("metrics.host42.cpu");
    private final UnsafeBuffer[] rotating = new UnsafeBuffer[4096];
    private int next;

    private static UnsafeBuffer buffer(final String s)
    {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.US_ASCII));
    }

    private void subscribe(final String subject)
    {
        trie.insert(new Subscription<>(this, subject.getBytes(StandardCharsets.US_ASCII), null, new byte[]{'1'}));
    }

    @Setup
    public void setup()
    {
        for (int i = 0; i < 1000; i++)
        {
            subscribe("orders." + i + ".new");
            subscribe("users." + i + ".*");
        }
        subscribe("orders.eu.new");
        subscribe("orders.*.new");
        subscribe("metrics.*.cpu");
        subscribe("metrics.>");
        for (int i = 0; i < rotating.length; i++)
        {
            rotating[i] = buffer("users." + (i % 1000) + ".k" + i);
        }
    }

    @Benchmark
    public MatchResult<Object> literalCached()
    {
        return trie.match(literal, 0, literal.capacity());
    }

    @Benchmark
    public MatchResult<Object> wildcardCached()
    {
        return trie.match(wildcard, 0, wildcard.capacity());
    }

    @Benchmark
    public MatchResult<Object> uncached()
    {
        final UnsafeBuffer b = rotating[next++ & (rotating.length - 1)];
        return trie.match(b, 0, b.capacity());
    }
}
