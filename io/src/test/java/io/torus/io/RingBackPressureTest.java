package io.torus.io;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many publishers through a tiny ingress ring: the ring is full most of the time, reading pauses and resumes, and
 * every message must still arrive exactly once and in order per publisher.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RingBackPressureTest
{
    private static final int PUBLISHERS = 4;
    private static final int MESSAGES = 5_000;

    @Test
    void shouldDeliverEveryMessageInOrderPerPublisherThroughAFullRing() throws Exception
    {
        final TorusServer server = TestServers.start(Transport.select("auto", s -> { }), o -> o.ringSize = 16);
        final List<Connection> connections = new ArrayList<>();
        try
        {
            final String url = "nats://127.0.0.1:" + server.port();
            final Connection sub = Nats.connect(new Options.Builder().server(url).noReconnect()
                .maxMessagesInOutgoingQueue(100_000).build());
            connections.add(sub);
            final Subscription s = sub.subscribe("stress.>");
            sub.flush(Duration.ofSeconds(5));
            final List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++)
            {
                final Connection pub = Nats.connect(new Options.Builder().server(url).noReconnect().build());
                connections.add(pub);
                final int id = p;
                final Thread t = new Thread(() ->
                {
                    for (int i = 0; i < MESSAGES; i++)
                    {
                        pub.publish("stress." + id, ByteBuffer.allocate(8).putInt(id).putInt(i).array());
                    }
                    try
                    {
                        pub.flush(Duration.ofSeconds(10));
                    }
                    catch (final Exception e)
                    {
                        throw new IllegalStateException(e);
                    }
                });
                threads.add(t);
                t.start();
            }
            final int[] next = new int[PUBLISHERS];
            int received = 0;
            while (received < PUBLISHERS * MESSAGES)
            {
                final Message m = s.nextMessage(Duration.ofSeconds(10));
                assertTrue(m != null, "timed out after " + received + " messages");
                final ByteBuffer b = ByteBuffer.wrap(m.getData());
                final int id = b.getInt();
                final int seq = b.getInt();
                assertEquals(next[id], seq, "order of publisher " + id);
                next[id]++;
                received++;
            }
            for (final Thread t : threads)
            {
                t.join(10_000);
            }
            assertEquals(null, s.nextMessage(Duration.ofMillis(200)), "no duplicates");
        }
        finally
        {
            for (final Connection c : connections)
            {
                c.close();
            }
            server.shutdown();
        }
    }
}
