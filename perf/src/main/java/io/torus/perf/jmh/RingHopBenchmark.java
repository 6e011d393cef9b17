package io.torus.perf.jmh;

import io.torus.core.pipeline.IngressPublisher;
import io.torus.core.pipeline.IngressRing;
import io.torus.core.pipeline.PipelineLatency;
import io.torus.core.pipeline.WaitStrategyOption;
import io.torus.core.server.Account;
import io.torus.core.server.ClientConnection;
import io.torus.core.server.ServerStats;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One ring hop: an I/O thread publishing a 16-byte PUB into the ingress ring, the matching stage taking it on its own
 * thread (no subscribers, so it only matches). Throughput is bounded by the slower side.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RingHopBenchmark
{
    @Param({"phased", "yielding"})
    String waitStrategy;

    private IngressRing ring;
    private IngressPublisher publisher;
    private ClientConnection connection;
    private final UnsafeBuffer arg = new UnsafeBuffer("orders.eu.new".getBytes(StandardCharsets.US_ASCII));
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);

    @Setup(Level.Trial)
    public void setup()
    {
        ring = new IngressRing(16 * 1024, WaitStrategyOption.parse(waitStrategy), new ServerStats(),
            new PipelineLatency(), Long.MAX_VALUE);
        publisher = ring.newPublisher();
        connection = new ClientConnection(1, new MatchingPathBenchmark.SinkChannel(), new Account(Account.GLOBAL));
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        ring.close();
    }

    @Benchmark
    public void publish()
    {
        publisher.publishMessage(connection, arg, 0, arg.capacity(), 0, 0, payload, 0, -1, 16);
    }
}
