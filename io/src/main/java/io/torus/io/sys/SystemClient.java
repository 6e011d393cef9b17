package io.torus.io.sys;

import io.torus.core.pipeline.IngressPublisher;
import io.torus.core.server.Account;
import io.torus.core.server.ClientConnection;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The server's internal client in the system account (Go's {@code s.sys.client}): a {@link ClientConnection} with an
 * {@link InternalChannel} instead of a socket, and a thread of its own that parses what the matching stage delivers
 * to it and publishes through its own {@link IngressPublisher}, so its messages take the same path as any client's
 * and reach only the system account's subscribers.
 * <p>
 * Threading: {@link #subscribe}, {@link #publish} and the handlers run on the client's thread ("torus-system");
 * {@link #execute} may be called from any thread and queues work for it. Everything it does is off the per-message
 * path of ordinary clients: the matching stage treats it as one more connection.
 */
final class SystemClient implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger("io.torus.server");
    private static final Object STOP = new Object();

    /** What a subscription of the system client does with a message it receives. System client thread. */
    interface MessageHandler
    {
        void onMessage(String subject, String reply, byte[] headers, byte[] payload);
    }

    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final InternalChannel channel = new InternalChannel(inbox);
    private final ClientConnection connection;
    private final IngressPublisher publisher;
    private final MsgFrameDecoder decoder = new MsgFrameDecoder();
    private final MsgFrameDecoder.FrameHandler frames = new MsgFrameDecoder.FrameHandler()
    {
        @Override
        public void onMessage(final String subject, final String sid, final String reply, final byte[] headers,
            final byte[] payload)
        {
            dispatch(subject, sid, reply, headers, payload);
        }

        @Override
        public void onPong()
        {
            pongs.release();
        }
    };
    /** PONGs received: each confirms what the client published before its PING was delivered. */
    private final Semaphore pongs = new Semaphore(0);
    /** Handlers by sid (1-based). System client thread only after start. */
    private final List<MessageHandler> handlers = new ArrayList<>();
    private final UnsafeBuffer subjectView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer payloadView = new UnsafeBuffer(0, 0);
    private final Thread thread;
    /** A periodic task: runs on the client's thread, returns the delay to its next run (ns). Set before start. */
    private LongSupplier timer;
    private long timerDeadline;

    SystemClient(final Account account, final IngressPublisher publisher)
    {
        this.connection = new ClientConnection(0, channel, account);
        // Requests arrive with their headers (Accept-Encoding); set before the connection's first operation enters
        // the ring, which publishes it to the matching thread.
        connection.connectFlags(true, false, true, false);
        this.publisher = publisher;
        this.thread = new Thread(this::run, "torus-system");
        thread.setDaemon(true);
    }

    Account account()
    {
        return connection.account();
    }

    /** Subscriptions this client made: interest in its account beyond these is someone else's. */
    int subscriptionCount()
    {
        return handlers.size();
    }

    void start()
    {
        thread.start();
    }

    /** Runs {@code task} on the client's thread after {@code firstDelayNanos}, then after each delay it returns. */
    void timer(final long firstDelayNanos, final LongSupplier task)
    {
        timer = task;
        timerDeadline = System.nanoTime() + firstDelayNanos;
    }

    /** Queues work for the client's thread; dropped once it is stopped. Any thread. */
    void execute(final Runnable task)
    {
        if (thread.isAlive())
        {
            inbox.add(task);
        }
    }

    /** Subscribes through the ring. Before {@link #start} (on the starting thread) or on the client's thread. */
    void subscribe(final String subject, final MessageHandler handler)
    {
        handlers.add(handler);
        final byte[] s = subject.getBytes(StandardCharsets.UTF_8);
        final byte[] sid = Integer.toString(handlers.size()).getBytes(StandardCharsets.US_ASCII);
        final byte[] arg = new byte[s.length + sid.length];
        System.arraycopy(s, 0, arg, 0, s.length);
        System.arraycopy(sid, 0, arg, s.length, sid.length);
        subjectView.wrap(arg);
        publisher.publishSubscribe(connection, subjectView, 0, s.length, 0, 0, s.length, sid.length);
    }

    /** Publishes a message from the system account, as a client's PUB. The client's thread only. */
    void publish(final String subject, final String reply, final byte[] payload)
    {
        publish(subject, reply, null, payload);
    }

    /** With a header block (NATS/1.0 ...), as a client's HPUB, when {@code headers} is not null. */
    void publish(final String subject, final String reply, final byte[] headers, final byte[] body)
    {
        final byte[] payload;
        if (headers == null)
        {
            payload = body;
        }
        else
        {
            payload = new byte[headers.length + body.length];
            System.arraycopy(headers, 0, payload, 0, headers.length);
            System.arraycopy(body, 0, payload, headers.length, body.length);
        }
        final byte[] s = subject.getBytes(StandardCharsets.UTF_8);
        final byte[] r = reply == null ? new byte[0] : reply.getBytes(StandardCharsets.UTF_8);
        final byte[] arg = new byte[s.length + r.length];
        System.arraycopy(s, 0, arg, 0, s.length);
        System.arraycopy(r, 0, arg, s.length, r.length);
        subjectView.wrap(arg);
        payloadView.wrap(payload);
        publisher.publishMessage(connection, subjectView, 0, s.length, s.length, r.length, payloadView, 0,
            headers == null ? -1 : headers.length, payload.length);
    }

    /**
     * Runs {@code publishing} on the client's thread, then a PING, and waits for its PONG: once it is back, what was
     * published has been delivered to its subscribers' connections. Any thread but the client's; false on timeout.
     */
    boolean publishAndConfirm(final Runnable publishing, final long timeoutNanos)
    {
        if (!thread.isAlive())
        {
            return false;
        }
        pongs.drainPermits();
        execute(() ->
        {
            publishing.run();
            publisher.publishPing(connection);
        });
        try
        {
            return pongs.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run()
    {
        while (true)
        {
            final Object work;
            try
            {
                work = timer == null ? inbox.take() :
                    inbox.poll(timerDeadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
            catch (final InterruptedException e)
            {
                return;
            }
            if (work == STOP)
            {
                return;
            }
            try
            {
                if (work == null)
                {
                    timerDeadline = System.nanoTime() + timer.getAsLong();
                }
                else if (work instanceof byte[])
                {
                    final byte[] bytes = (byte[])work;
                    channel.consumed(bytes.length);
                    decoder.decode(bytes, frames);
                }
                else
                {
                    ((Runnable)work).run();
                }
            }
            catch (final RuntimeException e)
            {
                // One bad request must not stop the system account's services.
                LOG.error("System account internal client failed", e);
            }
        }
    }

    private void dispatch(final String subject, final String sid, final String reply, final byte[] headers,
        final byte[] payload)
    {
        final int index;
        try
        {
            index = Integer.parseInt(sid) - 1;
        }
        catch (final NumberFormatException e)
        {
            return;
        }
        if (index >= 0 && index < handlers.size())
        {
            handlers.get(index).onMessage(subject, reply, headers, payload);
        }
    }

    /** Stops the thread after the work already queued; waits for it a little. */
    @Override
    public void close()
    {
        inbox.add(STOP);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
