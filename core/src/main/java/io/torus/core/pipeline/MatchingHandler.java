package io.torus.core.pipeline;

import com.lmax.disruptor.EventHandler;
import io.torus.core.protocol.ConnectOptions;
import io.torus.core.protocol.ProtocolErrors;
import io.torus.core.protocol.ProtocolParser;
import io.torus.core.server.Account;
import io.torus.core.server.ClientConnection;
import io.torus.core.server.ClosedReason;
import io.torus.core.server.CrossAccountRoute;
import io.torus.core.server.ProtocolTrace;
import io.torus.core.server.ResponseRoute;
import io.torus.core.server.ServerStats;
import io.torus.core.subject.MatchResult;
import io.torus.core.subject.SubjectTrie;
import io.torus.core.subject.Subscription;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.SplittableRandom;

/**
 * The matching stage: the single thread that owns every subscription trie and every connection's subscriptions.
 * For each published message it finds the interested subscriptions and encodes MSG/HMSG into each recipient's staging
 * buffer; at the end of the ring batch it hands each touched connection's bytes to its event loop, once.
 */
public final class MatchingHandler implements EventHandler<OpEvent>
{
    private static final Logger LOG = LoggerFactory.getLogger(MatchingHandler.class);
    private static final byte[] MSG = "MSG ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HMSG = "HMSG ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_RESPONDERS_HEADER = "16 16\r\nNATS/1.0 503\r\n\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII);
    /** The part of {@link #NO_RESPONDERS_HEADER} that ends the HMSG control line ("16 16"). */
    private static final int NO_RESPONDERS_CONTROL_TAIL = 5;

    /**
     * A recipient's staged bytes are handed to its event loop mid-batch beyond this, so a long batch neither grows
     * the staging buffer without bound nor keeps the socket idle until the batch ends.
     */
    static final int FLUSH_THRESHOLD_BYTES = 64 * 1024;

    private final ServerStats stats;
    private final PipelineLatency latency;
    private final long maxPendingBytes;
    private static final byte[] REPLY_PREFIX = Account.REPLY_PREFIX.getBytes(StandardCharsets.US_ASCII);

    private final ArrayList<ClientConnection> touched = new ArrayList<>();
    /** Views of subjects renamed by imports, reused. */
    private final UnsafeBuffer crossSubject = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer crossReply = new UnsafeBuffer(0, 0);
    private final SplittableRandom random = new SplittableRandom();
    private long batchStartNanos = System.nanoTime();
    private long latencyIngressNanos;
    private long latencyCount;

    public MatchingHandler(final ServerStats stats, final PipelineLatency latency, final long maxPendingBytes)
    {
        this.stats = stats;
        this.latency = latency;
        this.maxPendingBytes = maxPendingBytes;
    }

