package io.torus.perf.jmh;

import io.torus.core.pipeline.MatchingHandler;
import io.torus.core.pipeline.OpEvent;
import io.torus.core.pipeline.OpType;
import io.torus.core.pipeline.PipelineLatency;
import io.torus.core.server.Account;
import io.torus.core.server.ClientChannel;
import io.torus.core.server.ClientConnection;
import io.torus.core.server.ClosedReason;
import io.torus.core.server.ServerStats;
import org.agrona.DirectBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The matching stage's work for one published message: match, encode MSG into each recipient's staging buffer,
 * hand the batch over at its end (every 64 messages). The channel is a sink, so only the stage is measured; run with
 * {@code -prof gc} to check that it allocates nothing per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MatchingPathBenchmark
{
    @Param({"1", "5"})
    int subscribers;

    @Param({"16", "1024"})
    int payloadSize;

    private MatchingHandler handler;
    private OpEvent event;
    private long sequence;

    static final class SinkChannel implements ClientChannel
    {
        long bytes;

        @Override
        public void send(final DirectBuffer buf, final int off, final int len, final long ingressNanos)
        {
            bytes += len;
        }

        @Override
        public long pendingBytes()
        {
            return 0;
        }

        @Override
        public void close(final ClosedReason reason)
        {
        }
    }

    @Setup
    public void setup()
    {
        final Account account = new Account(Account.GLOBAL);
        handler = new MatchingHandler(new ServerStats(), new PipelineLatency(), Long.MAX_VALUE);
        final ClientConnection publisher = new ClientConnection(0, new SinkChannel(), account);
        for (int i = 1; i <= subscribers; i++)
        {
            final ClientConnection c = new ClientConnection(i, new SinkChannel(), account);
            final OpEvent sub = new OpEvent();
            sub.type = OpType.SUBSCRIBE;
            sub.connection = c;
            final byte[] subject = "orders.eu.new".getBytes(StandardCharsets.US_ASCII);
            sub.data.putBytes(0, subject);
            sub.subjectOff = 0;
            sub.subjectLen = subject.length;
            sub.data.putByte(subject.length, (byte)'1');
            sub.sidOff = subject.length;
            sub.sidLen = 1;
            handler.onEvent(sub, sequence++, true);
        }
        event = new OpEvent();
        event.type = OpType.PUBLISH;
        event.connection = publisher;
        final byte[] subject = "orders.eu.new".getBytes(StandardCharsets.US_ASCII);
        event.data.putBytes(0, subject);
        event.subjectLen = subject.length;
        event.payloadOff = subject.length;
        event.data.setMemory(event.payloadOff, payloadSize, (byte)'x');
        event.totalLen = payloadSize;
        event.headerLen = -1;
    }

    @Benchmark
    public long publishToSubscribers()
    {
        final OpEvent e = event;
        final ClientConnection publisher = e.connection;
        final long seq = sequence++;
        handler.onEvent(e, seq, (seq & 63) == 63);
        e.connection = publisher; // the handler clears references after use, as a ring slot would be
        return seq;
    }
}
