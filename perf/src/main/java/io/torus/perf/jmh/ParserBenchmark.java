package io.torus.perf.jmh;

import io.torus.core.protocol.ProtocolParser;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Parser throughput: a read buffer of 100 PUBs, as one socket read delivers them. Score is per message. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParserBenchmark
{
    static final int MESSAGES = 100;

    @Param({"16", "1024"})
    int payloadSize;

    private final NullOpHandler handler = new NullOpHandler();
    private ProtocolParser parser;
    private UnsafeBuffer input;
    private int length;

    @Setup
    public void setup()
    {
        parser = new ProtocolParser(handler, 4096, 1024 * 1024);
        final StringBuilder sb = new StringBuilder();
        final String payload = "x".repeat(payloadSize);
        for (int i = 0; i < MESSAGES; i++)
        {
            sb.append("PUB orders.eu.new ").append(payloadSize).append("\r\n").append(payload).append("\r\n");
        }
        final byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
        final ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
        direct.put(bytes);
        input = new UnsafeBuffer(direct);
        length = bytes.length;
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long parsePublishes()
    {
        parser.parse(input, 0, length);
        return handler.ops;
    }
}
