package io.torus.core.pipeline;

import com.lmax.disruptor.EventFactory;
import io.torus.core.server.ClientConnection;
import io.torus.core.server.ClosedReason;
import org.agrona.ExpandableArrayBuffer;

/**
 * One slot of the ingress ring, preallocated and reused. Producers (I/O threads) copy an operation's bytes into
 * {@link #data}: subject, reply, queue and sid as regions of it, then the payload. Consumers read it between the
 * producer's publish and their own sequence advancing, so no field is shared while written.
 */
public final class OpEvent
{
    public static final EventFactory<OpEvent> FACTORY = OpEvent::new;
    static final int INITIAL_DATA = 512;
    /** A slot whose buffer grew beyond this for a large message gets a fresh small one after use. */
    static final int MAX_RETAINED_DATA = 64 * 1024;

    public OpType type;
    public ClientConnection connection;
    /** System.nanoTime() when the I/O thread parsed the operation. */
    public long ingressNanos;
    public ExpandableArrayBuffer data = new ExpandableArrayBuffer(INITIAL_DATA);
    public int subjectOff;
    public int subjectLen;
    public int replyOff;
    public int replyLen;
    public int queueOff;
    public int queueLen;
    public int sidOff;
    public int sidLen;
    public int payloadOff;
    /** -1 for a message without headers. */
    public int headerLen;
    public int totalLen;
    public long max;
    /** PUBLISH denied by the publish permissions, allowed only if it answers a request (allow_responses). */
    public boolean responseCheck;
    /** CONNECT: the {@link ConnectCommand}; ERROR: the text. */
    public Object attachment;
    /** ERROR: close the connection after sending, for this reason; null keeps it open. */
    public ClosedReason closeReason;

    void clearReferences()
    {
        connection = null;
        attachment = null;
        if (data.capacity() > MAX_RETAINED_DATA)
        {
            data = new ExpandableArrayBuffer(INITIAL_DATA);
        }
    }
}
