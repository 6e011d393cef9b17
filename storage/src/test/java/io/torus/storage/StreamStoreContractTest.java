package io.torus.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.torus.storage.memory.MemoryStore;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The behaviour every {@link StreamStore} must have, after the Go server's store tests. Subclasses supply the
 * store; each test runs against the memory store and the file store.
 */
@Timeout(30)
public abstract class StreamStoreContractTest
{
    protected StreamStore store;
    protected final StoreMessage msg = new StoreMessage();
    protected final StreamState state = new StreamState();

    /** A new, empty store with the given config. */
    protected abstract StreamStore create(StreamConfig config);

    /** Close and open the same store again (the memory store returns itself: nothing to reopen). */
    protected abstract StreamStore reopen(StreamStore store, StreamConfig config);

    @AfterEach
    void closeStore()
    {
        if (store != null)
        {
            store.close();
        }
    }

    protected long append(final String subject, final String payload)
    {
        return store.append(subject, null, payload.getBytes(StandardCharsets.UTF_8));
    }

    protected long appendAt(final String subject, final String payload, final long ts)
    {
        final UnsafeBuffer s = new UnsafeBuffer(subject.getBytes(StandardCharsets.US_ASCII));
        final UnsafeBuffer p = new UnsafeBuffer(payload.getBytes(StandardCharsets.UTF_8));
        return store.append(s, 0, s.capacity(), p, 0, 0, p, 0, p.capacity(), ts, 0);
    }

    protected StreamState state()
    {
        store.state(state);
        return state;
    }

    @Test
    void shouldAppendAndLoadBySequence()
    {
        store = create(new StreamConfig());
        assertEquals(1, store.append("orders.new", "h1".getBytes(), "first".getBytes()));
        assertEquals(2, append("orders.old", "second"));
        assertTrue(store.load(1, msg));
        assertEquals("orders.new", msg.subject());
        assertEquals("h1", new String(msg.headers()));
        assertEquals("first", msg.payloadAsString());
        assertEquals(1, msg.sequence());
        assertTrue(msg.timestamp() > 0);
        assertTrue(store.load(2, msg));
        assertEquals("second", msg.payloadAsString());
        assertFalse(store.load(3, msg));
        assertFalse(store.load(0, msg));

        final StreamState s = state();
        assertEquals(2, s.msgs);
        assertEquals(1, s.firstSeq);
        assertEquals(2, s.lastSeq);
        assertEquals(2, s.numSubjects);
        assertEquals(StreamStore.messageSize(10, 2, 5) + StreamStore.messageSize(10, 0, 6), s.bytes);
    }

    @Test
    void shouldReportEmptyStateForNewStore()
    {
        store = create(new StreamConfig());
        final StreamState s = state();
        assertEquals(0, s.msgs);
        assertEquals(0, s.firstSeq);
        assertEquals(0, s.lastSeq);
        assertEquals(0, store.loadNext(SubjectFilter.ALL, 1, msg));
        assertFalse(store.loadLast(SubjectFilter.ALL, msg));
    }

    @Test
    void shouldLoadLastBySubjectLiteralAndWildcard()
    {
        store = create(new StreamConfig());
        append("kv.a", "a1");
        append("kv.b", "b1");
        append("kv.a", "a2");
        append("other", "o1");
        assertTrue(store.loadLast(SubjectFilter.of("kv.a"), msg));
        assertEquals("a2", msg.payloadAsString());
        assertEquals(3, msg.sequence());
        assertTrue(store.loadLast(SubjectFilter.of("kv.*"), msg));
        assertEquals(3, msg.sequence());
        assertTrue(store.loadLast(SubjectFilter.ALL, msg));
        assertEquals(4, msg.sequence());
        assertFalse(store.loadLast(SubjectFilter.of("kv.c"), msg));
        store.remove(3);
        assertTrue(store.loadLast(SubjectFilter.of("kv.a"), msg));
        assertEquals("a1", msg.payloadAsString());
    }

