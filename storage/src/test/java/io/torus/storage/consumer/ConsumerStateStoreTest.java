package io.torus.storage.consumer;

import java.nio.file.Files;
import java.nio.file.Path;

import io.torus.storage.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

@Timeout(10)
class ConsumerStateStoreTest
{
    @TempDir
    Path dir;

    @Test
    void shouldTrackDeliveredPendingAndAckFloor()
    {
        try (MemoryConsumerStateStore store = new MemoryConsumerStateStore(true))
        {
            store.updateDelivered(1, 10, 1, 100);
            store.updateDelivered(2, 11, 1, 200);
            store.updateDelivered(3, 12, 1, 300);
            ConsumerState s = store.state();
            assertEquals(3, s.deliveredConsumerSeq);
            assertEquals(12, s.deliveredStreamSeq);
            assertEquals(3, s.pendingDeliverySeq.size());
            assertEquals(200, s.pendingTimestamp.get(11));

            store.updateAcks(2, 11); // out of order: floor stays
            s = store.state();
            assertEquals(0, s.ackFloorConsumerSeq);
            store.updateAcks(1, 10); // floor moves up to just below the oldest pending (12)
            s = store.state();
            assertEquals(2, s.ackFloorConsumerSeq);
            assertEquals(11, s.ackFloorStreamSeq);
            store.updateAcks(3, 12);
            s = store.state();
            assertEquals(3, s.ackFloorConsumerSeq);
            assertEquals(12, s.ackFloorStreamSeq);
            assertTrue(s.pendingDeliverySeq.isEmpty());
        }
    }

    @Test
    void shouldCountRedeliveriesAndKeepOriginalDeliverySequence()
    {
        try (MemoryConsumerStateStore store = new MemoryConsumerStateStore(true))
        {
            store.updateDelivered(1, 5, 1, 100);
            store.updateDelivered(2, 5, 2, 500);
            final ConsumerState s = store.state();
            assertEquals(1, s.pendingDeliverySeq.get(5));
            assertEquals(500, s.pendingTimestamp.get(5));
            assertEquals(1, s.redelivered.get(5));
            store.updateAcks(1, 5);
            assertTrue(store.state().redelivered.isEmpty());
        }
    }

    @Test
    void shouldFollowDeliveriesWithAckNone()
    {
        try (MemoryConsumerStateStore store = new MemoryConsumerStateStore(false))
        {
            store.updateDelivered(1, 7, 1, 100);
            final ConsumerState s = store.state();
            assertEquals(7, s.ackFloorStreamSeq);
            assertTrue(s.pendingDeliverySeq.isEmpty());
            assertThrows(StoreException.class, () -> store.updateAcks(1, 7));
        }
    }

    @Test
    void shouldPersistAcrossReopen()
    {
        final Path file = dir.resolve("consumer.state");
        final ConsumerState expected;
        try (FileConsumerStateStore store = new FileConsumerStateStore(file, true, false))
        {
            store.setStarting(100);
            store.updateDelivered(1, 100, 1, 111);
            store.updateDelivered(2, 101, 3, 222);
            store.updateAcks(1, 100);
            expected = store.state();
        }
        try (FileConsumerStateStore store = new FileConsumerStateStore(file, true, false))
        {
            assertEquals(expected, store.state());
            assertEquals(2, store.state().redelivered.get(101));
        }
    }

    @Test
    void shouldDetectCorruptStateFile() throws Exception
    {
        final Path file = dir.resolve("consumer.state");
        try (FileConsumerStateStore store = new FileConsumerStateStore(file, true, true))
        {
            store.updateDelivered(1, 1, 1, 1);
        }
        final byte[] b = Files.readAllBytes(file);
        b[20] ^= 1;
        Files.write(file, b);
        final StoreException ex = assertThrows(StoreException.class, () -> new FileConsumerStateStore(file, true, false));
        assertEquals(StoreException.Reason.CORRUPT, ex.reason());
    }
}
