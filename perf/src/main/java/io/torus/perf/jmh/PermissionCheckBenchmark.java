package io.torus.perf.jmh;

import io.torus.core.auth.ClientPermissions;
import io.torus.core.auth.Permissions;
import io.torus.core.auth.SubjectPermission;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The publish permission check an I/O thread makes per PUB for a user with allow and deny lists (those of
 * conf/bench-permissions.conf): a subject seen before (the per-connection decision cache), and a rotating set of
 * 1024 subjects, more than the cache holds, that go to the allow and deny tries.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PermissionCheckBenchmark
{
    private final ClientPermissions permissions = new ClientPermissions(new Permissions(
        new SubjectPermission(List.of("bench.>", "_INBOX.>", "req.>"), List.of("bench.secret.>", "admin.>")),
        new SubjectPermission(List.of("bench.>", "_INBOX.>", "req.>"), List.of("admin.>")), null));
    private final UnsafeBuffer subject = buffer("bench.ps.18c2f6a1b");
    private final UnsafeBuffer[] rotating = new UnsafeBuffer[1024];
    private int next;

    public PermissionCheckBenchmark()
    {
        for (int i = 0; i < rotating.length; i++)
        {
            rotating[i] = buffer("bench.orders." + i);
        }
    }

    private static UnsafeBuffer buffer(final String s)
    {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Benchmark
    public boolean repeatedSubject()
    {
        return permissions.canPublish(subject, 0, subject.capacity());
    }

    @Benchmark
    public boolean manySubjects()
    {
        final UnsafeBuffer s = rotating[next++ & (rotating.length - 1)];
        return permissions.canPublish(s, 0, s.capacity());
    }
}