    /** One clock read per batch rather than per event: the time the stage picked the batch up. */
    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        batchStartNanos = System.nanoTime();
    }

    @Override
    public void onEvent(final OpEvent event, final long sequence, final boolean endOfBatch)
    {
        final ClientConnection connection = event.connection;
        try
        {
            if (event.type != OpType.NOOP && connection != null && !connection.isClosed())
            {
                countLatency(event.ingressNanos);
                switch (event.type)
                {
                    case PUBLISH: onPublish(event, connection); break;
                    case SUBSCRIBE: onSubscribe(event, connection); break;
                    case UNSUBSCRIBE: onUnsubscribe(event, connection); break;
                    case PING: pong(connection, event.ingressNanos); break;
                    case CONNECT: onConnect(event, connection); break;
                    case ERROR: onError(event, connection); break;
                    case CLOSED: onClosed(connection); break;
                    default: break;
                }
            }
        }
        catch (final RuntimeException e)
        {
            // One bad operation must not stop the stage that serves every client.
            LOG.error("matching stage failed on {} from {}", event.type, connection, e);
        }
        finally
        {
            event.clearReferences();
        }
        if (endOfBatch)
        {
            flushLatency();
            flushTouched();
        }
    }

    /**
     * Operations of one read share their ingress stamp: they are recorded as one value with a count, so the histogram
     * is the same with one recorder call (two atomic operations) per read instead of per operation.
     */
    private void countLatency(final long ingressNanos)
    {
        if (ingressNanos == latencyIngressNanos && latencyCount > 0)
        {
            latencyCount++;
            return;
        }
        flushLatency();
        latencyIngressNanos = ingressNanos;
        latencyCount = 1;
    }

    private void flushLatency()
    {
        if (latencyCount > 0)
        {
            latency.recordIngressToMatch(batchStartNanos - latencyIngressNanos, latencyCount);
            latencyCount = 0;
        }
    }

    private void flushTouched()
    {
        final ArrayList<ClientConnection> list = touched;
        for (int i = 0, n = list.size(); i < n; i++)
        {
            final ClientConnection c = list.get(i);
            c.leaveFlushList();
            handOver(c);
        }
        list.clear();
    }

    private void onConnect(final OpEvent event, final ClientConnection connection)
    {
        final ConnectCommand command = (ConnectCommand)event.attachment;
        final ConnectOptions o = command.options();
        connection.connectFlags(o.echo, o.verbose, o.headers, o.noResponders);
        connection.grants(command.deliveryDeny(), command.response(), command.maxSubscriptions());
        connection.active(event.ingressNanos);
        if (o.verbose)
        {
            ok(connection, event.ingressNanos);
        }
    }

    private void onPublish(final OpEvent event, final ClientConnection publisher)
    {
        final ExpandableArrayBuffer data = event.data;
        publisher.active(event.ingressNanos);
        if (event.responseCheck &&
            !publisher.mayAnswer(ProtocolParser.text(data, event.subjectOff, event.subjectLen), batchStartNanos))
        {
            final String subject = ProtocolParser.text(data, event.subjectOff, event.subjectLen);
            LOG.error("{} - Publish Violation - Subject \"{}\"", publisher, subject);
            stageError(publisher, ProtocolErrors.publishViolation(subject), event.ingressNanos);
            return;
        }
        if (publisher.verbose())
        {
            // Before the deliveries, as Go: a client that publishes to itself reads +OK, then the MSG.
            ok(publisher, event.ingressNanos);
        }
        final Account account = publisher.account();
        final SubjectTrie<ClientConnection> trie = account.subscriptions();
        boolean delivered = deliverAll(trie.match(data, event.subjectOff, event.subjectLen), event, publisher,
            data, event.subjectOff, event.subjectLen, data, event.replyOff, event.replyLen);
        if (account.hasRoutes() || account.hasResponseRoutes())
        {
            delivered |= deliverAcrossAccounts(account, event, publisher);
        }
        if (!delivered && event.replyLen > 0 && publisher.noResponders())
        {
            sendNoResponders(event, publisher, trie);
        }
    }

    /** Delivers to every plain subscription and to one member of each queue group; true if anyone got it. */
    private boolean deliverAll(
        final MatchResult<ClientConnection> result, final OpEvent event, final ClientConnection publisher,
        final DirectBuffer subjectBuf, final int subjectOff, final int subjectLen,
        final DirectBuffer replyBuf, final int replyOff, final int replyLen)
    {
        boolean delivered = false;
        final Subscription<ClientConnection>[] plain = result.plain();
        for (int i = 0; i < plain.length; i++)
        {
            delivered |= deliver(plain[i], event, publisher, subjectBuf, subjectOff, subjectLen,
                replyBuf, replyOff, replyLen);
        }
        final Subscription<ClientConnection>[][] groups = result.queueGroups();
        for (int g = 0; g < groups.length; g++)
        {
            final Subscription<ClientConnection>[] members = groups[g];
            final int n = members.length;
            final int start = n == 1 ? 0 : random.nextInt(n);
            for (int k = 0; k < n; k++)
            {
                if (deliver(members[(start + k) % n], event, publisher, subjectBuf, subjectOff, subjectLen,
                    replyBuf, replyOff, replyLen))
                {
                    delivered = true;
                    break;
                }
            }
        }
        return delivered;
    }

    /**
     * Imports: a message published here may also be an answer travelling back through a service import, a request
     * crossing a service import to its exporter, or a stream exported to importers. Off the path of accounts
     * without imports.
     */
    private boolean deliverAcrossAccounts(final Account account, final OpEvent event, final ClientConnection publisher)
    {
        final ExpandableArrayBuffer data = event.data;
        boolean delivered = false;
        if (account.hasResponseRoutes() && io.torus.core.subject.Subjects.hasPrefix(data, event.subjectOff, event.subjectLen, REPLY_PREFIX))
        {
            final ResponseRoute back = account.takeResponseRoute(
                ProtocolParser.text(data, event.subjectOff, event.subjectLen), batchStartNanos);
            if (back != null)
            {
                final byte[] to = back.reply();
                crossSubject.wrap(to);
                delivered |= deliverAll(back.requesterAccount().subscriptions().match(to), event, publisher,
                    crossSubject, 0, to.length, data, event.replyOff, event.replyLen);
            }
        }
        if (account.hasRoutes())
        {
            final Subscription<CrossAccountRoute>[] routes =
                account.routes(data, event.subjectOff, event.subjectLen).plain();
            if (routes.length > 0)
            {
                final String subject = ProtocolParser.text(data, event.subjectOff, event.subjectLen);
                for (final Subscription<CrossAccountRoute> r : routes)
                {
                    delivered |= deliverRoute(r.owner(), subject, account, event, publisher);
                }
            }
        }
        return delivered;
    }

    private boolean deliverRoute(final CrossAccountRoute route, final String subject, final Account from,
        final OpEvent event, final ClientConnection publisher)
    {
        final Account target = route.target();
        final byte[] mapped = route.transform().apply(subject).getBytes(StandardCharsets.UTF_8);
        final MatchResult<ClientConnection> result = target.subscriptions().match(mapped);
        if (result.isEmpty())
        {
            return false;
        }
        crossSubject.wrap(mapped);
        if (route.service() && event.replyLen > 0)
        {
            // The responders see a reply subject of the exporter's account that leads back to the requester.
            final byte[] reply = new byte[event.replyLen];
            event.data.getBytes(event.replyOff, reply);
            final byte[] generated = target.addResponseRoute(from, reply, route.responseType(),
                route.responseThresholdNanos(), batchStartNanos).getBytes(StandardCharsets.US_ASCII);
            crossReply.wrap(generated);
            return deliverAll(result, event, publisher, crossSubject, 0, mapped.length, crossReply, 0,
                generated.length);
        }
        return deliverAll(result, event, publisher, crossSubject, 0, mapped.length, event.data, event.replyOff,
            event.replyLen);
    }

    private boolean deliver(
        final Subscription<ClientConnection> sub, final OpEvent event, final ClientConnection publisher,
        final DirectBuffer subjectBuf, final int subjectOff, final int subjectLen,
        final DirectBuffer replyBuf, final int replyOff, final int replyLen)
    {
        final ClientConnection to = sub.owner();
        if (sub.isClosed() || to.isClosing() || (to == publisher && !publisher.echo()) ||
            to.deliveryDenied(subjectBuf, subjectOff, subjectLen))
        {
            return false;
        }
        final ExpandableArrayBuffer data = event.data;
        final ExpandableDirectByteBuffer out = to.staging();
        final int start = to.stagedLength();
        int pos = start;
        final boolean hasHeaders = event.headerLen > 0;
        final boolean sendHeaders = hasHeaders && to.headers();
        if (sendHeaders)
        {
            out.putBytes(pos, HMSG);
            pos += HMSG.length;
        }
        else
        {
            out.putBytes(pos, MSG);
            pos += MSG.length;
        }
        out.putBytes(pos, subjectBuf, subjectOff, subjectLen);
        pos += subjectLen;
        out.putByte(pos++, (byte)' ');
        final byte[] sid = sub.sid();
        out.putBytes(pos, sid);
        pos += sid.length;
        out.putByte(pos++, (byte)' ');
        if (replyLen > 0)
        {
            out.putBytes(pos, replyBuf, replyOff, replyLen);
            pos += replyLen;
            out.putByte(pos++, (byte)' ');
            if (to.tracksReplies())
            {
                to.allowReply(ProtocolParser.text(replyBuf, replyOff, replyLen), batchStartNanos);
            }
        }
        final int bodyOff;
        final int bodyLen;
        if (sendHeaders)
        {
            pos += out.putNaturalIntAscii(pos, event.headerLen);
            out.putByte(pos++, (byte)' ');
            bodyOff = event.payloadOff;
            bodyLen = event.totalLen;
        }
        else if (hasHeaders)
        {
            // A client that did not declare headers gets the body alone, as the Go server does.
            bodyOff = event.payloadOff + event.headerLen;
            bodyLen = event.totalLen - event.headerLen;
        }
        else
        {
            bodyOff = event.payloadOff;
            bodyLen = event.totalLen;
        }
        pos += out.putNaturalIntAscii(pos, bodyLen);
        final int controlLineEnd = pos;
        out.putBytes(pos, CRLF);
        pos += 2;
        out.putBytes(pos, data, bodyOff, bodyLen);
        pos += bodyLen;
        out.putBytes(pos, CRLF);
        pos += 2;
        if (to.staged(pos - start, event.ingressNanos))
        {
            touched.add(to);
        }
        if (pos >= FLUSH_THRESHOLD_BYTES)
        {
            handOver(to);
        }
        to.countOut(bodyLen, event.ingressNanos);
        stats.outMsgs++;
        stats.outBytes += bodyLen;
        final boolean limitReached = sub.countDeliveryAndCheckLimit();
        if (limitReached)
        {
            LOG.debug("{} - Auto-unsubscribe limit of {} reached for sid '{}'", to, sub.maxMsgs(),
                new String(sub.sid(), StandardCharsets.UTF_8));
        }
        if (to.trace())
        {
            // The staging buffer may have been handed over above: the control line is still in it, it is not reused
            // until the next encode.
            ProtocolTrace.outLine(to, out, start, controlLineEnd - start);
        }
        if (limitReached)
        {
            removeSubscription(to, sub);
        }
        return true;
    }

    private void sendNoResponders(
        final OpEvent event, final ClientConnection publisher, final SubjectTrie<ClientConnection> trie)
    {
        final MatchResult<ClientConnection> replies = trie.match(event.data, event.replyOff, event.replyLen);
        for (final Subscription<ClientConnection> sub : replies.plain())
        {
            if (sub.owner() == publisher && !sub.isClosed())
            {
                final ExpandableDirectByteBuffer out = publisher.staging();
                final int start = publisher.stagedLength();
                int pos = start;
                out.putBytes(pos, HMSG);
                pos += HMSG.length;
                out.putBytes(pos, event.data, event.replyOff, event.replyLen);
                pos += event.replyLen;
                out.putByte(pos++, (byte)' ');
                out.putBytes(pos, sub.sid());
                pos += sub.sid().length;
                out.putByte(pos++, (byte)' ');
                out.putBytes(pos, NO_RESPONDERS_HEADER);
                if (publisher.trace())
                {
                    // The control line: HMSG reply sid 16 16.
                    ProtocolTrace.outLine(publisher, out, start, pos - start + NO_RESPONDERS_CONTROL_TAIL);
                }
                pos += NO_RESPONDERS_HEADER.length;
                if (publisher.staged(pos - start, event.ingressNanos))
                {
                    touched.add(publisher);
                }
                return;
            }
        }
    }

    private void onSubscribe(final OpEvent event, final ClientConnection connection)
    {
        connection.active(event.ingressNanos);
        final ExpandableArrayBuffer data = event.data;
        final String sidKey = ProtocolParser.text(data, event.sidOff, event.sidLen);
        if (!connection.subscriptions().containsKey(sidKey))
        {
            final int max = connection.maxSubscriptions();
            if (max >= 0 && connection.subscriptions().size() >= max)
            {
                LOG.error("{} - {}", connection, ProtocolErrors.MAX_SUBSCRIPTIONS_EXCEEDED);
                stageError(connection, ProtocolErrors.MAX_SUBSCRIPTIONS_EXCEEDED, event.ingressNanos);
                return;
            }
            final byte[] subject = new byte[event.subjectLen];
            data.getBytes(event.subjectOff, subject);
            byte[] queue = null;
            if (event.queueLen > 0)
            {
                queue = new byte[event.queueLen];
                data.getBytes(event.queueOff, queue);
            }
            final byte[] sid = new byte[event.sidLen];
            data.getBytes(event.sidOff, sid);
            final Subscription<ClientConnection> sub = new Subscription<>(connection, subject, queue, sid);
            if (!connection.account().subscribe(sub))
            {
                stageError(connection, ProtocolErrors.INVALID_SUBJECT, event.ingressNanos);
                return;
            }
            connection.subscriptions().put(sidKey, sub);
            connection.subscribedTo(subject);
        }
        if (connection.verbose())
        {
            ok(connection, event.ingressNanos);
        }
    }

    private void onUnsubscribe(final OpEvent event, final ClientConnection connection)
    {
        connection.active(event.ingressNanos);
        final String sidKey = ProtocolParser.text(event.data, event.sidOff, event.sidLen);
        final Subscription<ClientConnection> sub = connection.subscriptions().get(sidKey);
        boolean remove = false;
        if (sub != null)
        {
            if (event.max > 0 && event.max > sub.delivered())
            {
                sub.maxMsgs(event.max);
            }
            else
            {
                remove = true;
            }
        }
        // +OK, then the removal, in Go's order (its trace shows ->> [OK] before <-> [DELSUB]).
        if (connection.verbose())
        {
            ok(connection, event.ingressNanos);
        }
        if (remove)
        {
            removeSubscription(connection, sub);
        }
    }

    private void onError(final OpEvent event, final ClientConnection connection)
    {
        if (event.attachment != null)
        {
            stageError(connection, (String)event.attachment, event.ingressNanos);
        }
        if (event.closeReason != null)
        {
            closeAfterFlush(connection, event.closeReason);
        }
    }

    private void onClosed(final ClientConnection connection)
    {
        final Account account = connection.account();
        for (final Subscription<ClientConnection> sub : connection.subscriptions().values())
        {
            sub.close();
            account.unsubscribe(sub);
            if (connection.trace())
            {
                ProtocolTrace.deleteSubscription(connection, sub.sid());
            }
        }
        connection.subscriptions().clear();
        connection.markClosed();
    }

    private void removeSubscription(final ClientConnection connection, final Subscription<ClientConnection> sub)
    {
        sub.close();
        connection.account().unsubscribe(sub);
        connection.subscriptions().remove(new String(sub.sid(), StandardCharsets.UTF_8));
        if (connection.trace())
        {
            ProtocolTrace.deleteSubscription(connection, sub.sid());
        }
    }

    /**
     * Hands a recipient's staged bytes to its event loop, unless that would take it over max_pending: then it is a
     * slow consumer. Checked per hand-over (at most 64 KB apart), not per message, to keep the channel's counters
     * off the per-message path.
     */
    private void handOver(final ClientConnection to)
    {
        if (to.isClosing() && !to.isClosed())
        {
            // Closing for an error already flushed what it owed; a slow consumer gets nothing more.
            to.discardStaged();
            return;
        }
        if (to.stagedLength() > 0 && to.channel().pendingBytes() + to.stagedLength() > maxPendingBytes)
        {
            slowConsumer(to);
            return;
        }
        to.flush();
    }

    private void slowConsumer(final ClientConnection connection)
    {
        stats.slowConsumers.incrementAndGet();
        LOG.info("{} - Slow Consumer Detected: MaxPending of {} Exceeded", connection, maxPendingBytes);
        connection.markClosing();
        connection.discardStaged();
        connection.channel().close(ClosedReason.SLOW_CONSUMER_PENDING_BYTES);
    }

    private void closeAfterFlush(final ClientConnection connection, final ClosedReason reason)
    {
        connection.flush();
        connection.markClosing();
        connection.channel().close(reason);
    }

    private void stageError(final ClientConnection connection, final String text, final long ingressNanos)
    {
        if (connection.trace())
        {
            ProtocolTrace.out(connection, "-ERR", text);
        }
        stage(connection, ("-ERR '" + text + "'\r\n").getBytes(StandardCharsets.UTF_8), ingressNanos);
    }

    private void ok(final ClientConnection connection, final long ingressNanos)
    {
        if (connection.trace())
        {
            ProtocolTrace.out(connection, "OK", null);
        }
        stage(connection, OK, ingressNanos);
    }

    private void pong(final ClientConnection connection, final long ingressNanos)
    {
        if (connection.trace())
        {
            ProtocolTrace.out(connection, "PONG", null);
        }
        stage(connection, PONG, ingressNanos);
    }

    private void stage(final ClientConnection connection, final byte[] bytes, final long ingressNanos)
    {
        if (connection.isClosing())
        {
            return;
        }
        connection.staging().putBytes(connection.stagedLength(), bytes);
        if (connection.staged(bytes.length, ingressNanos))
        {
            touched.add(connection);
        }
    }
}
