package io.torus.core.pipeline;

import com.lmax.disruptor.RingBuffer;
import io.torus.core.server.Account;
import io.torus.core.server.ClientConnection;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IngressPublisherTest
{
    private final RingBuffer<OpEvent> ring = RingBuffer.createMultiProducer(OpEvent.FACTORY, 64);
    private final IngressPublisher publisher = new IngressPublisher(ring);
    private final ClientConnection connection = new ClientConnection(1, null, new Account(Account.GLOBAL));
    private final UnsafeBuffer subject = new UnsafeBuffer("a.b".getBytes(StandardCharsets.US_ASCII));

    @Test
    void shouldPublishARunAtTheEndOfARead()
    {
        publisher.beginRead(400); // room for 25 operations: a run of 8 (the ring's eighth)
        for (int i = 0; i < 3; i++)
        {
            publisher.publishMessage(connection, subject, 0, 3, 0, 0, subject, 0, -1, 3);
        }
        assertEquals(7, ring.getCursor(), "one run of 8 claimed");
        assertEquals(false, ring.isAvailable(0), "not visible to the stage before the read ends");
        publisher.endRead();
        for (long s = 0; s < 3; s++)
        {
            assertEquals(OpType.PUBLISH, ring.get(s).type);
            assertEquals(true, ring.isAvailable(s));
        }
        for (long s = 3; s < 8; s++)
        {
            assertEquals(OpType.NOOP, ring.get(s).type, "unused slots of the run");
            assertEquals(true, ring.isAvailable(s));
        }
    }

    @Test
    void shouldClaimANewRunWhenOneIsUsedUp()
    {
        publisher.beginRead(10_000);
        for (int i = 0; i < 20; i++)
        {
            publisher.publishPing(connection);
        }
        publisher.endRead();
        assertEquals(23, ring.getCursor(), "three runs of 8");
        for (long s = 0; s < 20; s++)
        {
            assertEquals(OpType.PING, ring.get(s).type);
        }
        for (long s = 20; s < 24; s++)
        {
            assertEquals(OpType.NOOP, ring.get(s).type);
            assertEquals(true, ring.isAvailable(s));
        }
    }

    @Test
    void shouldPublishImmediatelyOutsideARead()
    {
        publisher.publishClosed(connection);
        assertEquals(0, ring.getCursor());
        assertEquals(true, ring.isAvailable(0));
        assertEquals(OpType.CLOSED, ring.get(0).type);
    }
}
