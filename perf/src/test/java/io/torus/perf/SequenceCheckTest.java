package io.torus.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torus.perf.load.Payload;
import io.torus.perf.load.SequenceCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verification must catch loss, reordering and duplicates; a benchmark that cannot fail proves nothing. */
class SequenceCheckTest {

    private static byte[] msg(int pub, long seq) {
        byte[] p = Payload.template(32, pub);
        Payload.setSequence(p, 0, seq);
        return p;
    }

    @Test
    void everyMessageInOrderPasses() {
        SequenceCheck c = new SequenceCheck("s", 2, 3, 32, true);
        for (long s = 0; s < 3; s++) {
            c.accept(msg(0, s), 0, 32);
            c.accept(msg(1, s), 0, 32);
        }
        assertEquals(List.of(), c.problems());
    }

    @Test
    void lossAndReorderAreReported() {
        SequenceCheck c = new SequenceCheck("s", 1, 4, 32, true);
        c.accept(msg(0, 0), 0, 32);
        c.accept(msg(0, 2), 0, 32);
        c.accept(msg(0, 1), 0, 32);
        String all = String.join("\n", c.problems());
        assertTrue(all.contains("lost 1"), all);
        assertTrue(all.contains("out of order"), all);
        assertTrue(all.contains("received 3 messages, expected 4"), all);
    }

    @Test
    void queueGroupDuplicatesAndGapsAreReported() {
        SequenceCheck a = new SequenceCheck("a", 1, 4, 32, false);
        SequenceCheck b = new SequenceCheck("b", 1, 4, 32, false);
        a.accept(msg(0, 0), 0, 32);
        a.accept(msg(0, 1), 0, 32);
        b.accept(msg(0, 1), 0, 32);
        b.accept(msg(0, 2), 0, 32);
        String all = String.join("\n", SequenceCheck.mergeQueueShares(List.of(a, b)));
        assertTrue(all.contains("more than one member"), all);
        assertTrue(all.contains("lost 1"), all);
    }

    @Test
    void truncatedPayloadIsReported() {
        SequenceCheck c = new SequenceCheck("s", 1, 1, 32, true);
        c.accept(msg(0, 0), 0, 20);
        assertTrue(String.join("\n", c.problems()).contains("20 bytes"));
    }
}