    private boolean loadLastBytes(final String subject)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[64]);
        final byte[] s = subject.getBytes(StandardCharsets.US_ASCII);
        b.putBytes(3, s); // not at offset 0: the API takes a slice
        return store.loadLast(b, 3, s.length, msg);
    }

    @Test
    void shouldLoadLastBySubjectBytes()
    {
        store = create(new StreamConfig());
        append("kv.key.one", "1");
        append("kv.key.two", "2");
        append("kv.key.one", "3");
        assertTrue(loadLastBytes("kv.key.one"));
        assertEquals(3, msg.sequence());
        assertEquals("3", msg.payloadAsString());
        store.remove(3);
        assertTrue(loadLastBytes("kv.key.one"));
        assertEquals(1, msg.sequence());
        store.remove(1);
        assertFalse(loadLastBytes("kv.key.one"));
        assertFalse(loadLastBytes("kv.key.six"));
        assertTrue(loadLastBytes("kv.key.two"));
        assertEquals("2", msg.payloadAsString());
        append("kv.key.one", "4");
        store.truncate(3);
        assertFalse(loadLastBytes("kv.key.one"));
        assertEquals(4, append("kv.key.one", "5"));
        assertTrue(loadLastBytes("kv.key.one"));
        assertEquals("5", msg.payloadAsString());
    }

    @Test
    void shouldLoadNextMatchingFilter()
    {
        store = create(new StreamConfig());
        append("a.1", "x");
        append("b.1", "x");
        append("a.2", "x");
        append("a.2.deep", "x");
        append("b.2", "x");
        assertEquals(1, store.loadNext(SubjectFilter.of("a.*"), 0, msg));
        assertEquals(3, store.loadNext(SubjectFilter.of("a.*"), 2, msg));
        assertEquals("a.2", msg.subject());
        assertEquals(0, store.loadNext(SubjectFilter.of("a.*"), 4, msg));
        assertEquals(4, store.loadNext(SubjectFilter.of("a.>"), 4, msg));
        assertEquals(5, store.loadNext(SubjectFilter.of("b.2"), 1, msg));
        assertEquals(2, store.loadNext(SubjectFilter.of("*.1"), 2, msg));
        assertEquals(2, store.loadNext(SubjectFilter.ALL, 2, msg));
        assertEquals(0, store.loadNext(SubjectFilter.ALL, 6, msg));
        store.remove(3);
        assertEquals(4, store.loadNext(SubjectFilter.of("a.>"), 2, msg));
    }

    @Test
    void shouldRemoveAndEraseAndCountDeleted()
    {
        store = create(new StreamConfig());
        for (int i = 0; i < 5; i++)
        {
            append("s", "m" + i);
        }
        assertTrue(store.remove(2));
        assertFalse(store.remove(2));
        assertTrue(store.erase(4));
        assertFalse(store.load(2, msg));
        assertFalse(store.load(4, msg));
        StreamState s = state();
        assertEquals(3, s.msgs);
        assertEquals(2, s.numDeleted);
        assertTrue(store.remove(1));
        s = state();
        assertEquals(3, s.firstSeq);
        assertEquals(1, s.numDeleted);
        assertFalse(store.remove(99));
    }

    @Test
    void shouldPurgeAllAndContinueSequence()
    {
        store = create(new StreamConfig());
        append("a", "1");
        append("b", "2");
        assertEquals(2, store.purge());
        StreamState s = state();
        assertEquals(0, s.msgs);
        assertEquals(0, s.bytes);
        assertEquals(3, s.firstSeq);
        assertEquals(2, s.lastSeq);
        assertEquals(0, s.numSubjects);
        assertEquals(3, append("c", "3"));
        s = state();
        assertEquals(3, s.firstSeq);
        assertEquals(1, s.msgs);
    }

    @Test
    void shouldPurgeBySubjectBelowSequenceAndKeepingLastN()
    {
        store = create(new StreamConfig());
        for (int i = 1; i <= 10; i++)
        {
            append(i % 2 == 0 ? "even" : "odd", "m" + i);
        }
        assertEquals(2, store.purge(SubjectFilter.of("even"), 5, 0)); // 2 and 4
        assertEquals(3, store.numPending(0, SubjectFilter.of("even"), false));
        assertEquals(4, store.purge(SubjectFilter.of("odd"), 0, 1)); // keep 9
        assertEquals(1, store.numPending(0, SubjectFilter.of("odd"), false));
        assertTrue(store.load(9, msg));
        assertEquals(0, store.purge(SubjectFilter.of("odd"), 0, 5));
        assertEquals(4, state().msgs);
        assertEquals(0, store.purge(SubjectFilter.of("nope"), 0, 0));
    }

    @Test
    void shouldCompactBelowSequenceAndPastTheEnd()
    {
        store = create(new StreamConfig());
        for (int i = 0; i < 10; i++)
        {
            append("s." + (i % 3), "m" + i);
        }
        assertEquals(4, store.compact(5));
        StreamState s = state();
        assertEquals(5, s.firstSeq);
        assertEquals(6, s.msgs);
        assertFalse(store.load(4, msg));
        assertTrue(store.load(5, msg));
        assertEquals(6, store.subjectsTotals(SubjectFilter.ALL).values().stream().mapToLong(Long::longValue).sum());
        assertEquals(6, store.compact(100));
        s = state();
        assertEquals(0, s.msgs);
        assertEquals(100, s.firstSeq);
        assertEquals(99, s.lastSeq);
        assertEquals(100, append("x", "y"));
    }

    @Test
    void shouldTruncateAboveSequence()
    {
        store = create(new StreamConfig());
        for (int i = 0; i < 10; i++)
        {
            append(i < 5 ? "low" : "high", "m" + i);
        }
        store.truncate(6);
        StreamState s = state();
        assertEquals(6, s.lastSeq);
        assertEquals(6, s.msgs);
        assertFalse(store.load(7, msg));
        assertTrue(store.loadLast(SubjectFilter.of("high"), msg));
        assertEquals(6, msg.sequence());
        assertEquals(7, append("high", "again"));
        assertThrows(StoreException.class, () -> store.truncate(100));
    }

    @Test
    void shouldSkipSequences()
    {
        store = create(new StreamConfig());
        assertEquals(1, store.skip(0));
        StreamState s = state();
        assertEquals(1, s.lastSeq);
        assertEquals(2, s.firstSeq);
        assertEquals(0, s.msgs);
        assertEquals(2, append("a", "x"));
        store.skip(3, 5);
        assertEquals(8, append("a", "y"));
        s = state();
        assertEquals(2, s.msgs);
        assertEquals(5, s.numDeleted);
        final StoreException ex = assertThrows(StoreException.class, () -> store.skip(20));
        assertEquals(StoreException.Reason.SEQUENCE_MISMATCH, ex.reason());
    }

    @Test
    void shouldRejectRawAppendWithWrongSequence()
    {
        store = create(new StreamConfig());
        final UnsafeBuffer b = new UnsafeBuffer("subj".getBytes());
        store.appendRaw(1, b, 0, 4, b, 0, 0, b, 0, 4, 123, 0, true);
        final StoreException ex = assertThrows(StoreException.class,
            () -> store.appendRaw(5, b, 0, 4, b, 0, 0, b, 0, 4, 123, 0, true));
        assertEquals(StoreException.Reason.SEQUENCE_MISMATCH, ex.reason());
        assertTrue(store.load(1, msg));
        assertEquals(123, msg.timestamp());
    }

    @Test
    void shouldDiscardOldestAtMaxMsgs()
    {
        store = create(new StreamConfig().maxMsgs(3));
        for (int i = 0; i < 10; i++)
        {
            append("s", "m" + i);
        }
        final StreamState s = state();
        assertEquals(3, s.msgs);
        assertEquals(8, s.firstSeq);
        assertEquals(10, s.lastSeq);
    }

    @Test
    void shouldRefuseNewAtMaxMsgsWithDiscardNew()
    {
        store = create(new StreamConfig().maxMsgs(2).discard(DiscardPolicy.NEW));
        append("s", "1");
        append("s", "2");
        final StoreException ex = assertThrows(StoreException.class, () -> append("s", "3"));
        assertEquals(StoreException.Reason.MAX_MSGS, ex.reason());
        assertEquals(2, state().lastSeq);
    }

    @Test
    void shouldEnforceMaxBytes()
    {
        final long one = StreamStore.messageSize(1, 0, 10);
        store = create(new StreamConfig().maxBytes(one * 3));
        for (int i = 0; i < 5; i++)
        {
            append("s", "0123456789");
        }
        assertEquals(3, state().msgs);
        assertEquals(one * 3, state().bytes);
        store.close();
        store = create(new StreamConfig().maxBytes(one * 3).discard(DiscardPolicy.NEW));
        for (int i = 0; i < 3; i++)
        {
            append("s", "0123456789");
        }
        final StoreException ex = assertThrows(StoreException.class, () -> append("s", "0123456789"));
        assertEquals(StoreException.Reason.MAX_BYTES, ex.reason());
    }

    @Test
    void shouldKeepMaxMsgsPerSubject()
    {
        store = create(new StreamConfig().maxMsgsPerSubject(2));
        for (int i = 0; i < 6; i++)
        {
            append("kv." + (i % 2), "v" + i);
        }
        append("kv.0", "v6");
        final Map<String, SimpleState> ss = store.subjectsState(SubjectFilter.of("kv.*"));
        assertEquals(new SimpleState(2, 5, 7), ss.get("kv.0"));
        assertEquals(new SimpleState(2, 4, 6), ss.get("kv.1"));
        assertEquals(4, state().msgs);
        assertFalse(store.load(3, msg));
        assertTrue(store.loadLast(SubjectFilter.of("kv.0"), msg));
        assertEquals("v6", msg.payloadAsString());
    }

    @Test
    void shouldRefuseNewPerSubjectWhenConfigured()
    {
        store = create(new StreamConfig().maxMsgsPerSubject(1).discard(DiscardPolicy.NEW).discardNewPerSubject(true));
        append("k", "1");
        final StoreException ex = assertThrows(StoreException.class, () -> append("k", "2"));
        assertEquals(StoreException.Reason.MAX_MSGS_PER_SUBJECT, ex.reason());
        append("other", "1");
        assertEquals(2, state().msgs);
    }

    @Test
    void shouldRefuseTooLargeMessage()
    {
        store = create(new StreamConfig().maxMsgSize(16));
        final StoreException ex = assertThrows(StoreException.class, () -> append("s", "01234567890123456789"));
        assertEquals(StoreException.Reason.MSG_TOO_LARGE, ex.reason());
        assertEquals(0, state().msgs);
    }

    @Test
    void shouldExpireByMaxAge()
    {
        store = create(new StreamConfig().maxAge(1, TimeUnit.SECONDS));
        final long base = 1_000_000_000_000L;
        appendAt("s", "old1", base);
        appendAt("s", "old2", base + 100);
        appendAt("t", "new", base + 2_000_000_000L);
        store.expire(base + 1_500_000_000L);
        final StreamState s = state();
        assertEquals(1, s.msgs);
        assertEquals(3, s.firstSeq);
        assertEquals(1, s.numSubjects);
    }

    @Test
    void shouldExpireByPerMessageTtl()
    {
        store = create(new StreamConfig());
        final UnsafeBuffer s = new UnsafeBuffer("ttl".getBytes());
        final long now = System.currentTimeMillis() * 1_000_000L;
        store.append(s, 0, 3, s, 0, 0, s, 0, 3, now, 1);
        store.append(s, 0, 3, s, 0, 0, s, 0, 3, now, 0);
        store.expire(now + 500_000_000L);
        assertEquals(2, state().msgs);
        store.expire(now + 1_000_000_001L);
        assertEquals(1, state().msgs);
        assertFalse(store.load(1, msg));
        assertTrue(store.load(2, msg));
    }

    @Test
    void shouldCountPendingWithAndWithoutLastPerSubject()
    {
        store = create(new StreamConfig());
        append("a.x", "1"); // 1
        append("a.y", "2"); // 2
        append("a.x", "3"); // 3
        append("b.x", "4"); // 4
        append("a.y", "5"); // 5
        append("a.x", "6"); // 6
        assertEquals(5, store.numPending(1, SubjectFilter.of("a.*"), false));
        assertEquals(3, store.numPending(3, SubjectFilter.of("a.*"), false));
        assertEquals(2, store.numPending(1, SubjectFilter.of("a.*"), true));
        assertEquals(1, store.numPending(6, SubjectFilter.of("a.*"), true));
        assertEquals(1, store.numPending(4, SubjectFilter.of("a.x"), false));
        assertEquals(2, store.numPending(2, SubjectFilter.of("a.x"), false));
        assertEquals(6, store.numPending(0, SubjectFilter.ALL, false));
        assertEquals(3, store.numPending(4, SubjectFilter.ALL, false));
        assertEquals(3, store.numPending(1, SubjectFilter.ALL, true));
        assertEquals(0, store.numPending(7, SubjectFilter.ALL, false));
        final SimpleState fs = store.filteredState(2, SubjectFilter.of("a.x"));
        assertEquals(new SimpleState(2, 3, 6), fs);
        final Map<String, Long> totals = store.subjectsTotals(SubjectFilter.of("a.>"));
        assertEquals(Map.of("a.x", 3L, "a.y", 2L), totals);
    }

    @Test
    void shouldFindSequenceForTime()
    {
        store = create(new StreamConfig());
        appendAt("s", "1", 100);
        appendAt("s", "2", 200);
        appendAt("s", "3", 300);
        assertEquals(2, store.sequenceForTime(150));
        assertEquals(1, store.sequenceForTime(0));
        assertEquals(4, store.sequenceForTime(1000));
    }

    @Test
    void shouldApplyTighterLimitsOnUpdateConfig()
    {
        store = create(new StreamConfig());
        for (int i = 0; i < 10; i++)
        {
            append("s." + (i % 2), "v");
        }
        store.updateConfig(new StreamConfig().maxMsgsPerSubject(2));
        assertEquals(4, state().msgs);
        store.updateConfig(new StreamConfig().maxMsgs(1));
        assertEquals(1, state().msgs);
        assertEquals(10, state().firstSeq);
    }

    @Test
    void shouldHandleKeyValueWorkloadWithManySubjects()
    {
        store = create(new StreamConfig().maxMsgsPerSubject(1));
        for (int round = 0; round < 3; round++)
        {
            for (int k = 0; k < 2000; k++)
            {
                append("kv.key" + k, "r" + round);
            }
        }
        final StreamState s = state();
        assertEquals(2000, s.msgs);
        assertEquals(2000, s.numSubjects);
        assertEquals(4001, s.firstSeq);
        assertTrue(store.loadLast(SubjectFilter.of("kv.key1234"), msg));
        assertEquals("r2", msg.payloadAsString());
    }

    @Test
    void shouldSnapshotAndRestoreIntoEitherStoreType() throws Exception
    {
        store = create(new StreamConfig());
        append("a", "1");
        append("b", "2");
        append("a", "3");
        store.remove(2);
        store.skip(4, 2);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.snapshot(out);
        try (StreamStore memory = new MemoryStore(new StreamConfig()))
        {
            memory.restore(new ByteArrayInputStream(out.toByteArray()));
            final StreamState s = new StreamState();
            memory.state(s);
            assertEquals(2, s.msgs);
            assertEquals(1, s.firstSeq);
            assertEquals(5, s.lastSeq);
            assertTrue(memory.load(3, msg));
            assertEquals("3", msg.payloadAsString());
            assertFalse(memory.load(2, msg));
        }
        final byte[] corrupt = out.toByteArray();
        corrupt[corrupt.length / 2] ^= 0x55;
        try (StreamStore memory = new MemoryStore(new StreamConfig()))
        {
            assertThrows(StoreException.class, () -> memory.restore(new ByteArrayInputStream(corrupt)));
        }
    }

    @Test
    void shouldKeepEverythingAcrossReopen()
    {
        final StreamConfig cfg = new StreamConfig();
        store = create(cfg);
        for (int i = 0; i < 100; i++)
        {
            append("r." + (i % 7), "payload-" + i);
        }
        store.remove(50);
        store = reopen(store, cfg);
        final StreamState s = state();
        assertEquals(99, s.msgs);
        assertEquals(100, s.lastSeq);
        assertEquals(7, s.numSubjects);
        assertFalse(store.load(50, msg));
        assertTrue(store.load(51, msg));
        assertEquals("payload-50", msg.payloadAsString());
        assertEquals(101, append("r.1", "more"));
    }

    @Test
    void shouldKeepSequencesOfPurgeAndSkipAcrossReopen()
    {
        final StreamConfig cfg = new StreamConfig();
        store = create(cfg);
        for (int i = 0; i < 5; i++)
        {
            append("p", "v" + i);
        }
        store.purge();
        store.skip(6, 10_000); // a big skip: the file store starts a block past it
        store = reopen(store, cfg);
        StreamState s = state();
        assertEquals(0, s.msgs);
        assertEquals(10_005, s.lastSeq);
        assertEquals(10_006, s.firstSeq);
        assertEquals(10_006, append("p", "after"));
        store.skip(0);
        store = reopen(store, cfg);
        s = state();
        assertEquals(10_007, s.lastSeq);
        assertEquals(1, s.msgs);
        assertEquals(10_008, append("p", "again"));
    }

    @Test
    void shouldRefuseUseAfterClose()
    {
        store = create(new StreamConfig());
        store.close();
        final StoreException ex = assertThrows(StoreException.class, () -> append("a", "b"));
        assertEquals(StoreException.Reason.CLOSED, ex.reason());
        store = null;
    }
}
