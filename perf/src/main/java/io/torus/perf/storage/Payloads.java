package io.torus.perf.storage;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Payloads for the storage benchmarks, 1024 variants of one size so consecutive messages differ: {@code zeros}
 * (the old benchmarks' payload, the best case for compression), {@code json} (order events with varying ids,
 * amounts and statuses: what compression is for) and {@code random} (incompressible).
 */
final class Payloads
{
    static final int VARIANTS = 1024;

    private Payloads()
    {
    }

    static UnsafeBuffer[] of(final String kind, final int size)
    {
        final UnsafeBuffer[] result = new UnsafeBuffer[VARIANTS];
        final Random random = new Random(42);
        final String[] statuses = {"created", "paid", "packed", "shipped", "delivered", "returned"};
        for (int i = 0; i < VARIANTS; i++)
        {
            final byte[] b = new byte[size];
            switch (kind)
            {
                case "zeros":
                    break;
                case "random":
                    random.nextBytes(b);
                    break;
                case "json":
                {
                    final StringBuilder sb = new StringBuilder();
                    sb.append("{\"order\":").append(100_000 + random.nextInt(900_000))
                        .append(",\"customer\":\"c-").append(random.nextInt(50_000))
                        .append("\",\"amount\":").append(random.nextInt(100_000) / 100.0)
                        .append(",\"currency\":\"EUR\",\"status\":\"").append(statuses[random.nextInt(statuses.length)])
                        .append("\",\"items\":[");
                    while (sb.length() < size - 2)
                    {
                        sb.append("{\"sku\":\"SKU-").append(random.nextInt(10_000)).append("\",\"qty\":")
                            .append(1 + random.nextInt(5)).append("},");
                    }
                    final byte[] text = sb.toString().getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(text, 0, b, 0, Math.min(size - 2, text.length));
                    b[size - 2] = ']';
                    b[size - 1] = '}';
                    break;
                }
                default:
                    throw new IllegalArgumentException("payload kind " + kind);
            }
            result[i] = new UnsafeBuffer(b);
        }
        return result;
    }
}
