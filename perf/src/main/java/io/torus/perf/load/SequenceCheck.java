package io.torus.perf.load;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What one subscriber verifies about what it received. With {@code everyMessage} (1:1, fan-out, N:M) it must see
 * every message of every publisher, in order, with no gap; in a queue group it sees a share, so per publisher the
 * sequence must only increase, and {@link #mergeQueueShares} later checks that the shares add up to each message
 * exactly once.
 *
 * <p>Not thread-safe: one instance per receiving thread.
 */
public final class SequenceCheck {
    private static final int MAX_ERRORS = 5;

    private final String who;
    private final int publishers;
    private final long perPublisher;
    private final int size;
    private final boolean everyMessage;
    private final long[] next;
    private final BitSet[] seen;
    private final List<String> errors = new ArrayList<>();
    private long errorCount;
    private long received;

    public SequenceCheck(String who, int publishers, long perPublisher, int size, boolean everyMessage) {
        this.who = who;
        this.publishers = publishers;
        this.perPublisher = perPublisher;
        this.size = size;
        this.everyMessage = everyMessage;
        this.next = new long[publishers];
        this.seen = everyMessage ? null : new BitSet[publishers];
        if (!everyMessage) {
            for (int i = 0; i < publishers; i++) {
                seen[i] = new BitSet((int) Math.min(Integer.MAX_VALUE, perPublisher));
                next[i] = -1;
            }
        }
    }

    public void accept(byte[] buf, int off, int len) {
        received++;
        if (len != size) {
            error("message " + received + " has " + len + " bytes, expected " + size);
            return;
        }
        int pub = Payload.publisher(buf, off);
        long seq = Payload.sequence(buf, off);
        if (pub < 0 || pub >= publishers || seq < 0 || seq >= perPublisher) {
            error("message " + received + " names publisher " + pub + " sequence " + seq + ", out of range");
            return;
        }
        if (!Payload.tailIntact(buf, off, len)) {
            error("message " + pub + "/" + seq + " payload corrupted");
        }
        if (everyMessage) {
            if (seq != next[pub]) {
                error("publisher " + pub + ": expected sequence " + next[pub] + ", got " + seq
                        + (seq > next[pub] ? " (lost " + (seq - next[pub]) + ")" : " (out of order or duplicate)"));
            }
            next[pub] = seq + 1;
        } else {
            if (seq <= next[pub]) {
                error("publisher " + pub + ": sequence " + seq + " after " + next[pub] + " (out of order or duplicate)");
            }
            next[pub] = seq;
            seen[pub].set((int) seq);
        }
    }

    public long received() {
        return received;
    }

    private void error(String e) {
        errorCount++;
        if (errors.size() < MAX_ERRORS) {
            errors.add(e);
        }
    }

    /** Verification result for an every-message subscriber; call after it should have received everything. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (String e : errors) {
            out.add(who + ": " + e);
        }
        if (errorCount > errors.size()) {
            out.add(who + ": ... " + (errorCount - errors.size()) + " more errors");
        }
        if (everyMessage && received != publishers * perPublisher) {
            out.add(who + ": received " + received + " messages, expected " + publishers * perPublisher);
        }
        return out;
    }

    /** Queue group: every message of every publisher delivered to exactly one member. */
    public static List<String> mergeQueueShares(List<SequenceCheck> members) {
        List<String> out = new ArrayList<>();
        for (SequenceCheck m : members) {
            out.addAll(m.problems());
        }
        SequenceCheck first = members.get(0);
        for (int p = 0; p < first.publishers; p++) {
            BitSet union = new BitSet();
            long total = 0;
            for (SequenceCheck m : members) {
                BitSet s = m.seen[p];
                total += s.cardinality();
                if (union.intersects(s)) {
                    BitSet dup = (BitSet) union.clone();
                    dup.and(s);
                    out.add("queue group: publisher " + p + ": " + dup.cardinality()
                            + " messages delivered to more than one member, first sequence " + dup.nextSetBit(0));
                }
                union.or(s);
            }
            if (union.cardinality() != first.perPublisher) {
                out.add("queue group: publisher " + p + ": " + union.cardinality() + " distinct messages received of "
                        + first.perPublisher + " (lost " + (first.perPublisher - union.cardinality()) + ")");
            } else if (total != first.perPublisher) {
                out.add("queue group: publisher " + p + ": " + total + " deliveries for " + first.perPublisher + " messages");
            }
        }
        return out;
    }
}
